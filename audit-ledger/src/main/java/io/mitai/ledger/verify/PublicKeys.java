package io.mitai.ledger.verify;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * PEM ({@code BEGIN PUBLIC KEY}, SubjectPublicKeyInfo) of EC keys: the ledger's tree-head key, and
 * the party keys organisations register on the ledger.
 */
public final class PublicKeys {

  private PublicKeys() {}

  public static String toPem(PublicKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  public static PublicKey fromPem(String pem) throws GeneralSecurityException {
    String body =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("the public key is not valid PEM", e);
    }
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
  }
}
