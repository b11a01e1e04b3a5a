package io.mitai.platform.ledger;

import io.mitai.contract.Tx;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.LedgerEvent;
import io.mitai.contract.model.Organisation;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import io.mitai.ledger.ChaincodeEvent;
import io.mitai.ledger.Checkpoint;
import io.mitai.ledger.LedgerException;
import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.SubmitResult;
import io.mitai.ledger.Subscription;
import io.mitai.platform.keys.HostedOrganisations;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps the node's queryable projection of ledger records ({@code proj_*} tables) up to date from
 * ledger events, resuming from the checkpoint stored with the projection in the same database
 * transaction. Applying an event is idempotent and never goes back in time (a row keeps the newest
 * (block, tx) version), so at-least-once delivery is harmless, and {@link #rebuild()} replays the
 * whole ledger into an equal projection. A task another node's requester started, with an input
 * owned here, queues this node's part in the same transaction: the projector fires {@link
 * TaskStartedOnLedger} and {@link RightWithdrawn} as synchronous CDI events, which the task package
 * observes, so the ledger below does not depend on it.
 */
@ApplicationScoped
public class Projector {

  private static final Logger LOG = Logger.getLogger(Projector.class);
  private static final String NAME = "ledger";

  @Inject GuardedLedger ledger;
  @Inject LedgerExplorer explorer;
  @Inject LedgerProducer ledgers;
  @Inject ContractReads reads;
  @Inject EntityManager em;
  @Inject HostedOrganisations hosted;
  @Inject Event<TaskStartedOnLedger> taskStarted;
  @Inject Event<RightWithdrawn> withdrawn;

  /** How many projected transaction ids are remembered for writers waiting on Fabric. */
  private static final int RECENT_TX_IDS = 4096;

  private final Object progress = new Object();
  private final Set<String> recentTxIds = new LinkedHashSet<>();
  private Subscription subscription;
  private volatile Checkpoint applied = Checkpoint.START;

