package io.mitai.platform.ledger.projection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The latest ledger version of one task record, as projected from ledger events. */
@Entity
@Table(name = "proj_task")
public class ProjectedTask extends PanacheEntityBase {

  @Id public String id;

  public String requester;
  public String status;

  /** Input asset ids, comma-separated with a leading and trailing comma. */
  @Column(name = "asset_ids")
  public String assetIds;

  /** The record's canonical JSON as the ledger holds it. */
  public String record;

  @Column(name = "block_number")
  public long blockNumber;

  @Column(name = "tx_index")
  public int txIndex;

  /** The transaction that wrote this version. */
  @Column(name = "tx_id")
  public String txId;
}
