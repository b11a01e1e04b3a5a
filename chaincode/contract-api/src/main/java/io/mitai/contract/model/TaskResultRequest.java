package io.mitai.contract.model;

import java.util.List;

/**
 * Input of {@code RecordTaskResult}.
 *
 * <pre>{@code {"taskId":"task-1","resultHash":"<64 hex>","attestationHash":"<64 hex>",
 *  "resultRecipients":["Org1MSP"],"tripleSource":"TEE_DEALER"}}</pre>
 *
 * @param taskId required
 * @param resultHash required SHA-256 of the result's canonical encoding, 64 hex
 * @param attestationHash optional SHA-256 of the enclave attestation, 64 hex
 * @param resultRecipients optional; if given, who received the result: non-empty, a subset of the
 *     task's result recipients (checked, not stored)
 * @param tripleSource optional label of the Beaver-triple source, 1..256 characters
 */
public record TaskResultRequest(
    String taskId,
    String resultHash,
    String attestationHash,
    List<String> resultRecipients,
    String tripleSource) {
  /** Validates the shape of the request. */
  public TaskResultRequest {
    Check.id("taskId", taskId);
    Check.hex64("resultHash", resultHash);
    Check.optionalHex64("attestationHash", attestationHash);
    if (resultRecipients != null) {
      resultRecipients = Check.list("resultRecipients", resultRecipients, true);
      for (String recipient : resultRecipients) {
        Check.id("resultRecipients[]", recipient);
      }
      Check.distinct("resultRecipients", resultRecipients, r -> r);
      resultRecipients = Check.sorted(resultRecipients, r -> r);
    }
    Check.optionalText("tripleSource", tripleSource, Check.MAX_NAME);
  }
}
