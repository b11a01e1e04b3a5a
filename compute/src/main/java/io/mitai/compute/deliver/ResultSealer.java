package io.mitai.compute.deliver;

import io.mitai.compute.ops.OperationResult;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * Delivers a result to the requester only: HPKE (RFC 9180) base mode with DHKEM(X25519,
 * HKDF-SHA256), HKDF-SHA256, AES-128-GCM, to the requester's X25519 public key. The plaintext is
 * the canonical encoding; its SHA-256 (the ledger's result hash) is computed before encryption, so
 * anyone holding the decrypted bytes can check them against the ledger.
 */
public final class ResultSealer {
  /** HPKE info string: binds ciphertexts to this use. */
  static final byte[] INFO = "mitai-result-v1".getBytes(StandardCharsets.US_ASCII);

  private ResultSealer() {}

  /** A sealed result: HPKE encapsulated key, ciphertext, and the plaintext's SHA-256. */
  public record SealedResult(byte[] enc, byte[] ciphertext, byte[] resultHash) {
    public SealedResult {
      enc = enc.clone();
      ciphertext = ciphertext.clone();
      resultHash = resultHash.clone();
    }
  }

  static HPKE suite() {
    return new HPKE(
        HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
  }

  /**
   * The canonical document for a task's result: {taskId, operation, result}. The node adds nothing
   * to these bytes; it serves them as they are, so the hash covers what is served.
   */
  public static SortedMap<String, Object> document(String taskId, OperationResult result) {
    SortedMap<String, Object> doc = new TreeMap<>();
    doc.put("taskId", taskId);
    doc.put("operation", result.operation().name());
    doc.put("assurance", "MPC_SEMI_HONEST");
    doc.put("result", result.canonical());
    return doc;
  }

  /** Encrypts the canonical bytes to the requester's 32-byte X25519 public key. */
  public static SealedResult seal(byte[] canonical, byte[] requesterPublicKey, byte[] aad) {
    HPKE hpke = suite();
    try {
      HPKEContextWithEncapsulation ctx =
          hpke.setupBaseS(new X25519PublicKeyParameters(requesterPublicKey, 0), INFO);
      byte[] ct = ctx.seal(aad, canonical);
      return new SealedResult(ctx.getEncapsulation(), ct, sha256(canonical));
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decrypts with the requester's private key; throws if tampered with. */
  public static byte[] open(SealedResult sealed, byte[] requesterPrivateKey, byte[] aad)
      throws InvalidCipherTextException {
    HPKE hpke = suite();
    X25519PrivateKeyParameters sk = new X25519PrivateKeyParameters(requesterPrivateKey, 0);
    AsymmetricCipherKeyPair kp = new AsymmetricCipherKeyPair(sk.generatePublicKey(), sk);
    byte[] pt = hpke.open(sealed.enc(), kp, INFO, aad, sealed.ciphertext(), null, null, null);
    if (!Arrays.equals(sha256(pt), sealed.resultHash())) {
      throw new InvalidCipherTextException("plaintext does not match the result hash");
    }
    return pt;
  }

  /** A fresh X25519 key pair for a requester: {private, public}, 32 bytes each. */
  public static byte[][] generateKeyPair(SecureRandom random) {
    X25519PrivateKeyParameters sk = new X25519PrivateKeyParameters(random);
    return new byte[][] {sk.getEncoded(), sk.generatePublicKey().getEncoded()};
  }

  static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
