package io.mitai.platform.ledger;

import io.mitai.contract.model.Task;

/**
 * The projector projected a {@code TaskStarted} event. Fired as a synchronous CDI event inside the
 * projection's transaction, so an observer's writes commit (or roll back) with the projection and
 * its checkpoint; the ledger does not depend on who observes it (the task package queues this
 * node's part of another node's task).
 *
 * @param task the task record as the event carries it
 */
public record TaskStartedOnLedger(Task task) {}
