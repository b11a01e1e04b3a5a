package io.mitai.platform.ledger.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The latest ledger version of one organisation record, as projected from ledger events. */
@Entity
@Table(name = "proj_organisation")
public class ProjectedOrganisation extends ProjectedRecord {

  @Id public String id;

  @Column(name = "display_name")
  public String displayName;

  public String endpoint;

  @Column(name = "public_key")
  public String publicKey;
}
