package io.mitai.compute.tee.simulated;

import io.mitai.compute.tee.evidence.Bytes;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

/**
 * The key of Mitai's <b>simulated</b> TEE platform: an ordinary ECDSA P-256 key pair held in
 * software. It stands in for the hardware's attestation key so that the whole attestation flow can
 * run where no TEE exists. Whoever holds the private key can sign any claim, so evidence it signs
 * is only ever {@code TEE_SIMULATED}; the node trusts exactly the public key it is configured with.
 */
public final class SimulatedPlatformKey {
  private final KeyPair keyPair;

  private SimulatedPlatformKey(KeyPair keyPair) {
    this.keyPair = keyPair;
  }

  /** A new P-256 simulated platform key. */
  public static SimulatedPlatformKey generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return new SimulatedPlatformKey(g.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is available on every Java 17 platform", e);
    }
  }

  /** Wraps an existing P-256 key pair (e.g. loaded from the node's configuration). */
  public static SimulatedPlatformKey of(KeyPair keyPair) {
    Objects.requireNonNull(keyPair, "keyPair");
    if (!(keyPair.getPublic() instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException("the simulated platform key is ECDSA P-256");
    }
    return new SimulatedPlatformKey(keyPair);
  }

  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  @Override
  public String toString() {
    return "SimulatedPlatformKey[SIMULATED - not a TEE, spki-sha256="
        + Bytes.sha256(keyPair.getPublic().getEncoded()).hex()
        + "]";
  }
}
