package io.mitai.platform.ledger.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The latest ledger version of one task record, as projected from ledger events. */
@Entity
@Table(name = "proj_task")
public class ProjectedTask extends ProjectedRecord {

  @Id public String id;

  public String requester;
  public String status;

  /** Input asset ids, comma-separated with a leading and trailing comma. */
  @Column(name = "asset_ids")
  public String assetIds;
}
