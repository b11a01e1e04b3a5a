package io.mitai.chaincode.state;

import io.mitai.contract.model.Check;
import java.util.Optional;

/**
 * The key scheme of the world state.
 *
 * <p>Primary keys are plain strings {@code <type>:<id>} with type one of {@code org}, {@code
 * asset}, {@code grant}, {@code task}, {@code algorithm} (whose id is the 64-hex measurement); the
 * value is the record's canonical JSON. Secondary indexes are composite keys (object type and
 * attributes joined by U+0000, as the shim's {@code CompositeKey} does) whose value is a single
 * 0x00 byte:
 *
 * <ul>
 *   <li>{@code asset~owner (owner, assetId)}
 *   <li>{@code grant~asset (assetId, grantId)}
 *   <li>{@code grant~grantee (grantee, grantId)}
 *   <li>{@code task~asset (assetId, taskId)} &mdash; one per input
 *   <li>{@code task~requester (requester, taskId)}
 *   <li>{@code algorithm~name (name, version, measurement)} &mdash; a full scan lists the
 *       allow-list in (name, version, measurement) order
 * </ul>
 *
 * Indexed fields never change after a record is created, so index entries are written once.
 */
public final class Keys {

  /** Primary key prefix of organisations. */
  public static final String ORG = "org";

  /** Primary key prefix of data assets. */
  public static final String ASSET = "asset";

  /** Primary key prefix of grants. */
  public static final String GRANT = "grant";

  /** Primary key prefix of tasks. */
  public static final String TASK = "task";

  /** Primary key prefix of compute centres; the id is the organisation's MSP ID. */
  public static final String CENTRE = "centre";

  /**
   * Primary key prefix of key releases: {@code release:<taskId>:<input index, two digits>}, one per
   * input of a task run at a compute centre.
   */
  public static final String RELEASE = "release";

  /** Primary key prefix of TEE algorithms; the id is the measurement. */
  public static final String ALGORITHM = "algorithm";

  /** Index of assets by owner. */
  public static final String ASSET_BY_OWNER = "asset~owner";

  /** Index of grants by asset. */
  public static final String GRANT_BY_ASSET = "grant~asset";

  /** Index of grants by grantee. */
  public static final String GRANT_BY_GRANTEE = "grant~grantee";

  /** Index of tasks by input asset. */
  public static final String TASK_BY_ASSET = "task~asset";

  /** Index of tasks by requester. */
  public static final String TASK_BY_REQUESTER = "task~requester";

  /** Index of algorithms by name, then version, then measurement. */
  public static final String ALGORITHM_BY_NAME = "algorithm~name";

  /**
   * Composite key {@code asset~rights/<assetId>}: the decimal count of rights changes on the asset
   * (grants issued and revoked, destruction). It carries the owner's key-level endorsement policy;
   * see {@link LedgerStore}.
   */
  public static final String ASSET_RIGHTS = "asset~rights";

  private Keys() {}

  /** The primary key {@code <type>:<id>}. */
  public static String primary(String type, String id) {
    return type + ":" + id;
  }

  /**
   * Validates a primary key given by a client (as to {@code GetHistory}).
   *
   * @param key the key
   * @return the key, if it is {@code <type>:<id>} with a known type and a valid id (for {@code
   *     algorithm}, a measurement of 64 lowercase hex)
   */
  public static Optional<String> parsePrimary(String key) {
    if (key == null) {
      return Optional.empty();
    }
    int colon = key.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String type = key.substring(0, colon);
    String id = key.substring(colon + 1);
    if (type.equals(ALGORITHM)) {
      return Check.HEX64.matcher(id).matches() ? Optional.of(key) : Optional.empty();
    }
    boolean knownType =
        type.equals(ORG)
            || type.equals(ASSET)
            || type.equals(GRANT)
            || type.equals(TASK)
            || type.equals(CENTRE);
    return knownType && Check.ID.matcher(id).matches() ? Optional.of(key) : Optional.empty();
  }

  /** The key of input {@code index}'s release in task {@code taskId}. */
  public static String release(String taskId, int index) {
    return String.format(java.util.Locale.ROOT, "%s:%s:%02d", RELEASE, taskId, index);
  }

  /** Start of the key range holding every primary key of {@code type}. */
  static String rangeStart(String type) {
    return type + ":";
  }

  /** End (exclusive) of the key range holding every primary key of {@code type}. */
  static String rangeEnd(String type) {
    return type + ";"; // ';' is the character after ':'
  }
}
