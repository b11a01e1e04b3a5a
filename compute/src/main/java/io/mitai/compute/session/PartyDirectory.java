package io.mitai.compute.session;

import java.util.Optional;

/**
 * The federation's parties as the node knows them from the ledger. Consulted at connect time, so an
 * endpoint can be registered after the transport starts (sandbox ports are chosen by the OS).
 */
public interface PartyDirectory {
  Optional<PartyEndpoint> endpoint(PartyId party);

  /** The party whose registered key this certificate carries, if any. */
  Optional<PartyId> identify(java.security.cert.X509Certificate certificate);
}
