package io.mitai.compute.share;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A PRG seed: 16 bytes (AES-128 key) or 32 bytes (AES-256 key). Compact correlated randomness
 * travels as seeds instead of the vectors they expand to. Equality is by content.
 */
public record Seed(byte[] bytes) {
  public static final int DEFAULT_LENGTH = 16;

  public Seed {
    if (bytes == null || (bytes.length != 16 && bytes.length != 32)) {
      throw new IllegalArgumentException("a seed is 16 or 32 bytes");
    }
    bytes = bytes.clone();
  }

  public static Seed random(SecureRandom random) {
    byte[] b = new byte[DEFAULT_LENGTH];
    random.nextBytes(b);
    return new Seed(b);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Seed s && Arrays.equals(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "Seed["
        + bytes.length
        + " bytes, fingerprint "
        + HexFormat.of().formatHex(bytes, 0, 2)
        + "..]";
  }
}
