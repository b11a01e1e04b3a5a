package io.mitai.platform.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One ledger write waiting for, or done by, the outbox. Its id is the ledger transaction id. */
@Entity
@Table(name = "ledger_outbox")
public class OutboxEntry extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "org_id")
  public String orgId;

  public String function;

  /** The transaction's arguments as a JSON array of strings. */
  public String args;

  @Enumerated(EnumType.STRING)
  public OutboxState state;

  public int attempts;

  @Column(name = "next_attempt_at")
  public Instant nextAttemptAt;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "error_code")
  public String errorCode;

  @Column(name = "block_number")
  public Long blockNumber;

  @Column(name = "tx_index")
  public Integer txIndex;

  public String response;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
