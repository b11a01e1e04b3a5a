package io.mitai.platform.ledger.projection;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The latest ledger version of one asset record, as projected from ledger events. */
@Entity
@Table(name = "proj_asset")
public class ProjectedAsset extends ProjectedRecord {

  @Id public String id;

  public String owner;
  public String name;
  public String status;
}
