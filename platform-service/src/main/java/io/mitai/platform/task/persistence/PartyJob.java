package io.mitai.platform.task.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** This node's part in a session another node leads ({@code party_job}). */
@Entity
@Table(name = "party_job")
public class PartyJob extends PanacheEntityBase {

  @Id
  @Column(name = "task_id")
  public String taskId;

  /** The hosted organisation that owns an input of the task. */
  @Column(name = "org_id")
  public String orgId;

  public String requester;

  @Convert(converter = PartyJobStateColumn.class)
  public JobState state;

  /** The node instance running it. */
  @Column(name = "claimed_by")
  public String claimedBy;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
