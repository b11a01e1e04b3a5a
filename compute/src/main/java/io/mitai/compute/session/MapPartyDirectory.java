package io.mitai.compute.session;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe, in-memory {@link PartyDirectory} the node fills from the ledger registry. */
public final class MapPartyDirectory implements PartyDirectory {
  private final Map<PartyId, PartyEndpoint> endpoints = new ConcurrentHashMap<>();

  /** Adds or replaces a party's endpoint. */
  public void register(PartyEndpoint endpoint) {
    endpoints.put(endpoint.id(), endpoint);
  }

  @Override
  public Optional<PartyEndpoint> endpoint(PartyId party) {
    return Optional.ofNullable(endpoints.get(party));
  }

  @Override
  public Optional<PartyId> identify(X509Certificate certificate) {
    return endpoints.values().stream()
        .filter(e -> e.presentedBy(certificate))
        .map(PartyEndpoint::id)
        .findFirst();
  }
}
