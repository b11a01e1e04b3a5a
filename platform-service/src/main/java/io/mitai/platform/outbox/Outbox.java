package io.mitai.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.contract.Tx;
import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerException;
import io.mitai.ledger.SubmitResult;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.ledger.Projector;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The durable outbox through which the node writes to the ledger. A write is first recorded in
 * {@code ledger_outbox} (in the caller's database transaction, so it commits with the change it
 * belongs to), then delivered with the row id as the ledger transaction id: a write retried after
 * an outage or a crash is therefore applied at most once by the ledger, and at least once by the
 * retrier, which is exactly once.
 */
@ApplicationScoped
public class Outbox {

  private static final Logger LOG = Logger.getLogger(Outbox.class);

  /** How long a delivery attempt owns its row before the retrier may take it over. */
  static final Duration LEASE = Duration.ofSeconds(60);

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
  private static final Duration PROJECTION_WAIT = Duration.ofSeconds(10);
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  @Inject GuardedLedger ledger;
  @Inject HostedOrganisations hosted;
  @Inject ContractReads reads;
  @Inject Projector projector;
  @Inject ObjectMapper json;

  /**
   * Records a write in the current transaction and returns its ledger transaction id; call {@link
   * #deliver} after the transaction commits. Callers write through {@link ContractLedger}, which
   * builds the arguments from the contract's request types.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  String enqueue(String orgId, Tx tx, List<String> args) {
    if (tx.intent() != Tx.Intent.SUBMIT) {
      throw new IllegalArgumentException(tx.txName() + " only reads; it is not a ledger write");
    }
    OutboxEntry entry = new OutboxEntry();
    entry.id = "mitai-" + UUID.randomUUID();
    entry.orgId = orgId;
    entry.function = tx.txName();
    try {
      entry.args = json.writeValueAsString(args);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    entry.state = OutboxState.PENDING;
    Instant now = Instant.now();
    entry.nextAttemptAt = now.plus(LEASE);
    entry.createdAt = now;
    entry.updatedAt = now;
    entry.persist();
    return entry.id;
  }

  /**
   * Records and delivers a write that belongs to no other database change. The entry just written
   * is delivered from memory: reading it back would cost a database transaction per write.
   */
  LedgerWrite submit(String orgId, Tx tx, String... args) {
    List<String> arguments = List.of(args);
    return submit(orgId, tx, () -> arguments);
  }

