package io.mitai.platform.tee;

import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.EvidenceVerifier;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The owner's decision to release an input's key to an enclave worker: pure, from the owner's grant
 * as the ledger holds it, the task's measurement and the worker's evidence. Release only if, in
 * this order:
 *
 * <ol>
 *   <li>the grant is in force now (ACTIVE, valid from/until) — a revocation after the task was
 *       accepted still stops the release;
 *   <li>the grant's {@code algorithms} include the task's measurement;
 *   <li>the evidence verifies (format-specific checks, then report data bound to the node's nonce
 *       and the worker's ephemeral key, the measurement equal to the task's — the only one allowed
 *       — and the worker's assurance meeting the grant's {@code minAssurance}).
 * </ol>
 *
 * An input on the requester's own asset has no grant: its owner is the requester, who still needs
 * the evidence to verify for the task's measurement (at least TEE_SIMULATED).
 */
public final class KeyRelease {

  /** The grant terms that matter for key release, as the ledger records them. */
  public record GrantTerms(
      String id,
      String status,
      Instant validFrom,
      Instant validUntil,
      List<String> algorithms,
      String minAssurance) {
    public GrantTerms {
      algorithms = List.copyOf(algorithms);
    }
  }

  /** One input and its owner's terms. */
  public record Input(int index, String assetId, String owner, Optional<GrantTerms> grant) {
    public Input {
      Objects.requireNonNull(grant, "grant");
    }

    String describe() {
      return "input "
          + index
          + " (asset "
          + assetId
          + " of "
          + owner
          + grant.map(g -> ", grant " + g.id()).orElse(", own asset")
          + ")";
    }
  }

  /** The decision for one input. */
  public sealed interface Decision {
    /** Release: the key may be wrapped to the attested worker key. */
    record Release(VerifiedEvidence evidence) implements Decision {}

    /** Refuse, with the reason recorded on the ledger (no data values, no keys). */
    record Refuse(String reason) implements Decision {}
  }

  /** Prefix of every refusal recorded on the ledger. */
  public static final String REFUSED = "KEY_RELEASE_REFUSED";

  private KeyRelease() {}

  public static Decision decide(
      Input input,
      String taskMeasurement,
      MeasurementKind kind,
      WorkerClient.Attestation attestation,
      EvidenceVerifier verifier,
      Instant now) {
    TeeAssurance minimum = TeeAssurance.TEE_SIMULATED;
    if (input.grant().isPresent()) {
      GrantTerms g = input.grant().get();
      if (!g.status().equals("ACTIVE")
          || now.isBefore(g.validFrom())
          || !now.isBefore(g.validUntil())) {
        return refuse(
            input,
            "GRANT_NOT_IN_FORCE: the grant is "
                + g.status()
                + " or outside its validity at "
                + now);
      }
      if (!g.algorithms().contains(taskMeasurement)) {
        return refuse(
            input,
            "ALGORITHM_NOT_GRANTED: the grant does not allow measurement " + taskMeasurement);
      }
      try {
        minimum = TeeAssurance.valueOf(g.minAssurance());
      } catch (IllegalArgumentException e) {
        return refuse(input, "ASSURANCE_INSUFFICIENT: the grant requires " + g.minAssurance());
      }
    }
    Expectation expected =
        Expectation.bindingTo(
            attestation.nonce(),
            attestation.workerPublicKey(),
            Set.of(new Measurement(kind, Bytes.fromHex(taskMeasurement))),
            minimum);
    try {
      return new Decision.Release(verifier.verify(attestation.evidence(), expected, now));
    } catch (EvidenceRejectedException e) {
      return refuse(
          input,
          e.reason()
              + " ("
              + e.reason().code()
              + "): "
              + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
    }
  }

  private static Decision refuse(Input input, String detail) {
    return new Decision.Refuse(REFUSED + ": " + input.describe() + ": " + detail);
  }
}
