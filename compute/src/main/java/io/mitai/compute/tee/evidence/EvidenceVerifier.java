package io.mitai.compute.tee.evidence;

import java.time.Instant;

/**
 * Verifies evidence against an expectation at a given time.
 *
 * <p>Callers MUST: issue a fresh {@link Nonce} per attestation and pass the same one here; pass the
 * worker key they will wrap secrets to; pass the time from their own trusted clock (or the ledger's
 * transaction time), never one taken from the evidence; and use only the returned {@link
 * VerifiedEvidence} (its assurance, measurements and TCB status), never the raw evidence.
 */
public interface EvidenceVerifier {
  /**
   * Accepts the evidence or says why not.
   *
   * @throws EvidenceRejectedException with the stable reason if any check fails
   */
  VerifiedEvidence verify(Evidence evidence, Expectation expected, Instant at)
      throws EvidenceRejectedException;
}
