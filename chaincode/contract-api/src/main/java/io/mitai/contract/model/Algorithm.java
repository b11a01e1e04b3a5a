package io.mitai.contract.model;

import java.time.Instant;

/**
 * A TEE algorithm on the ledger's allow-list: a named, versioned code artifact identified by its
 * measurement. State key {@code algorithm:<measurement>}; index {@code algorithm~name (name,
 * version, measurement)}. A record is written once and never changed: a new build is a new
 * measurement, hence a new record.
 *
 * <p>The measurement, not the name, is what grants pin and enclaves are verified against. The name
 * and version are labels chosen by the publisher; two publishers may both publish a {@code
 * join-aggregate}, and the record says who published which.
 *
 * @param measurement SHA-256 of the code artifact as 64 lowercase hex (for SGX the MRENCLAVE the
 *     artifact yields, for the simulated platform the artifact's own digest); the record's id
 * @param name the algorithm's name, an id such as {@code join-aggregate}
 * @param version the publisher's version, {@code MAJOR.MINOR.PATCH[-pre][+build]}
 * @param publisher MSP ID of the registering organisation
 * @param description what the algorithm computes, what it outputs and what that output reveals
 * @param registeredAt transaction time of registration
 * @param updatedAt transaction time of the latest change; equal to {@code registeredAt}, since the
 *     record never changes
 */
public record Algorithm(
    String measurement,
    String name,
    String version,
    String publisher,
    String description,
    Instant registeredAt,
    Instant updatedAt) {
  /** Checks that every field is present. */
  public Algorithm {
    Check.present("measurement", measurement);
    Check.present("name", name);
    Check.present("version", version);
    Check.present("publisher", publisher);
    Check.present("description", description);
    Check.present("registeredAt", registeredAt);
    Check.present("updatedAt", updatedAt);
  }
}
