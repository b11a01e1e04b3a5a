package io.mitai.chaincode.memory;

import java.util.Comparator;

/**
 * Fabric's state databases order keys by their UTF-8 bytes, which is Unicode code point order.
 * Java's {@code String.compareTo} orders UTF-16 units and disagrees above U+FFFF (the shim's
 * composite-key range end is U+10FFFF), so every sorted key structure uses this order.
 */
public final class KeyOrder {

  /** Code point (= UTF-8 byte) order of state keys. */
  public static final Comparator<String> CODE_POINTS = KeyOrder::compare;

  private KeyOrder() {}

  /** Compares two keys by code point, as {@link Comparator#compare}. */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
