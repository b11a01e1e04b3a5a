package io.mitai.contract.model;

import java.time.Instant;

/**
 * A member organisation of the federation. State key {@code org:<id>}.
 *
 * @param id the organisation's MSP ID (it can only write its own record)
 * @param displayName a human name
 * @param endpoint the node's compute endpoint, an absolute URI such as {@code
 *     https://node.org1.example:8443}
 * @param publicKey the TLS / party public key, PEM or base64 text
 * @param registeredAt transaction time of the first registration (kept on updates)
 * @param updatedAt transaction time of the latest registration or update
 */
public record Organisation(
    String id,
    String displayName,
    String endpoint,
    String publicKey,
    Instant registeredAt,
    Instant updatedAt) {
  /** Checks that every field is present. */
  public Organisation {
    Check.present("id", id);
    Check.present("displayName", displayName);
    Check.present("endpoint", endpoint);
    Check.present("publicKey", publicKey);
    Check.present("registeredAt", registeredAt);
    Check.present("updatedAt", updatedAt);
  }
}
