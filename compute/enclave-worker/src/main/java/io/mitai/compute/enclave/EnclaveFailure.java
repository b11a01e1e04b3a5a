package io.mitai.compute.enclave;

/**
 * Why an enclave job produced no result. Stable numeric codes in the 7000 range (the compute
 * session's own {@code FailureReason} uses 5001-5099); messages name columns and inputs, never a
 * data value.
 */
public enum EnclaveFailure {
  /** The worker has no built-in algorithm of that name and version. */
  ALGORITHM_UNKNOWN(7001),
  /** The job's parameters do not fit the algorithm or the inputs' columns. */
  INVALID_PARAMS(7002),
  /** An input's content does not fit the algorithm (e.g. a non-numeric cell to sum). */
  INVALID_INPUT(7003),
  /** A released key does not open with the worker's ephemeral key for this job. */
  KEY_UNWRAP_FAILED(7004),
  /** An input segment does not authenticate under its released key, or is out of order. */
  INPUT_NOT_AUTHENTIC(7005),
  /** A message arrived out of order, malformed, or too large. */
  PROTOCOL_VIOLATION(7006),
  /** The platform could not produce attestation evidence. */
  ATTESTATION_FAILED(7007),
  /** The job exceeds a bound of the worker (rows after the join, message size). */
  LIMIT_EXCEEDED(7008),
  /** An input's owner refused to release its key; the message is the owner's reason. */
  KEY_RELEASE_REFUSED(7009),
  /** An input of a shared job did not arrive from its owner in time. */
  INPUT_MISSING(7010),
  /** An owner attached to a job this worker does not hold (or no longer holds). */
  JOB_UNKNOWN(7011),
  /** A failure inside the worker that is none of the above. */
  INTERNAL_ERROR(7099);

  private final int code;

  EnclaveFailure(int code) {
    this.code = code;
  }

  /** The stable numeric code. */
  public int code() {
    return code;
  }
}
