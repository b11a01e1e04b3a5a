package io.mitai.platform.keys;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * An organisation's X25519 key for results sealed to it (HPKE, RFC 9180): the raw 32-byte keys as
 * RFC 7748 encodes them, which is what the compute module's {@code ResultSealer} takes.
 */
public final class ResultKey {

  private final byte[] privateKey;
  private final byte[] publicKey;

  private ResultKey(byte[] privateKey, byte[] publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  static ResultKey of(PrivateKey privateKey, PublicKey publicKey) throws IOException {
    X25519PrivateKeyParameters sk =
        (X25519PrivateKeyParameters) PrivateKeyFactory.createKey(privateKey.getEncoded());
    X25519PublicKeyParameters pk =
        (X25519PublicKeyParameters) PublicKeyFactory.createKey(publicKey.getEncoded());
    if (!java.util.Arrays.equals(sk.generatePublicKey().getEncoded(), pk.getEncoded())) {
      throw new IOException("the result key's certificate does not match its private key");
    }
    return new ResultKey(sk.getEncoded(), pk.getEncoded());
  }

  /** The 32-byte private scalar (a copy). */
  public byte[] privateKey() {
    return privateKey.clone();
  }

  /** The 32-byte public u-coordinate (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public String toString() {
    return "ResultKey[X25519]";
  }
}
