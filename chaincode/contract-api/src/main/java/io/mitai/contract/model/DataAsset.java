package io.mitai.contract.model;

import java.time.Instant;
import java.util.List;

/**
 * A registered data set. The ledger holds metadata and a commitment only, never data. State key
 * {@code asset:<id>}.
 *
 * @param id client-chosen id
 * @param owner MSP ID of the owning organisation (the registering caller)
 * @param name a human name
 * @param columns the schema, in file order, at least one column, unique names
 * @param rowCount number of rows, {@code >= 0}
 * @param commitment SHA-256 of the content, 64 lowercase hex
 * @param status ACTIVE or DESTROYED
 * @param destroyedReason why it was destroyed; absent while ACTIVE
 * @param createdAt transaction time of registration
 * @param updatedAt transaction time of the latest change
 */
public record DataAsset(
    String id,
    String owner,
    String name,
    List<Column> columns,
    long rowCount,
    String commitment,
    AssetStatus status,
    String destroyedReason,
    Instant createdAt,
    Instant updatedAt) {
  /** Checks presence and copies the schema. */
  public DataAsset {
    Check.present("id", id);
    Check.present("owner", owner);
    Check.present("name", name);
    columns = Check.list("columns", columns, true);
    Check.present("commitment", commitment);
    Check.present("status", status);
    Check.present("createdAt", createdAt);
    Check.present("updatedAt", updatedAt);
  }

  /** Whether the schema has a column of that name. */
  public boolean hasColumn(String column) {
    for (Column c : columns) {
      if (c.name().equals(column)) {
        return true;
      }
    }
    return false;
  }

  /** This asset, destroyed at {@code now} for {@code reason}. */
  public DataAsset destroyed(String reason, Instant now) {
    return new DataAsset(
        id,
        owner,
        name,
        columns,
        rowCount,
        commitment,
        AssetStatus.DESTROYED,
        reason,
        createdAt,
        now);
  }
}
