package io.mitai.compute.session;

/**
 * Why a computation session failed. Stable numeric codes (range 5000-5099 is the compute module's)
 * so the node can record them on the ledger with {@code RecordTaskFailure}.
 */
public enum FailureReason {
  /** A wait for a peer's message, or for the right to send, exceeded the session timeout. */
  TIMEOUT(5001),
  /** A peer's stream ended or broke before the protocol was complete. */
  PEER_DISCONNECTED(5002),
  /** A peer's endpoint could not be reached at all. */
  PEER_UNREACHABLE(5003),
  /** A frame or payload could not be decoded (truncated, wrong magic, bad lengths). */
  MALFORMED_MESSAGE(5004),
  /** A connection or frame came from a party whose certificate is not the registered one. */
  UNAUTHENTICATED_PEER(5005),
  /** A well-formed message arrived out of protocol order (wrong round, session or receiver). */
  PROTOCOL_VIOLATION(5006),
  /** A peer reported its own failure and asked every party to abort. */
  PEER_ABORTED(5007),
  /** This party's own input is unusable (unknown column, non-numeric cell, too many rows). */
  INVALID_INPUT(5008),
  /** The session's specification is inconsistent (roles, parameters). */
  INVALID_SESSION(5009),
  /** The session was closed locally (the node shut down or cancelled the task). */
  CANCELLED(5010),
  /**
   * Releasing the output would break the task's aggregation floor: a JOINT_STATS intersection
   * smaller than {@code minGroupSize} rows (SECURE_AGGREGATE suppresses small groups instead).
   */
  GROUP_TOO_SMALL(5011),
  /**
   * SECURE_AGGREGATE was asked to group by a key-like column of this party's input (more distinct
   * values than half its rows), which would reveal its rows one by one.
   */
  KEY_LIKE_GROUP_BY(5012),
  /** A bug or an unexpected runtime error in this party. */
  INTERNAL_ERROR(5099);

  private final int code;

  FailureReason(int code) {
    this.code = code;
  }

  /** The stable numeric code recorded with the failure. */
  public int code() {
    return code;
  }

  /** The reason for a code received in an ABORT frame; unknown codes map to INTERNAL_ERROR. */
  public static FailureReason fromCode(int code) {
    for (FailureReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return INTERNAL_ERROR;
  }
}
