package io.mitai.ledger.embedded;

import java.util.Comparator;

/**
 * Fabric's state databases order keys by their UTF-8 bytes, which is Unicode code point order.
 * Java's {@code String.compareTo} orders UTF-16 units and disagrees above U+FFFF (the shim's
 * composite-key range end is U+10FFFF), so every sorted key structure here uses this order.
 */
final class KeyOrder {

  static final Comparator<String> CODE_POINTS = KeyOrder::compare;

  private KeyOrder() {}

  static int compare(String a, String b) {
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
