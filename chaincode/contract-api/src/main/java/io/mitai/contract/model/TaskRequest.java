package io.mitai.contract.model;

import java.util.List;

/**
 * Input of {@code SubmitTask}.
 *
 * <pre>{@code {"id":"task-1","operation":"PSI","inputs":[{"assetId":"asset-1","columns":["email"]},
 *  {"assetId":"asset-2","grantId":"grant-1","columns":["email"]}],
 *  "parameterHash":"<64 hex>","protocol":"ECDH-PSI/X25519","assurance":"MPC_SEMI_HONEST"}}</pre>
 *
 * @param id required task id
 * @param operation required
 * @param inputs required; count within the operation's bounds (PSI: 2, JOINT_STATS: 2..16, others
 *     1..16); no asset twice
 * @param parameterHash required SHA-256 of the canonical parameters, 64 hex
 * @param algorithmMeasurement 64 hex; required iff the operation is TEE_JOB, else absent
 * @param protocol required protocol label, 1..256 characters
 * @param assurance required; MPC operations run at MPC_SEMI_HONEST, TEE_JOB at a TEE level
 * @param resultRecipients optional organisations receiving the result (default: the requester)
 * @param minGroupSize optional aggregation floor the task asks for, 1..{@value
 *     Grant#MAX_GROUP_SIZE}; only for operations with {@link Operation#hasGroupFloor()}; below a
 *     used grant's floor the task is REJECTED ({@link RejectionReason#GROUP_TOO_SMALL}); absent,
 *     the task runs at the highest floor of its grants
 * @param computeCentre optional; only for TEE_JOB: the organisation whose registered compute centre
 *     runs the job (each input owner's node then releases its key to that centre's attested worker
 *     itself); an unregistered centre REJECTS the task ({@link
 *     RejectionReason#COMPUTE_CENTRE_UNKNOWN}); absent, the requester's node runs the job
 */
public record TaskRequest(
    String id,
    Operation operation,
    List<TaskInputRequest> inputs,
    String parameterHash,
    String algorithmMeasurement,
    String protocol,
    Assurance assurance,
    List<String> resultRecipients,
    Integer minGroupSize,
    String computeCentre) {

  /** A request run by the requester's own node (no compute centre). */
  public TaskRequest(
      String id,
      Operation operation,
      List<TaskInputRequest> inputs,
      String parameterHash,
      String algorithmMeasurement,
      String protocol,
      Assurance assurance,
      List<String> resultRecipients,
      Integer minGroupSize) {
    this(
        id,
        operation,
        inputs,
        parameterHash,
        algorithmMeasurement,
        protocol,
        assurance,
        resultRecipients,
        minGroupSize,
        null);
  }

  /** Validates the shape of the request. */
  public TaskRequest {
    Check.id("id", id);
    Check.present("operation", operation);
    inputs = Check.list("inputs", inputs, true);
    if (inputs.size() < operation.minInputs() || inputs.size() > operation.maxInputs()) {
      throw Check.invalid(
          operation
              + " takes "
              + (operation.minInputs() == operation.maxInputs()
                  ? String.valueOf(operation.minInputs())
                  : operation.minInputs() + ".." + operation.maxInputs())
              + " inputs but "
              + inputs.size()
              + " were given");
    }
    Check.distinct("inputs[].assetId", inputs, TaskInputRequest::assetId);
    Check.hex64("parameterHash", parameterHash);
    if (operation.isTee()) {
      Check.hex64("algorithmMeasurement", algorithmMeasurement);
    } else if (algorithmMeasurement != null) {
      throw Check.invalid("field 'algorithmMeasurement' is only allowed for TEE_JOB");
    }
    Check.text("protocol", protocol, Check.MAX_NAME);
    Check.present("assurance", assurance);
    if (!operation.runsAt(assurance)) {
      throw Check.invalid(
          operation
              + " cannot run at assurance "
              + assurance
              + (operation.isTee()
                  ? " (use TEE_SIMULATED or TEE_HARDWARE)"
                  : " (use MPC_SEMI_HONEST)"));
    }
    if (resultRecipients != null) {
      resultRecipients = Check.list("resultRecipients", resultRecipients, true);
      for (String recipient : resultRecipients) {
        Check.id("resultRecipients[]", recipient);
      }
      Check.distinct("resultRecipients", resultRecipients, r -> r);
      resultRecipients = Check.sorted(resultRecipients, r -> r);
    }
    if (minGroupSize != null) {
      if (!operation.hasGroupFloor()) {
        throw Check.invalid("field 'minGroupSize' is not allowed for " + operation);
      }
      if (minGroupSize < 1 || minGroupSize > Grant.MAX_GROUP_SIZE) {
        throw Check.invalid("field 'minGroupSize' must be 1.." + Grant.MAX_GROUP_SIZE);
      }
    }
    if (computeCentre != null) {
      if (!operation.isTee()) {
        throw Check.invalid("field 'computeCentre' is only allowed for TEE_JOB");
      }
      Check.id("computeCentre", computeCentre);
    }
  }
}
