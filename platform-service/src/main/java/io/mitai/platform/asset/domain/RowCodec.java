package io.mitai.platform.asset.domain;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plaintext layout inside an asset's encrypted stream: rows of the CSV as uploaded (text, not
 * yet typed), each cell a 4-byte big-endian length (-1 for an empty cell) and its UTF-8 bytes; a
 * fixed number of cells per row.
 */
public final class RowCodec {

  private RowCodec() {}

  public static void write(DataOutputStream out, List<String> row) throws IOException {
    for (String cell : row) {
      if (cell.isEmpty()) {
        out.writeInt(-1);
      } else {
        byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
      }
    }
  }

  public static DataOutputStream output(OutputStream out) {
    return new DataOutputStream(out);
  }

  /** Reads rows of {@code columns} cells ({@code ""} for empty). */
  public static final class Input {
    private final DataInputStream in;
    private final int columns;

    public Input(InputStream in, int columns) {
      this.in = new DataInputStream(in);
      this.columns = columns;
    }

    public Optional<List<String>> next() throws IOException {
      List<String> row = new ArrayList<>(columns);
      for (int i = 0; i < columns; i++) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException e) {
          if (i == 0) {
            return Optional.empty();
          }
          throw new IOException("a row is cut short");
        }
        if (length == -1) {
          row.add("");
        } else {
          row.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
      }
      return Optional.of(row);
    }
  }
}
