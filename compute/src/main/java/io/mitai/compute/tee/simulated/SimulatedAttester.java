package io.mitai.compute.tee.simulated;

import io.mitai.compute.tee.evidence.Attester;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.Nonce;
import io.mitai.compute.tee.evidence.ReportDataBinding;
import io.mitai.compute.tee.evidence.TeePlatform;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;

/**
 * The simulated attester: signs (claimed code measurement, report data) with the {@link
 * SimulatedPlatformKey}. The measurement is whatever the worker claims — nothing measures it —
 * which is exactly why the result is only ever {@code TEE_SIMULATED}.
 */
public final class SimulatedAttester implements Attester {
  private final SimulatedPlatformKey platformKey;
  private final Measurement measurement;

  /**
   * @param measurement the SHA-256 of the worker's code artifact ({@link
   *     MeasurementKind#CODE_SHA256})
   */
  public SimulatedAttester(SimulatedPlatformKey platformKey, Measurement measurement) {
    this.platformKey = Objects.requireNonNull(platformKey, "platformKey");
    this.measurement = Objects.requireNonNull(measurement, "measurement");
    if (measurement.kind() != MeasurementKind.CODE_SHA256) {
      throw new IllegalArgumentException("the simulated platform measures CODE_SHA256 only");
    }
  }

  @Override
  public TeePlatform platform() {
    return TeePlatform.SIMULATED;
  }

  @Override
  public Evidence attest(Nonce nonce, PublicKey workerKey) {
    Bytes reportData = ReportDataBinding.of(nonce, workerKey);
    byte[] signed =
        SimulatedEvidence.signedPart(
            measurement.value(), reportData, Bytes.of(platformKey.publicKey().getEncoded()));
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(platformKey.privateKey());
      s.update(signed);
      return new Evidence(
          EvidenceFormat.MITAI_SIMULATED_V1, Bytes.of(SimulatedEvidence.encode(signed, s.sign())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 signing failed", e);
    }
  }
}
