package io.mitai.compute.tee.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string. Evidence, measurements and report data are compared and hashed often; a
 * value type keeps records that hold them truly immutable and gives them content equality. {@link
 * #toString()} is lower-case hex.
 */
public final class Bytes {
  /** The empty byte string. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] value;

  private Bytes(byte[] value) {
    this.value = value;
  }

  /** A copy of {@code value}; later changes to the array do not affect the result. */
  public static Bytes of(byte[] value) {
    return new Bytes(value.clone());
  }

  /** A copy of {@code value[from, to)}. */
  public static Bytes of(byte[] value, int from, int to) {
    return new Bytes(Arrays.copyOfRange(value, from, to));
  }

  /** Parses hex, either case, no separators. */
  public static Bytes fromHex(String hex) {
    return new Bytes(HEX.parseHex(hex));
  }

  /** SHA-256 of {@code data}. */
  public static Bytes sha256(byte[]... data) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] d : data) {
        digest.update(d);
      }
      return new Bytes(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  public int length() {
    return value.length;
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return value.clone();
  }

  /** The byte at {@code index}, as an unsigned value. */
  public int unsignedAt(int index) {
    return value[index] & 0xff;
  }

  /** Bytes {@code [from, to)} of this string. */
  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(value, from, to));
  }

  /** Whether every byte is zero (true for the empty string). */
  public boolean isAllZero() {
    for (byte b : value) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Constant-time comparison, for values an attacker may probe byte by byte. */
  public boolean constantTimeEquals(Bytes other) {
    return MessageDigest.isEqual(value, other.value);
  }

  public String hex() {
    return HEX.formatHex(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
