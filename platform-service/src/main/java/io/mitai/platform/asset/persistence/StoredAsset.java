package io.mitai.platform.asset.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Where and how an asset's ciphertext is kept on this node. {@code wrappedKey} is the data key
 * encrypted under the owner's key-encryption key {@code kekAlias}; destroying the asset deletes it
 * (crypto-shredding) together with the ciphertext file.
 */
@Entity
@Table(name = "asset_store")
public class StoredAsset extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "org_id")
  public String orgId;

  @Column(name = "kek_alias")
  public String kekAlias;

  @Column(name = "wrapped_key")
  public byte[] wrappedKey;

  @Column(name = "nonce_prefix")
  public byte[] noncePrefix;

  @Column(name = "segment_count")
  public int segmentCount;

  @Column(name = "segment_size")
  public int segmentSize;

  /** The ciphertext file, relative to the data directory. */
  public String ciphertext;

  /** The asset's name and typed columns as JSON: {@code {"name":..,"columns":[..]}}. */
  @Column(name = "schema_json")
  public String schemaJson;

  @Column(name = "row_count")
  public long rowCount;

  public String commitment;

  /** The outbox entry (= ledger transaction id) of its RegisterAsset. */
  @Column(name = "outbox_id")
  public String outboxId;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "destroyed_at")
  public Instant destroyedAt;
}
