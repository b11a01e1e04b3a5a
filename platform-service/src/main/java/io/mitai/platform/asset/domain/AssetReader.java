package io.mitai.platform.asset.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.compute.ops.Table;
import io.mitai.platform.asset.persistence.StoredAsset;
import io.mitai.platform.keys.KeyVault;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives a compute party its own organisation's asset as a {@link Table}: only an asset the party's
 * organisation owns, only the requested columns, decrypted as the protocol streams over the rows.
 *
 * <p>Every iteration of the table opens the ciphertext file afresh and decrypts it segment by
 * segment ({@link SegmentedCipher}); no plaintext is written anywhere and only the requested
 * columns' cells are kept from each row. The data key lives in memory for the session only.
 */
@ApplicationScoped
public class AssetReader {

  @Inject KeyVault keys;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "mitai.data-dir", defaultValue = "./data")
  String dataDir;

  /** The asset cannot be given to its party; the message names the asset, never a value. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Opens {@code columns} of {@code assetId}, which {@code orgId} must own, as a table whose
   * columns are called {@code names}. Checks that the data key unwraps and the first segment
   * authenticates.
   */
  public Table open(String orgId, String assetId, List<String> columns, List<String> names)
      throws Unreadable {
    StoredAsset asset =
        QuarkusTransaction.requiringNew()
            .call(() -> Optional.ofNullable(StoredAsset.<StoredAsset>findById(assetId)))
            .orElseThrow(() -> new Unreadable("asset " + assetId + " is not stored here", null));
    if (!asset.orgId.equals(orgId)) {
      // A party decrypts its own organisation's data only.
      throw new Unreadable("asset " + assetId + " does not belong to " + orgId, null);
    }
    if (asset.destroyedAt != null || asset.wrappedKey == null || asset.ciphertext == null) {
      throw new Unreadable("asset " + assetId + " is destroyed: its data key is gone", null);
    }
    List<String> schema = new ArrayList<>();
    try {
      for (JsonNode c : json.readTree(asset.schemaJson).path("columns")) {
        schema.add(c.path("name").asText());
      }
    } catch (JsonProcessingException e) {
      throw new Unreadable("asset " + assetId + " has an unreadable schema", e);
    }
    int[] indices = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      indices[i] = schema.indexOf(columns.get(i));
      if (indices[i] < 0) {
        throw new Unreadable("asset " + assetId + " has no column " + columns.get(i), null);
      }
    }
    SecretKey dataKey;
    try {
      dataKey =
          KeyWrap.unwrap(
              keys.kek(orgId, asset.kekAlias), asset.wrappedKey, assetId, asset.kekAlias);
    } catch (GeneralSecurityException e) {
      throw new Unreadable("the data key of asset " + assetId + " does not unwrap", e);
    }
    Path file = Path.of(dataDir).toAbsolutePath().normalize().resolve(asset.ciphertext);
    Rows rows = new Rows(file, dataKey, asset.noncePrefix, assetId, schema.size(), indices);
    try (RowIterator first = rows.iterator()) {
      first.hasNext();
    } catch (UncheckedIOException e) {
      throw new Unreadable(
          "asset " + assetId + " cannot be decrypted: " + e.getCause().getMessage(), e);
    }
    return new Table(names, rows);
  }

  /** The decrypted rows, projected to the requested columns; re-iterable. */
  private record Rows(
      Path file, SecretKey key, byte[] noncePrefix, String assetId, int width, int[] indices)
      implements Iterable<List<String>> {
    @Override
    public RowIterator iterator() {
      try {
        InputStream in =
            new SegmentedCipher.Reader(Files.newInputStream(file), key, noncePrefix, assetId);
        return new RowIterator(in, new RowCodec.Input(in, width), indices);
      } catch (IOException e) {
        throw new UncheckedIOException("asset " + assetId + " cannot be read", e);
      }
    }
  }

  /** Reads ahead one row; closes the file at the end (or when closed early). */
  private static final class RowIterator implements Iterator<List<String>>, AutoCloseable {
    private final InputStream in;
    private final RowCodec.Input rows;
    private final int[] indices;
    private Optional<List<String>> next;
    private boolean fetched;
    private boolean closed;

    RowIterator(InputStream in, RowCodec.Input rows, int[] indices) {
      this.in = in;
      this.rows = rows;
      this.indices = indices;
    }

    @Override
    public boolean hasNext() {
      if (!fetched) {
        try {
          next = closed ? Optional.empty() : rows.next();
        } catch (IOException e) {
          close();
          throw new UncheckedIOException(e);
        }
        fetched = true;
        if (next.isEmpty()) {
          close();
        }
      }
      return next.isPresent();
    }

    @Override
    public List<String> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      fetched = false;
      List<String> row = next.get();
      List<String> projected = new ArrayList<>(indices.length);
      for (int i : indices) {
        projected.add(row.get(i));
      }
      return projected;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          in.close();
        } catch (IOException e) {
          // Nothing was written; a failed close of a read-only stream loses nothing.
        }
      }
    }
  }
}
