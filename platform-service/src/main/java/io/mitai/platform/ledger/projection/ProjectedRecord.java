package io.mitai.platform.ledger.projection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/**
 * What every projected record keeps of the ledger: its canonical JSON and the position of the
 * transaction that wrote this version, so the projection can be compared with and rebuilt from the
 * ledger.
 */
@MappedSuperclass
public abstract class ProjectedRecord extends PanacheEntityBase {

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
