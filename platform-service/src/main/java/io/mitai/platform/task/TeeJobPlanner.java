package io.mitai.platform.task;

import io.mitai.platform.task.domain.AssetSchema;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.domain.TaskRequest;
import java.util.Optional;
import java.util.function.Function;

/**
 * Plans a TEE_JOB at submission. The task package owns this interface and the TEE package
 * implements it ({@code tee.TeeTasks}), so task submission does not depend on the enclave code,
 * which sits above it.
 */
public interface TeeJobPlanner {

  /**
   * The plan of a TEE_JOB against the ledger's algorithm allow-list and this node's worker; refuses
   * with a problem if TEE jobs are disabled or the request does not fit.
   *
   * @param schemas the schema of an input asset by id, as the requester may see it
   */
  TaskPlan plan(
      String taskId,
      String requester,
      TaskRequest request,
      Function<String, Optional<AssetSchema>> schemas);
}
