package io.mitai.ledger.embedded;

import io.mitai.ledger.codec.BlockJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A ledger export for offline audit: JSON Lines, one block per line with its header, hash,
 * tree-head signature and transaction envelopes, all base64 of the exact stored bytes. The export
 * adds no trust of its own: the verifier re-derives everything from those bytes.
 */
public final class LedgerExport {

  private LedgerExport() {}

  /** One exported block (one line). */
  public record Line(
      long number, String header, String hash, String signature, List<String> transactions) {}

  /** Writes every block of {@code source} to {@code out}. */
  public static void write(BlockSource source, OutputStream out) throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    long next = 0;
    while (true) {
      List<BlockSource.StoredBlock> page = source.blocks(next, 200);
      if (page.isEmpty()) {
        return;
      }
      for (BlockSource.StoredBlock block : page) {
        Line line =
            new Line(
                block.number(),
                b64.encodeToString(block.header()),
                b64.encodeToString(block.hash()),
                b64.encodeToString(block.signature()),
                block.envelopes().stream().map(b64::encodeToString).toList());
        out.write(BlockJson.encode(line));
        out.write('\n');
        next = block.number() + 1;
      }
    }
  }

  /** Reads an export into a block source, in file order (a reordered file shows as such). */
  public static BlockSource read(Path file) throws IOException {
    List<BlockSource.StoredBlock> blocks = new ArrayList<>();
    Base64.Decoder b64 = Base64.getDecoder();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      while ((text = reader.readLine()) != null) {
        if (text.isBlank()) {
          continue;
        }
        Line line = BlockJson.decode(text.getBytes(StandardCharsets.UTF_8), Line.class);
        blocks.add(
            new BlockSource.StoredBlock(
                line.number(),
                b64.decode(line.header()),
                b64.decode(line.hash()),
                b64.decode(line.signature()),
                line.transactions().stream().map(b64::decode).toList()));
      }
    }
    return (from, limit) -> {
      // Positional, not by number: the verifier must see the file exactly as it is ordered.
      int start = (int) Math.min(from, blocks.size());
      return blocks.subList(start, Math.min(blocks.size(), start + limit));
    };
  }
}
