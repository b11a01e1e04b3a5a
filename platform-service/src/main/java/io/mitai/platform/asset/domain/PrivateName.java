package io.mitai.platform.asset.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name an asset registered with {@code private=true} has on the shared ledger: {@code private:}
 * and the SHA-256 (hex) of {@code "mitai-asset-name-v1\n" || salt || UTF-8(name)}, with a 16-byte
 * random salt kept on the owner's node only. Other members see an opaque label; the owner can later
 * prove which name it committed to by revealing the name and the salt.
 */
public final class PrivateName {

  static final String PREFIX = "private:";
  private static final byte[] DOMAIN = "mitai-asset-name-v1\n".getBytes(StandardCharsets.US_ASCII);

  private PrivateName() {}

  public static String of(String name, byte[] salt) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(DOMAIN);
      sha256.update(salt);
      sha256.update(name.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
