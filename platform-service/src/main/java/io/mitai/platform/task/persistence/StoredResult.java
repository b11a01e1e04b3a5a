package io.mitai.platform.task.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A result sealed to its requester (HPKE: encapsulated key and ciphertext, the task id as
 * associated data). Only the requester organisation's X25519 key opens it.
 */
@Entity
@Table(name = "task_result")
public class StoredResult extends PanacheEntityBase {

  @Id
  @Column(name = "task_id")
  public String taskId;

  public String requester;

  public byte[] enc;

  public byte[] ciphertext;

  /** SHA-256 (hex) of the canonical result document, as recorded on the ledger. */
  @Column(name = "result_hash")
  public String resultHash;

  @Column(name = "created_at")
  public Instant createdAt;
}
