package io.mitai.platform.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM text of certificates and public keys (RFC 7468), 64-character lines. */
public final class Pem {

  private Pem() {}

  public static String certificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new KeyStoreFailure("a certificate could not be encoded", e);
    }
  }

  public static String publicKey(PublicKey key) {
    return block("PUBLIC KEY", key.getEncoded());
  }

  /**
   * The key of a {@code PUBLIC KEY} block (or bare base64 SubjectPublicKeyInfo), as organisations
   * register it on the ledger.
   *
   * @throws IllegalArgumentException the text is not an EC or RSA public key
   */
  public static PublicKey parsePublicKey(String text) {
    String body =
        text.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM public key: " + e.getMessage(), e);
    }
    for (String algorithm : new String[] {"EC", "RSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Try the next algorithm.
      }
    }
    throw new IllegalArgumentException("not an EC or RSA public key");
  }

  private static String block(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }
}
