/**
 * Tasks: audited computations over granted assets.
 *
 * <p>Entry points: {@link io.mitai.platform.task.TaskService#submit} (plan, submit on the ledger
 * through the outbox, queue), {@link io.mitai.platform.task.TaskWorker} (claim, run the session,
 * seal, record the result or the failure), {@link io.mitai.platform.task.ResultService} (the
 * requester's result, and checking a result file against the ledger). Job transitions live in
 * {@link io.mitai.platform.task.TaskJobs} and {@link io.mitai.platform.task.PartyJobs} only, as
 * moves of the one job state machine ({@code persistence/JobState}, {@code JobKind}); planning
 * rules are pure, in {@code domain/}; the compute parties and sessions are in {@code session/}.
 *
 * <p>The enclave path plugs in from the {@code tee} package above, through the interfaces this
 * package owns: {@link io.mitai.platform.task.TeeJobPlanner}, {@link
 * io.mitai.platform.task.EnclaveJobRunner} and {@link
 * io.mitai.platform.task.session.AttestedDealer}. The ledger's projector tells this package of
 * started tasks and withdrawn rights through CDI events ({@code ledger.TaskStartedOnLedger}, {@code
 * ledger.RightWithdrawn}).
 */
package io.mitai.platform.task;
