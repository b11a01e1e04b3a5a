package io.mitai.contract.model;

/**
 * Input of {@code RecordKeyRelease}: an input owner's decision on a TEE_JOB run at a compute
 * centre.
 *
 * <pre>{@code {"taskId":"task-1","inputIndex":1,"decision":"RELEASED",
 *  "evidenceHash":"<64 hex>","measurement":"<64 hex>"}}</pre>
 *
 * @param taskId required task id
 * @param inputIndex required index of the caller's input in the task, 0-based
 * @param decision required
 * @param evidenceHash SHA-256 of the evidence the owner verified, 64 hex; required when RELEASED,
 *     optional when REFUSED (there may have been no evidence)
 * @param measurement the measurement the evidence showed, 64 hex; optional
 * @param reason why the owner refused, 1..1000 characters; required iff REFUSED
 */
public record KeyReleaseRequest(
    String taskId,
    Integer inputIndex,
    KeyReleaseDecision decision,
    String evidenceHash,
    String measurement,
    String reason) {

  /** Longest recorded refusal reason. */
  public static final int MAX_REASON = 1000;

  /** Validates the shape of the request. */
  public KeyReleaseRequest {
    Check.id("taskId", taskId);
    Check.present("inputIndex", inputIndex);
    if (inputIndex < 0 || inputIndex > 99) {
      throw Check.invalid("field 'inputIndex' must be 0..99");
    }
    Check.present("decision", decision);
    if (decision == KeyReleaseDecision.RELEASED) {
      Check.hex64("evidenceHash", evidenceHash);
      if (reason != null) {
        throw Check.invalid("field 'reason' is only allowed for a REFUSED release");
      }
    } else {
      Check.optionalHex64("evidenceHash", evidenceHash);
      Check.text("reason", reason, MAX_REASON);
    }
    Check.optionalHex64("measurement", measurement);
  }
}
