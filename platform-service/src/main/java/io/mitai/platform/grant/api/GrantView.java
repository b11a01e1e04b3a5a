package io.mitai.platform.grant.api;

import io.mitai.contract.model.Grant;
import java.util.List;

/**
 * A grant as the ledger holds it. Instants are ISO-8601 UTC; {@code status} is ACTIVE or REVOKED
 * (ledger), or PENDING while its issue waits in the outbox; {@code ledgerTxId} wrote this version.
 * {@code minGroupSize} is the grant's aggregation floor ({@value #DEFAULT_MIN_GROUP_SIZE} for a
 * ledger record written before grants carried one).
 */
public record GrantView(
    String id,
    String assetId,
    String owner,
    String grantee,
    List<String> operations,
    List<String> columns,
    String purpose,
    String legalBasis,
    String validFrom,
    String validUntil,
    int maxUses,
    int usesConsumed,
    int usesLeft,
    String minAssurance,
    int minGroupSize,
    List<String> algorithms,
    String status,
    String revokedReason,
    String createdAt,
    String updatedAt,
    String ledgerTxId) {

  /** The floor of a grant that names none, as the chaincode reads it. */
  public static final int DEFAULT_MIN_GROUP_SIZE = Grant.DEFAULT_MIN_GROUP_SIZE;

  public static GrantView of(Grant g, String txId) {
    return new GrantView(
        g.id(),
        g.assetId(),
        g.owner(),
        g.grantee(),
        g.operations().stream().map(Enum::name).toList(),
        g.columns(),
        g.purpose(),
        g.legalBasis(),
        g.validFrom().toString(),
        g.validUntil().toString(),
        g.maxUses(),
        g.usesConsumed(),
        g.usesLeft(),
        g.minAssurance().name(),
        g.effectiveMinGroupSize(),
        g.algorithms(),
        g.status().name(),
        g.revokedReason(),
        g.createdAt().toString(),
        g.updatedAt().toString(),
        txId);
  }
}
