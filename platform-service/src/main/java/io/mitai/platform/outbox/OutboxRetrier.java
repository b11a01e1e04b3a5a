package io.mitai.platform.outbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Retries due outbox entries with back-off until the ledger takes them. */
@ApplicationScoped
public class OutboxRetrier {

  @Inject Outbox outbox;

  @Scheduled(
      every = "${mitai.outbox.retry-every:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      delayed = "2s")
  void retryDue() {
    for (String id : outbox.claimDue(50)) {
      outbox.deliver(id);
    }
  }
}
