package io.mitai.platform.asset.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The content commitment of a data set: SHA-256 over its canonical encoding, lowercase hex.
 *
 * <p>Canonical encoding, as bytes: {@code "mitai-asset-v1\n"}; then the header, each column as
 * {@code ns(name) ns(TYPE)}, then {@code "\n"}; then each row in upload order, each cell as {@code
 * ns(canonical value)} or {@code "~"} for an empty cell, then {@code "\n"}. {@code ns(s)} is a
 * netstring: the decimal length of UTF-8 {@code s} in bytes, {@code ":"}, the bytes, {@code ","}.
 * Canonical values are defined by {@link ColumnType#canonical}.
 */
public final class Commitment {

  static final byte[] PREFIX = "mitai-asset-v1\n".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest digest;
  private final List<ColumnType> types;

  public Commitment(List<String> names, List<ColumnType> types) {
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.types = List.copyOf(types);
    digest.update(PREFIX);
    for (int i = 0; i < names.size(); i++) {
      netstring(names.get(i));
      netstring(types.get(i).name());
    }
    digest.update((byte) '\n');
  }

  /**
   * Adds one row.
   *
   * @return the index of the first cell that is not a value of its column's type, or -1
   */
  public int add(List<String> row) {
    for (int i = 0; i < row.size(); i++) {
      String cell = row.get(i);
      if (cell.isEmpty()) {
        digest.update((byte) '~');
        continue;
      }
      var canonical = types.get(i).canonical(cell);
      if (canonical.isEmpty()) {
        return i;
      }
      netstring(canonical.get());
    }
    digest.update((byte) '\n');
    return -1;
  }

  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  private void netstring(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
    digest.update((byte) ',');
  }
}
