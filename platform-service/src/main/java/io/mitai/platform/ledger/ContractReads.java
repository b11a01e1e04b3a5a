package io.mitai.platform.ledger;

import io.mitai.contract.Tx;
import io.mitai.contract.model.HistoryEntry;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.HostedOrganisations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's reads in the contract's language: a transaction of {@link Tx} and the record type it
 * answers with. Each read goes to the ledger itself (not the projection), as one of the hosted
 * organisations ({@code as}); a refusal is the contract's {@link EndorsementException}, an
 * unreachable ledger a {@link io.mitai.ledger.LedgerException}, both left to the caller, who knows
 * what a missing answer means for it.
 */
@ApplicationScoped
public class ContractReads {

  /** The record kinds of the contract's primary keys {@code <kind>:<id>} (for history). */
  public enum Kind {
    ORGANISATION("org"),
    ASSET("asset"),
    GRANT("grant"),
    TASK("task"),
    ALGORITHM("algorithm");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    /** The key prefix, also the name the node shows for the kind ({@code asset}, ...). */
    public String prefix() {
      return prefix;
    }

    /** The record's primary key on the ledger. */
    public String key(String id) {
      return prefix + ":" + id;
    }
  }

  @Inject GuardedLedger ledger;
  @Inject HostedOrganisations hosted;

  /** One record, e.g. {@code read(org, Tx.READ_TASK, taskId, Task.class)}. */
  public <T> T read(String as, Tx tx, String id, Class<T> type) {
    return LedgerRecords.decode(json(as, tx, id), type);
  }

  /** One record, or empty if the contract answers NOT_FOUND (other refusals are thrown). */
  public <T> Optional<T> find(String as, Tx tx, String id, Class<T> type) {
    try {
      return Optional.of(read(as, tx, id, type));
    } catch (EndorsementException e) {
      if (e.errorCode().filter("NOT_FOUND"::equals).isPresent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A list answer, e.g. {@code list(org, Tx.LIST_ALGORITHMS, Algorithm.class)}. */
  public <T> List<T> list(String as, Tx tx, Class<T> type, String... args) {
    return LedgerRecords.decodeList(json(as, tx, args), type);
  }

  /** Every version of one record, oldest first; each value is the record's canonical JSON. */
  public List<HistoryEntry> history(String as, Kind kind, String id) {
    return LedgerRecords.history(json(as, Tx.GET_HISTORY, kind.key(id)));
  }

  /**
   * The answer as the ledger gave it, for callers that keep the ledger's bytes (the projection
   * stores them, a replayed write returns them).
   */
  public String json(String as, Tx tx, String... args) {
    if (tx.intent() != Tx.Intent.EVALUATE) {
      throw new IllegalArgumentException(tx.txName() + " writes; it goes through the outbox");
    }
    return ledger.evaluate(hosted.identity(as), tx.txName(), args);
  }
}
