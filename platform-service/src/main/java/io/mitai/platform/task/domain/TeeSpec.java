package io.mitai.platform.task.domain;

import java.util.Objects;

/**
 * What a TEE_JOB task runs: the algorithm by name and version, the measurement the task names on
 * the ledger (from the allow-list) and the assurance of the node's configured enclave worker.
 *
 * @param algorithm the built-in algorithm's name, e.g. {@code join-aggregate}
 * @param version its version, e.g. {@code 1.0.0}
 * @param measurement 64 lowercase hex, as registered on the ledger
 * @param assurance {@code TEE_SIMULATED} or {@code TEE_HARDWARE} (the chaincode's names)
 */
public record TeeSpec(String algorithm, String version, String measurement, String assurance) {
  public TeeSpec {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(measurement, "measurement");
    Objects.requireNonNull(assurance, "assurance");
  }

  /** The protocol label recorded on the ledger, e.g. {@code TEE/join-aggregate@1.0.0}. */
  public String protocol() {
    return "TEE/" + algorithm + "@" + version;
  }
}
