package io.mitai.ledger.embedded;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256 as the embedded ledger uses it: block hashes, creator hashes and transaction ids. */
final class Sha256 {

  private static final HexFormat HEX = HexFormat.of();

  private Sha256() {}

  static byte[] of(byte[] bytes) {
    return digest().digest(bytes);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(of(bytes));
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
