package io.mitai.contract.model;

import java.time.Instant;

/**
 * An organisation's compute centre: where its enclave workers listen. State key {@code
 * centre:<id>}. A TEE_JOB that names it runs there; each input owner's node dials the worker at
 * {@code workerEndpoint}, pinned to {@code workerCertificate}, and releases its key only after
 * verifying the worker's evidence itself.
 *
 * @param id the organisation's MSP ID (it can only write its own record)
 * @param workerEndpoint {@code host:port} of the enclave worker
 * @param workerCertificate PEM of the worker's TLS certificate (the pin)
 * @param assurance the level its workers attest at
 * @param registeredAt transaction time of the first registration (kept on updates)
 * @param updatedAt transaction time of the latest registration or update
 */
public record ComputeCentre(
    String id,
    String workerEndpoint,
    String workerCertificate,
    Assurance assurance,
    Instant registeredAt,
    Instant updatedAt) {
  /** Checks that every field is present. */
  public ComputeCentre {
    Check.present("id", id);
    Check.present("workerEndpoint", workerEndpoint);
    Check.present("workerCertificate", workerCertificate);
    Check.present("assurance", assurance);
    Check.present("registeredAt", registeredAt);
    Check.present("updatedAt", updatedAt);
  }
}