  void onStart(@Observes @Priority(10) StartupEvent event) {
    start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  private synchronized void start() {
    Checkpoint from = QuarkusTransaction.requiringNew().call(this::storedCheckpoint);
    applied = from;
    subscription = ledger.subscribe(from, this::onEvent);
  }

  private synchronized void stop() {
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }

  /** Restarts a subscription whose listener failed (e.g. the database was restarted). */
  @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  synchronized void watch() {
    if (subscription != null && !subscription.isActive()) {
      LOG.warn("ledger event subscription stopped; resuming from the stored checkpoint");
      start();
    }
  }

  /**
   * Drops the projection and replays it from the first block ({@link Checkpoint#START}). With the
   * explorer (embedded ledger) it waits until the last committed transaction is projected again;
   * without it (Fabric) the replay goes on in the background.
   */
  public synchronized void rebuild() {
    stop();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (String table :
                  List.of(
                      "proj_organisation",
                      "proj_asset",
                      "proj_grant",
                      "proj_task_input",
                      "proj_task",
                      "projection_checkpoint")) {
                em.createNativeQuery("delete from " + table).executeUpdate();
              }
            });
    start();
    if (!ledgers.explorerAvailable()) {
      return;
    }
    Checkpoint head = new Checkpoint(explorer.height() - 1, Integer.MAX_VALUE);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (explorer.height() > 0
        && lastTransactionNotApplied(head)
        && System.nanoTime() < deadline) {
      sleep(50);
    }
  }

  private boolean lastTransactionNotApplied(Checkpoint head) {
    return explorer
        .block(head.blockNumber())
        .map(b -> new Checkpoint(b.number(), b.txIds().size() - 1))
        .map(last -> applied.compareTo(last) < 0)
        .orElse(false);
  }

  /** The position up to which ledger events are in the projection. */
  public Checkpoint applied() {
    return applied;
  }

  /**
   * Waits until the event of a committed transaction is in the projection, or times out. Where the
   * ledger reports the transaction's index in its block (embedded) the checkpoint decides; where it
   * does not (Fabric: index -1), the transaction's own event, or any event of a later block.
   */
  public boolean awaitProjected(SubmitResult committed, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (!projected(committed)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          progress.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  private boolean projected(SubmitResult committed) {
    if (committed.txIndex() >= 0) {
      return applied.compareTo(new Checkpoint(committed.blockNumber(), committed.txIndex())) >= 0;
    }
    return applied.blockNumber() > committed.blockNumber()
        || recentTxIds.contains(committed.txId());
  }

  private void onEvent(ChaincodeEvent event) throws IOException {
    Optional<LedgerEvent> kind = kindOf(event.name());
    // The projection keeps the record exactly as the ledger wrote it; it is read in its type.
    String record = event.payloadUtf8();
    List<String> touchedGrants = new ArrayList<>();
    if (kind.filter(LedgerEvent.TASK_SUBMITTED::equals).isPresent()) {
      // The contract emits one event per transaction: the task. The grants whose uses it
      // consumed are read back from the ledger.
      Task task = LedgerRecords.decode(record, Task.class);
      for (TaskInput input : task.inputs()) {
        if (input.grantId() != null) {
          touchedGrants.add(readGrant(input.grantId(), task.requester()));
        }
      }
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              // The projection is a cache of the ledger, and the checkpoint commits with it: a
              // crash can lose only the last projected events, which are replayed from the older
              // checkpoint (every upsert keeps the newest version). So no fsync per event, which
              // bounded the projection, and every writer waiting on it, to the disk's flush rate.
              em.createNativeQuery("set local synchronous_commit = off").executeUpdate();
              if (kind.isPresent()) {
                apply(event, kind.get(), record);
              } else {
                LOG.debugf("event %s is not projected", event.name());
              }
              for (String grant : touchedGrants) {
                upsertGrant(event, grant);
              }
              saveCheckpoint(event.checkpoint());
            });
    synchronized (progress) {
      if (event.checkpoint().compareTo(applied) > 0) {
        applied = event.checkpoint();
      }
      recentTxIds.add(event.txId());
      if (recentTxIds.size() > RECENT_TX_IDS) {
        recentTxIds.remove(recentTxIds.iterator().next());
      }
      progress.notifyAll();
    }
  }

  /** The contract's event of that name; empty for a name the contract does not emit. */
  private static Optional<LedgerEvent> kindOf(String name) {
    for (LedgerEvent kind : LedgerEvent.values()) {
      if (kind.eventName().equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  private String readGrant(String grantId, String requester) throws IOException {
    String reader = hosted.ids().contains(requester) ? requester : hosted.ids().get(0);
    try {
      return reads.json(reader, Tx.READ_GRANT, grantId);
    } catch (LedgerException e) {
      throw new IOException("grant " + grantId + " could not be read back", e);
    }
  }

  private void apply(ChaincodeEvent event, LedgerEvent kind, String json) {
    switch (kind) {
      case ORGANISATION_REGISTERED -> {
        Organisation record = LedgerRecords.decode(json, Organisation.class);
        upsert(
            "proj_organisation",
            List.of("display_name", "endpoint", "public_key"),
            event,
            record.id(),
            json,
            List.of(record.displayName(), record.endpoint(), record.publicKey()));
      }
      case ASSET_REGISTERED, ASSET_DESTROYED -> {
        DataAsset record = LedgerRecords.decode(json, DataAsset.class);
        upsert(
            "proj_asset",
            List.of("owner", "name", "status"),
            event,
            record.id(),
            json,
            List.of(record.owner(), record.name(), record.status().name()));
        if (kind == LedgerEvent.ASSET_DESTROYED) {
          withdrawn.fire(new RightWithdrawn(RightWithdrawn.Kind.ASSET, record.id()));
        }
      }
      case GRANT_ISSUED, GRANT_REVOKED -> {
        Grant record = upsertGrant(event, json);
        if (kind == LedgerEvent.GRANT_REVOKED) {
          // Running tasks on this node that use the grant stop now (their sessions abort).
          withdrawn.fire(new RightWithdrawn(RightWithdrawn.Kind.GRANT, record.id()));
        }
      }
      case TASK_SUBMITTED, TASK_REJECTED, TASK_STARTED, TASK_SUCCEEDED, TASK_FAILED -> {
        Task record = LedgerRecords.decode(json, Task.class);
        upsert(
            "proj_task",
            List.of("requester", "status"),
            event,
            record.id(),
            json,
            List.of(record.requester(), record.status().name()));
        // A task's inputs never change after submission; every version names the same ones.
        for (TaskInput input : record.inputs()) {
          em.createNativeQuery(
                  "insert into proj_task_input (task_id, asset_id) values (?1, ?2)"
                      + " on conflict do nothing")
              .setParameter(1, record.id())
              .setParameter(2, input.assetId())
              .executeUpdate();
        }
        if (kind == LedgerEvent.TASK_STARTED) {
          taskStarted.fire(new TaskStartedOnLedger(record));
        }
      }
      // Read from the ledger where they are needed (TEE planning and key release), not cached.
      case ALGORITHM_REGISTERED, COMPUTE_CENTRE_REGISTERED, KEY_RELEASE_RECORDED ->
          LOG.debugf("event %s is not projected", event.name());
    }
  }

  private Grant upsertGrant(ChaincodeEvent event, String json) {
    Grant record = LedgerRecords.decode(json, Grant.class);
    upsert(
        "proj_grant",
        List.of("asset_id", "owner", "grantee", "status"),
        event,
        record.id(),
        json,
        List.of(record.assetId(), record.owner(), record.grantee(), record.status().name()));
    return record;
  }

  /** Inserts or updates the row, unless it already holds this or a later version. */
  private void upsert(
      String table,
      List<String> columns,
      ChaincodeEvent event,
      String id,
      String record,
      List<String> values) {
    StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (id");
    columns.forEach(c -> sql.append(", ").append(c));
    sql.append(", record, block_number, tx_index, tx_id) values (?1");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(", ?").append(i + 2);
    }
    int n = columns.size() + 2;
    sql.append(", ?")
        .append(n)
        .append(", ?")
        .append(n + 1)
        .append(", ?")
        .append(n + 2)
        .append(", ?")
        .append(n + 3)
        .append(") on conflict (id) do update set ");
    for (String c : columns) {
      sql.append(c).append(" = excluded.").append(c).append(", ");
    }
    sql.append("record = excluded.record, block_number = excluded.block_number,")
        .append(" tx_index = excluded.tx_index, tx_id = excluded.tx_id where (")
        .append(table)
        .append(".block_number, ")
        .append(table)
        .append(".tx_index) <= (excluded.block_number, excluded.tx_index)");
    var query = em.createNativeQuery(sql.toString());
    query.setParameter(1, id);
    for (int i = 0; i < values.size(); i++) {
      query.setParameter(i + 2, values.get(i));
    }
    query.setParameter(n, record);
    query.setParameter(n + 1, event.blockNumber());
    query.setParameter(n + 2, event.txIndex());
    query.setParameter(n + 3, event.txId());
    query.executeUpdate();
  }

  private Checkpoint storedCheckpoint() {
    List<?> rows =
        em.createNativeQuery(
                "select block_number, tx_index from projection_checkpoint where name = ?1")
            .setParameter(1, NAME)
            .getResultList();
    if (rows.isEmpty()) {
      return Checkpoint.START;
    }
    Object[] row = (Object[]) rows.get(0);
    return new Checkpoint(((Number) row[0]).longValue(), ((Number) row[1]).intValue());
  }

  private void saveCheckpoint(Checkpoint checkpoint) {
    em.createNativeQuery(
            "insert into projection_checkpoint (name, block_number, tx_index) values (?1, ?2, ?3)"
                + " on conflict (name) do update set block_number = excluded.block_number,"
                + " tx_index = excluded.tx_index")
        .setParameter(1, NAME)
        .setParameter(2, checkpoint.blockNumber())
        .setParameter(3, checkpoint.txIndex())
        .executeUpdate();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
