package io.mitai.contract.model;

import java.time.Instant;
import java.util.List;

/**
 * The owner's permission for another organisation to use one asset. State key {@code grant:<id>}.
 * Lists are stored sorted, so equal grants have equal bytes.
 *
 * @param id client-chosen id
 * @param assetId the asset
 * @param owner the asset's owner (the issuing caller)
 * @param grantee the organisation allowed to use the asset; never the owner
 * @param operations allowed operations, non-empty, sorted by name
 * @param columns allowed columns, non-empty, each in the asset schema, sorted
 * @param purpose what the use is for
 * @param legalBasis free text, "" when not given
 * @param validFrom first instant of validity (inclusive)
 * @param validUntil end of validity (exclusive)
 * @param maxUses how many tasks may use the grant, {@code >= 1}
 * @param usesConsumed how many admitted tasks used it
 * @param minAssurance the least assurance a task must run at, see {@link Assurance#satisfies}
 * @param minGroupSize the aggregation floor: the fewest rows (all inputs together) behind any
 *     released group, joined intersection or statistic of a task using this grant, {@value
 *     #MIN_GROUP_SIZE_FLOOR}..{@value #MAX_GROUP_SIZE}; absent on grants issued before the field
 *     existed, which read as {@value #DEFAULT_MIN_GROUP_SIZE} (see {@link #effectiveMinGroupSize})
 * @param algorithms allowed TEE algorithm measurements (64 hex), non-empty iff TEE_JOB is allowed,
 *     sorted
 * @param resultRecipients organisations that may receive results, sorted; defaults to the grantee
 * @param status ACTIVE or REVOKED
 * @param revokedReason why it was revoked; absent while ACTIVE
 * @param createdAt transaction time of issue
 * @param updatedAt transaction time of the latest change (revocation or a consumed use)
 */
public record Grant(
    String id,
    String assetId,
    String owner,
    String grantee,
    List<Operation> operations,
    List<String> columns,
    String purpose,
    String legalBasis,
    Instant validFrom,
    Instant validUntil,
    int maxUses,
    int usesConsumed,
    Assurance minAssurance,
    Integer minGroupSize,
    List<String> algorithms,
    List<String> resultRecipients,
    GrantStatus status,
    String revokedReason,
    Instant createdAt,
    Instant updatedAt) {
  /** The floor of a grant that does not name one (and of every grant issued before the field). */
  public static final int DEFAULT_MIN_GROUP_SIZE = 10;

  /** The lowest floor a grant may set: a group of one row would be that row. */
  public static final int MIN_GROUP_SIZE_FLOOR = 2;

  /** The highest floor a grant may set. */
  public static final int MAX_GROUP_SIZE = 1_000_000;

  /** Checks presence and copies the lists. */
  public Grant {
    Check.present("id", id);
    Check.present("assetId", assetId);
    Check.present("owner", owner);
    Check.present("grantee", grantee);
    operations = Check.list("operations", operations, true);
    columns = Check.list("columns", columns, true);
    Check.present("purpose", purpose);
    Check.present("legalBasis", legalBasis);
    Check.present("validFrom", validFrom);
    Check.present("validUntil", validUntil);
    Check.present("minAssurance", minAssurance);
    algorithms = Check.list("algorithms", algorithms, false);
    resultRecipients = Check.list("resultRecipients", resultRecipients, true);
    Check.present("status", status);
    Check.present("createdAt", createdAt);
    Check.present("updatedAt", updatedAt);
  }

  /**
   * The floor this grant imposes: its {@code minGroupSize}, or {@value #DEFAULT_MIN_GROUP_SIZE} for
   * a record written before grants carried one.
   */
  public int effectiveMinGroupSize() {
    return minGroupSize == null ? DEFAULT_MIN_GROUP_SIZE : minGroupSize;
  }

  /** Uses left before the grant is exhausted. */
  public int usesLeft() {
    return maxUses - usesConsumed;
  }

  /** This grant with one more use consumed at {@code now}. */
  public Grant withUseConsumed(Instant now) {
    return new Grant(
        id,
        assetId,
        owner,
        grantee,
        operations,
        columns,
        purpose,
        legalBasis,
        validFrom,
        validUntil,
        maxUses,
        usesConsumed + 1,
        minAssurance,
        minGroupSize,
        algorithms,
        resultRecipients,
        status,
        revokedReason,
        createdAt,
        now);
  }

  /** This grant, revoked at {@code now} for {@code reason}. */
  public Grant revoked(String reason, Instant now) {
    return new Grant(
        id,
        assetId,
        owner,
        grantee,
        operations,
        columns,
        purpose,
        legalBasis,
        validFrom,
        validUntil,
        maxUses,
        usesConsumed,
        minAssurance,
        minGroupSize,
        algorithms,
        resultRecipients,
        GrantStatus.REVOKED,
        reason,
        createdAt,
        now);
  }
}
