package io.mitai.compute.tee.evidence;

import java.security.PublicKey;

/**
 * Produces evidence, inside the worker, binding a verifier's nonce and the worker's ephemeral key
 * (via {@link ReportDataBinding}) to the platform's claims about the running code.
 */
public interface Attester {
  /** The platform this attester speaks for. */
  TeePlatform platform();

  /**
   * Evidence for {@code nonce} and {@code workerKey}.
   *
   * @throws AttestationException if the platform cannot produce evidence (e.g. no device)
   */
  Evidence attest(Nonce nonce, PublicKey workerKey) throws AttestationException;
}