  /**
   * The same, with arguments made in the transaction that records the write: checks that read the
   * database to make them share that transaction, and one that throws records nothing.
   */
  LedgerWrite submit(String orgId, Tx tx, Supplier<List<String>> checkedArgs) {
    record Enqueued(String id, List<String> args) {}
    Enqueued entry =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  List<String> arguments = checkedArgs.get();
                  return new Enqueued(enqueue(orgId, tx, arguments), arguments);
                });
    return attempt(new Attempt(entry.id(), orgId, tx.txName(), entry.args(), 0));
  }

  /** What one delivery attempt needs of its entry. */
  private record Attempt(
      String id, String orgId, String function, List<String> args, int attempts) {}

  /**
   * Tries to commit the entry on the ledger now. When it commits, waits (briefly) until the
   * projection shows it, so the caller reads its own write.
   */
  public LedgerWrite deliver(String id) {
    OutboxEntry entry =
        QuarkusTransaction.requiringNew().call(() -> OutboxEntry.<OutboxEntry>findById(id));
    if (entry == null) {
      throw new IllegalArgumentException("no outbox entry " + id);
    }
    if (entry.state == OutboxState.DONE) {
      return LedgerWrite.done(
          new SubmitResult(
              id,
              entry.blockNumber == null ? -1 : entry.blockNumber,
              entry.txIndex == null ? -1 : entry.txIndex,
              entry.response == null
                  ? new byte[0]
                  : entry.response.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return attempt(
        new Attempt(id, entry.orgId, entry.function, parseArgs(entry.args), entry.attempts));
  }

  private LedgerWrite attempt(Attempt entry) {
    String id = entry.id();
    Invocation invocation = new Invocation(Optional.of(id), entry.function(), entry.args());
    try {
      SubmitResult result = ledger.submit(hosted.identity(entry.orgId()), invocation);
      QuarkusTransaction.requiringNew().run(() -> markDone(id, result));
      projector.awaitProjected(result, PROJECTION_WAIT);
      return LedgerWrite.done(result);
    } catch (EndorsementException e) {
      Optional<String> landed = landedEarlier(entry, e);
      if (landed.isPresent()) {
        // Its position is not known (a later read of the ledger has it); the record is.
        SubmitResult result =
            new SubmitResult(id, -1, -1, landed.get().getBytes(StandardCharsets.UTF_8));
        QuarkusTransaction.requiringNew().run(() -> markDone(id, result));
        LOG.infof(
            "ledger write %s %s had landed in an earlier attempt (the retry was refused as %s)",
            entry.function(), id, e.errorCode().orElse("?"));
        return LedgerWrite.done(result);
      }
      QuarkusTransaction.requiringNew().run(() -> markRefused(id, e));
      LOG.infof("ledger refused %s %s: %s", entry.function(), id, e.getMessage());
      return LedgerWrite.refused(id, e);
    } catch (LedgerException e) {
      QuarkusTransaction.requiringNew().run(() -> markRetry(id, e));
      LOG.warnf("ledger write %s %s postponed: %s", entry.function(), id, e.getMessage());
      return LedgerWrite.pending(id);
    }
  }

  /**
   * On a replay refusal of an entry whose earlier attempt ended without an answer, the record that
   * shows the earlier attempt landed ({@link Replay}); empty otherwise.
   */
  private Optional<String> landedEarlier(Attempt entry, EndorsementException refusal) {
    if (entry.attempts() == 0
        || refusal.errorCode().filter(Replay.REPLAY_CODES::contains).isEmpty()) {
      return Optional.empty();
    }
    Optional<Tx> tx = Tx.named(entry.function());
    if (tx.isEmpty()) {
      return Optional.empty();
    }
    return Replay.landed(
        tx.get(),
        entry.args(),
        (read, recordId) -> {
          try {
            return Optional.of(reads.json(entry.orgId(), read, recordId));
          } catch (LedgerException e) {
            return Optional.empty();
          }
        });
  }

  /** Takes up to {@code limit} due entries (skipping rows another node holds) and leases them. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<String> claimDue(int limit) {
    @SuppressWarnings("unchecked")
    List<String> ids =
        OutboxEntry.getEntityManager()
            .createNativeQuery(
                "select id from ledger_outbox where state = 'PENDING' and next_attempt_at <= now()"
                    + " order by created_at limit :limit for update skip locked")
            .setParameter("limit", limit)
            .getResultList();
    Instant leaseEnd = Instant.now().plus(LEASE);
    for (String id : ids) {
      OutboxEntry.update("nextAttemptAt = ?1 where id = ?2", leaseEnd, id);
    }
    return ids;
  }

  /** Number of writes still waiting for the ledger. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public long pendingCount() {
    return OutboxEntry.count("state", OutboxState.PENDING);
  }

  /** One statement, no read: this runs once per ledger write. */
  private static void markDone(String id, SubmitResult result) {
    boolean placed = result.blockNumber() >= 0;
    OutboxEntry.update(
        "state = ?1, attempts = attempts + 1, blockNumber = ?2, txIndex = ?3, response = ?4,"
            + " lastError = null, updatedAt = ?5 where id = ?6",
        OutboxState.DONE,
        placed ? result.blockNumber() : null,
        placed ? result.txIndex() : null,
        result.payloadUtf8(),
        Instant.now(),
        id);
  }

  private static void markRefused(String id, EndorsementException e) {
    OutboxEntry entry = OutboxEntry.findById(id);
    entry.state = OutboxState.REFUSED;
    entry.attempts++;
    entry.errorCode = e.errorCode().orElse(null);
    entry.lastError = e.getMessage();
    entry.updatedAt = Instant.now();
  }

  private static void markRetry(String id, LedgerException e) {
    OutboxEntry entry = OutboxEntry.findById(id);
    entry.attempts++;
    long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(entry.attempts, 6));
    entry.nextAttemptAt = Instant.now().plusSeconds(seconds);
    entry.lastError = e.getMessage();
    entry.updatedAt = Instant.now();
  }

  private List<String> parseArgs(String args) {
    try {
      return json.readValue(args, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable outbox arguments", e);
    }
  }
}
