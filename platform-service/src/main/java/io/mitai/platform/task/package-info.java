/**
 * Tasks: audited computations over granted assets.
 *
 * <p>Entry points: {@link io.mitai.platform.task.TaskService#submit} (plan, submit on the ledger
 * through the outbox, queue), {@link io.mitai.platform.task.TaskWorker} (claim, run the session,
 * seal, record the result or the failure), {@link io.mitai.platform.task.ResultService} (the
 * requester's result, and checking a result file against the ledger). Job transitions live in
 * {@link io.mitai.platform.task.TaskJobs} only; planning rules are pure, in {@code domain/}; the
 * compute parties and sessions are in {@code session/}.
 */
package io.mitai.platform.task;
