package io.mitai.platform.task.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Who deals JOINT_STATS's Beaver triples. Either way the dealer learns every mask and no input;
 * they differ in whom the masks are known to.
 */
public enum Dealer {
  /** An organisation holding no input, trusted not to collude with an input party. */
  ORGANISATION,
  /**
   * The node's enclave worker, attested before any party trusts it (TEE-assisted MPC): the masks
   * are known to no organisation.
   */
  ENCLAVE;

  /** The party id of the enclave dealer in a session (never an organisation's id). */
  public static final String ENCLAVE_PARTY = "tee-dealer";

  static Optional<Dealer> parse(String value) {
    try {
      return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
