package io.mitai.compute.tee.simulated;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.EvidenceVerifier;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.Policies;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TcbStatus;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.TeePlatform;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Verifies simulated evidence against the one configured simulated platform public key. Checks, in
 * order: format and structure; the embedded platform key equals the configured one; the signature
 * verifies with the configured key; then the common {@link Policies} (assurance, report data,
 * measurement). The result is always {@link TeeAssurance#TEE_SIMULATED}: {@link VerifiedEvidence}
 * refuses any other combination, so this path cannot produce a hardware claim.
 */
public final class SimulatedEvidenceVerifier implements EvidenceVerifier {
  private final PublicKey trustedPlatformKey;
  private final Bytes trustedSpki;

  public SimulatedEvidenceVerifier(PublicKey trustedPlatformKey) {
    this.trustedPlatformKey = Objects.requireNonNull(trustedPlatformKey, "trustedPlatformKey");
    this.trustedSpki = Bytes.of(trustedPlatformKey.getEncoded());
  }

  @Override
  public VerifiedEvidence verify(Evidence evidence, Expectation expected, Instant at)
      throws EvidenceRejectedException {
    Objects.requireNonNull(at, "at");
    if (evidence.format() != EvidenceFormat.MITAI_SIMULATED_V1) {
      throw new EvidenceRejectedException(
          RefusalReason.UNSUPPORTED_FORMAT, "not simulated evidence: " + evidence.format());
    }
    SimulatedEvidence decoded = SimulatedEvidence.decode(evidence.payload());
    // Compared before the signature so that "signed by another simulated platform" is reported as
    // such; the signature below is still checked with the configured key, never the embedded one.
    if (!decoded.platformKeySpki().equals(trustedSpki)) {
      throw new EvidenceRejectedException(
          RefusalReason.SIMULATED_KEY_NOT_TRUSTED,
          "signed by simulated platform key "
              + Bytes.sha256(decoded.platformKeySpki().toByteArray()).hex());
    }
    if (!signatureVerifies(decoded)) {
      throw new EvidenceRejectedException(
          RefusalReason.SIMULATED_SIGNATURE_INVALID, "simulated platform signature invalid");
    }
    VerifiedEvidence result =
        new VerifiedEvidence(
            TeePlatform.SIMULATED,
            TeeAssurance.TEE_SIMULATED,
            evidence.sha256(),
            List.of(new Measurement(MeasurementKind.CODE_SHA256, decoded.measurement())),
            TcbStatus.NOT_APPLICABLE_SIMULATED,
            List.of(),
            false,
            decoded.reportData(),
            at);
    return Policies.enforce(result, expected);
  }

  private boolean signatureVerifies(SimulatedEvidence decoded) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initVerify(trustedPlatformKey);
      s.update(decoded.signedPart().toByteArray());
      return s.verify(decoded.signature().toByteArray());
    } catch (java.security.SignatureException e) {
      // A DER-malformed signature is a bad signature, not malformed evidence.
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 verification unavailable", e);
    }
  }
}
