package io.mitai.compute.enclave;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Nonce;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The cryptography of one enclave job, shared by the worker and the node so that both sides compute
 * the same bytes. All labels are ASCII and end in a NUL byte where they prefix other data.
 *
 * <ul>
 *   <li><b>Job hash</b> = SHA-256("mitai/tee/job/v1\0" ‖ JOB header bytes): binds every released
 *       key, input segment and the result to this exact job (task, algorithm, measurement, params,
 *       inputs' owners and columns, result key, nonce).
 *   <li><b>Key release</b>: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 *       AES-128-GCM, to the worker's attested ephemeral X25519 key; info {@code
 *       mitai-tee-key-release-v1}; AAD = job hash ‖ input index (u32). The plaintext is a fresh
 *       32-byte per-task input key.
 *   <li><b>Input segments</b>: AES-256-GCM under that key, nonce = 4 zero bytes ‖ segment (u64),
 *       AAD = "mitai/tee/input/v1\0" ‖ job hash ‖ index (u32) ‖ segment (u64) ‖ last (u8), so a
 *       reordered, dropped, truncated or cross-job segment does not authenticate.
 *   <li><b>Result MAC</b>: k = HKDF-SHA256(X25519(worker, node job key), salt = job hash, info =
 *       "mitai/tee/result-mac/v1"); tag = HMAC-SHA256(k, "mitai/tee/result/v1\0" ‖ job hash ‖
 *       result hash ‖ SHA-256(enc) ‖ SHA-256(ciphertext)). Only the holder of the attested worker
 *       key can make it, so the node knows the sealed result came from the attested worker.
 *   <li><b>Attach nonce</b> (an input owner's own connection to a shared job) = SHA-256(
 *       "mitai/tee/attach/v1\0" ‖ the owner's fresh nonce ‖ job hash): the evidence the owner gets
 *       binds its nonce <em>and</em> the exact job (task, measurement, inputs and their owners'
 *       keys, result key, parameters) to the job's worker key.
 *   <li><b>Owner's release statement</b>, signed (ECDSA P-256/SHA-256) with the owner's registered
 *       key: "mitai/tee/owner-release/v1\0" ‖ job hash ‖ index (u32) ‖ SHA-256(enc ‖ wrapped key).
 *       The worker takes an attached input only with a statement that verifies under the key the
 *       job names for that input's owner, so no one but that owner fills its slot.
 * </ul>
 */
public final class JobCrypto {
  /** X.509 SubjectPublicKeyInfo prefix of an X25519 key (RFC 8410), followed by the 32 bytes. */
  private static final byte[] X25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00
  };

  static final byte[] KEY_RELEASE_INFO =
      "mitai-tee-key-release-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JOB_LABEL = "mitai/tee/job/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INPUT_LABEL =
      "mitai/tee/input/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAC_INFO =
      "mitai/tee/result-mac/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESULT_LABEL =
      "mitai/tee/result/v1\0".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] ATTACH_LABEL =
      "mitai/tee/attach/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DEALER_LABEL =
      "mitai/tee/dealer/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OWNER_RELEASE_LABEL =
      "mitai/tee/owner-release/v1\0".getBytes(StandardCharsets.US_ASCII);

  /** Plaintext bytes per input segment. */
  public static final int SEGMENT = 64 * 1024;

  private JobCrypto() {}

  static HPKE hpke() {
    return new HPKE(
        HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
  }

  /** The job hash of a JOB header. */
  public static Bytes jobHash(byte[] jobHeader) {
    return Bytes.sha256(JOB_LABEL, jobHeader);
  }

  /** The nonce a shared job's evidence binds for an owner who attached with {@code ownerNonce}. */
  public static Nonce attachNonce(Nonce ownerNonce, Bytes jobHash) {
    return new Nonce(
        Bytes.sha256(ATTACH_LABEL, ownerNonce.value().toByteArray(), jobHash.toByteArray()));
  }

  /**
   * The nonce an enclave dealer's evidence binds: the task and a fresh salt, so that a party on
   * another node, which did not choose the salt, still sees the evidence was made for this task.
   */
  public static Nonce dealerNonce(String taskId, Bytes salt) {
    return new Nonce(
        Bytes.sha256(DEALER_LABEL, taskId.getBytes(StandardCharsets.UTF_8), salt.toByteArray()));
  }

  /** What an owner signs to release input {@code index} of a shared job with this wrapped key. */
  static byte[] ownerReleaseStatement(Bytes jobHash, int index, byte[] enc, byte[] wrappedKey) {
    return ByteBuffer.allocate(OWNER_RELEASE_LABEL.length + 32 + 4 + 32)
        .put(OWNER_RELEASE_LABEL)
        .put(jobHash.toByteArray())
        .putInt(index)
        .put(Bytes.sha256(enc, wrappedKey).toByteArray())
        .array();
  }

  /** The owner's signature of its release statement. */
  static byte[] signRelease(java.security.PrivateKey ownerKey, byte[] statement) {
    try {
      java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
      s.initSign(ownerKey);
      s.update(statement);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the owner's key cannot sign a release: " + e, e);
    }
  }

  /** Whether {@code signature} is the owner's (its registered P-256 key) on {@code statement}. */
  static boolean verifyRelease(PublicKey ownerKey, byte[] statement, byte[] signature) {
    try {
      java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
      s.initVerify(ownerKey);
      s.update(statement);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** An owner's registered public key from its PEM (or bare base64) SubjectPublicKeyInfo. */
  static PublicKey ownerKey(String pem) throws EnclaveException {
    String b64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(java.util.Base64.getDecoder().decode(b64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new EnclaveException(
          EnclaveFailure.PROTOCOL_VIOLATION, "an input owner's key is not an EC public key");
    }
  }

  /** A 32-byte X25519 public key as X.509 SubjectPublicKeyInfo DER (the attested form). */
  public static Bytes x25519Spki(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("an X25519 public key is 32 bytes");
    }
    byte[] spki = Arrays.copyOf(X25519_SPKI_PREFIX, X25519_SPKI_PREFIX.length + 32);
    System.arraycopy(raw, 0, spki, X25519_SPKI_PREFIX.length, 32);
    return Bytes.of(spki);
  }

  /** The JCA form of a raw X25519 public key (what {@code Attester.attest} takes). */
  public static PublicKey x25519PublicKey(byte[] raw) {
    try {
      return KeyFactory.getInstance("X25519")
          .generatePublic(new X509EncodedKeySpec(x25519Spki(raw).toByteArray()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 is available on every Java 17 platform", e);
    }
  }

  /** A fresh X25519 private key, 32 bytes (the caller wipes it). */
  static byte[] newPrivateKey(SecureRandom random) {
    return new X25519PrivateKeyParameters(random).getEncoded();
  }

  static byte[] publicKey(byte[] privateKey) {
    return new X25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
  }

  private static byte[] indexAad(Bytes jobHash, int index) {
    return ByteBuffer.allocate(36).put(jobHash.toByteArray()).putInt(index).array();
  }

  /** Wraps an input key to the worker's key: {enc, ciphertext}. */
  static byte[][] wrapKey(byte[] inputKey, byte[] workerPublicKey, Bytes jobHash, int index) {
    try {
      HPKEContextWithEncapsulation ctx =
          hpke().setupBaseS(new X25519PublicKeyParameters(workerPublicKey, 0), KEY_RELEASE_INFO);
      byte[] ct = ctx.seal(indexAad(jobHash, index), inputKey);
      return new byte[][] {ctx.getEncapsulation(), ct};
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens a released input key with the worker's private key, or fails KEY_UNWRAP_FAILED. */
  static byte[] unwrapKey(byte[] enc, byte[] wrapped, byte[] workerPrivateKey, Bytes jobHash, int i)
      throws EnclaveException {
    X25519PrivateKeyParameters sk = new X25519PrivateKeyParameters(workerPrivateKey, 0);
    AsymmetricCipherKeyPair kp = new AsymmetricCipherKeyPair(sk.generatePublicKey(), sk);
    try {
      byte[] key =
          hpke().open(enc, kp, KEY_RELEASE_INFO, indexAad(jobHash, i), wrapped, null, null, null);
      if (key.length != 32) {
        Arrays.fill(key, (byte) 0);
        throw new EnclaveException(
            EnclaveFailure.KEY_UNWRAP_FAILED, "input key " + i + " is not 32 bytes");
      }
      return key;
    } catch (InvalidCipherTextException | IllegalArgumentException e) {
      throw new EnclaveException(
          EnclaveFailure.KEY_UNWRAP_FAILED,
          "the released key of input " + i + " does not open for this job and worker key");
    }
  }

  private static GCMParameterSpec nonce(long segment) {
    return new GCMParameterSpec(128, ByteBuffer.allocate(12).putInt(0).putLong(segment).array());
  }

  private static byte[] segmentAad(Bytes jobHash, int index, long segment, boolean last) {
    return ByteBuffer.allocate(INPUT_LABEL.length + 32 + 4 + 8 + 1)
        .put(INPUT_LABEL)
        .put(jobHash.toByteArray())
        .putInt(index)
        .putLong(segment)
        .put((byte) (last ? 1 : 0))
        .array();
  }

  static byte[] sealSegment(
      byte[] key, Bytes jobHash, int index, long segment, boolean last, byte[] plain, int length) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), nonce(segment));
      c.updateAAD(segmentAad(jobHash, index, segment, last));
      return c.doFinal(plain, 0, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is available on every Java 17 platform", e);
    }
  }

  static byte[] openSegment(
      byte[] key, Bytes jobHash, int index, long segment, boolean last, byte[] sealed)
      throws EnclaveException {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), nonce(segment));
      c.updateAAD(segmentAad(jobHash, index, segment, last));
      return c.doFinal(sealed);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new EnclaveException(
          EnclaveFailure.INPUT_NOT_AUTHENTIC,
          "segment " + segment + " of input " + index + " does not authenticate");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is available on every Java 17 platform", e);
    }
  }

  private static byte[] macKey(byte[] ownPrivate, byte[] peerPublic, Bytes jobHash) {
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(new X25519PrivateKeyParameters(ownPrivate, 0));
    byte[] shared = new byte[32];
    agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublic, 0), shared, 0);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, jobHash.toByteArray(), MAC_INFO));
    byte[] k = new byte[32];
    hkdf.generateBytes(k, 0, 32);
    Arrays.fill(shared, (byte) 0);
    return k;
  }

  /** The result tag, from either side's private key and the other side's public key. */
  static byte[] resultMac(
      byte[] ownPrivate,
      byte[] peerPublic,
      Bytes jobHash,
      byte[] resultHash,
      byte[] enc,
      byte[] ciphertext) {
    byte[] k = macKey(ownPrivate, peerPublic, jobHash);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(k, "HmacSHA256"));
      mac.update(RESULT_LABEL);
      mac.update(jobHash.toByteArray());
      mac.update(resultHash);
      mac.update(Bytes.sha256(enc).toByteArray());
      mac.update(Bytes.sha256(ciphertext).toByteArray());
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is available on every Java 17 platform", e);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }
}
