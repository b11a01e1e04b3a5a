package io.mitai.platform.tee;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.enclave.JobCrypto;
import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceVerifiers;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.Nonce;
import io.mitai.compute.tee.simulated.SimulatedAttester;
import io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier;
import io.mitai.compute.tee.simulated.SimulatedPlatformKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The owner's key-release decision: each refusal, and the one way to a release. */
class KeyReleaseTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final Instant NOW = Instant.parse("2026-11-24T07:00:00Z");
  static final SimulatedPlatformKey PLATFORM = SimulatedPlatformKey.generate(RANDOM);
  static final String JOIN = "11".repeat(32);
  static final String OTHER = "22".repeat(32);

  final EvidenceVerifiers verifier =
      new EvidenceVerifiers(
          Map.of(
              EvidenceFormat.MITAI_SIMULATED_V1,
              new SimulatedEvidenceVerifier(PLATFORM.publicKey())));
  final byte[] workerKey = new byte[32];

  {
    RANDOM.nextBytes(workerKey);
  }

  /** A worker's attestation claiming {@code measurement}, signed by {@code platform}. */
  WorkerClient.Attestation attestation(SimulatedPlatformKey platform, String measurement) {
    Nonce nonce = Nonce.random(RANDOM);
    return new WorkerClient.Attestation(
        nonce,
        new SimulatedAttester(
                platform, new Measurement(MeasurementKind.CODE_SHA256, Bytes.fromHex(measurement)))
            .attest(nonce, JobCrypto.x25519PublicKey(workerKey)),
        Bytes.of(workerKey),
        measurement);
  }

  static KeyRelease.Input input(String status, String minAssurance, List<String> algorithms) {
    return new KeyRelease.Input(
        1,
        "asset-b",
        "org2",
        Optional.of(
            new KeyRelease.GrantTerms(
                "grant-b",
                status,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                algorithms,
                minAssurance)));
  }

  String decide(KeyRelease.Input input, WorkerClient.Attestation a) {
    KeyRelease.Decision d =
        KeyRelease.decide(input, JOIN, MeasurementKind.CODE_SHA256, a, verifier, NOW);
    return d instanceof KeyRelease.Decision.Refuse r ? r.reason() : "RELEASE";
  }

  @Test
  void releases_to_verified_evidence_of_the_task_measurement_under_a_grant_in_force() {
    assertThat(decide(input("ACTIVE", "TEE_SIMULATED", List.of(JOIN)), attestation(PLATFORM, JOIN)))
        .isEqualTo("RELEASE");
  }

  @Test
  void refuses_a_worker_running_another_measurement() {
    assertThat(
            decide(
                input("ACTIVE", "TEE_SIMULATED", List.of(JOIN, OTHER)),
                attestation(PLATFORM, OTHER)))
        .startsWith(
            "KEY_RELEASE_REFUSED: input 1 (asset asset-b of org2, grant grant-b): MEASUREMENT_NOT_ALLOWED (104)");
  }

  @Test
  void refuses_when_the_grant_demands_hardware() {
    assertThat(decide(input("ACTIVE", "TEE_HARDWARE", List.of(JOIN)), attestation(PLATFORM, JOIN)))
        .contains("ASSURANCE_BELOW_MINIMUM (105)");
  }

  @Test
  void refuses_a_grant_revoked_after_the_task_was_accepted() {
    assertThat(
            decide(input("REVOKED", "TEE_SIMULATED", List.of(JOIN)), attestation(PLATFORM, JOIN)))
        .contains("GRANT_NOT_IN_FORCE");
  }

  @Test
  void refuses_a_measurement_the_grant_does_not_list() {
    assertThat(
            decide(input("ACTIVE", "TEE_SIMULATED", List.of(OTHER)), attestation(PLATFORM, JOIN)))
        .contains("ALGORITHM_NOT_GRANTED");
  }

  @Test
  void refuses_evidence_from_an_untrusted_simulated_platform() {
    assertThat(
            decide(
                input("ACTIVE", "TEE_SIMULATED", List.of(JOIN)),
                attestation(SimulatedPlatformKey.generate(RANDOM), JOIN)))
        .contains("SIMULATED_KEY_NOT_TRUSTED (201)");
  }

  @Test
  void refuses_evidence_bound_to_another_nonce_or_worker_key() {
    WorkerClient.Attestation a = attestation(PLATFORM, JOIN);
    WorkerClient.Attestation replayed =
        new WorkerClient.Attestation(
            Nonce.random(RANDOM), a.evidence(), a.workerKey(), a.claimedMeasurement());
    assertThat(decide(input("ACTIVE", "TEE_SIMULATED", List.of(JOIN)), replayed))
        .contains("REPORT_DATA_MISMATCH (103)");
    byte[] other = new byte[32];
    RANDOM.nextBytes(other);
    WorkerClient.Attestation swapped =
        new WorkerClient.Attestation(
            a.nonce(), a.evidence(), Bytes.of(other), a.claimedMeasurement());
    assertThat(decide(input("ACTIVE", "TEE_SIMULATED", List.of(JOIN)), swapped))
        .contains("REPORT_DATA_MISMATCH (103)");
  }

  @Test
  void refuses_tampered_evidence() {
    WorkerClient.Attestation a = attestation(PLATFORM, JOIN);
    byte[] p = a.evidence().payload().toByteArray();
    p[p.length - 5] ^= 1; // inside the signature
    WorkerClient.Attestation tampered =
        new WorkerClient.Attestation(
            a.nonce(),
            new io.mitai.compute.tee.evidence.Evidence(a.evidence().format(), Bytes.of(p)),
            a.workerKey(),
            a.claimedMeasurement());
    assertThat(decide(input("ACTIVE", "TEE_SIMULATED", List.of(JOIN)), tampered))
        .contains("SIMULATED_SIGNATURE_INVALID (202)");
  }

  @Test
  void an_own_asset_still_needs_verified_evidence_of_the_task_measurement() {
    KeyRelease.Input own = new KeyRelease.Input(0, "asset-a", "org1", Optional.empty());
    assertThat(decide(own, attestation(PLATFORM, JOIN))).isEqualTo("RELEASE");
    assertThat(decide(own, attestation(PLATFORM, OTHER))).contains("MEASUREMENT_NOT_ALLOWED");
  }
}
