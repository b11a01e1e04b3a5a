package io.mitai.platform.asset.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps an asset's data key under a key-encryption key: AES-256-GCM, random 12-byte nonce,
 * associated data {@code "mitai-dek-v1" || 0x00 || assetId || 0x00 || kekAlias}, so a wrapped key
 * only unwraps for its own asset and KEK. Output: nonce || ciphertext || tag.
 */
public final class KeyWrap {

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyWrap() {}

  public static byte[] wrap(SecretKey kek, SecretKey dataKey, String assetId, String kekAlias)
      throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(128, nonce));
    cipher.updateAAD(aad(assetId, kekAlias));
    byte[] raw = dataKey.getEncoded();
    try {
      byte[] sealed = cipher.doFinal(raw);
      return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  public static SecretKey unwrap(SecretKey kek, byte[] wrapped, String assetId, String kekAlias)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, Arrays.copyOfRange(wrapped, 0, 12)));
    cipher.updateAAD(aad(assetId, kekAlias));
    byte[] raw = cipher.doFinal(wrapped, 12, wrapped.length - 12);
    try {
      return new SecretKeySpec(raw, "AES");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static byte[] aad(String assetId, String kekAlias) {
    return ("mitai-dek-v1\0" + assetId + "\0" + kekAlias).getBytes(StandardCharsets.UTF_8);
  }
}
