package io.mitai.platform.task.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One task in this node's durable work queue ({@code task_job}). */
@Entity
@Table(name = "task_job")
public class TaskJob extends PanacheEntityBase {

  @Id
  @Column(name = "task_id")
  public String taskId;

  /** The requester. */
  @Column(name = "org_id")
  public String orgId;

  @Enumerated(EnumType.STRING)
  public JobState state;

  public int attempts;

  /** The node instance that claimed it. */
  @Column(name = "claimed_by")
  public String claimedBy;

  @Column(name = "claimed_at")
  public Instant claimedAt;

  /** The task plan as JSON (operation, inputs, params, dealer). */
  public String params;

  @Column(name = "last_error")
  public String lastError;

  /** Outbox entry (= ledger transaction id) of SubmitTask. */
  @Column(name = "submit_tx")
  public String submitTx;

  /** Outbox entry of RecordTaskStarted, once claimed. */
  @Column(name = "started_tx")
  public String startedTx;

  /** Outbox entry of RecordTaskResult or RecordTaskFailure. */
  @Column(name = "finish_tx")
  public String finishTx;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
