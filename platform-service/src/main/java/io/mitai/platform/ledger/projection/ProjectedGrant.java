package io.mitai.platform.ledger.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The latest ledger version of one grant record, as projected from ledger events. */
@Entity
@Table(name = "proj_grant")
public class ProjectedGrant extends ProjectedRecord {

  @Id public String id;

  @Column(name = "asset_id")
  public String assetId;

  public String owner;
  public String grantee;
  public String status;
}
