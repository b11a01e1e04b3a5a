package io.mitai.platform.task;

import io.mitai.platform.task.domain.TaskPlan;

/**
 * Runs a planned TEE_JOB on the enclave worker. The task worker owns this interface and the TEE
 * package implements it ({@code tee.TeeJobRunner}): one way of running a task, plugged in from
 * above, so the task package does not depend on the enclave code.
 */
public interface EnclaveJobRunner {

  /**
   * Runs the job and queues its ledger outcome through {@link TaskJobs}: the result, or the failure
   * with its reason. Returns that write's outbox id.
   */
  String complete(TaskPlan plan);
}
