package io.mitai.platform.grant.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.platform.ledger.RecordJson;
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
  public static final int DEFAULT_MIN_GROUP_SIZE = 10;

  /** The floor of a grant record (the default for a record without one). */
  public static int minGroupSize(JsonNode grant) {
    return grant.path("minGroupSize").isInt()
        ? grant.path("minGroupSize").asInt()
        : DEFAULT_MIN_GROUP_SIZE;
  }

  public static GrantView of(JsonNode r, String txId) {
    int max = r.path("maxUses").asInt();
    int used = r.path("usesConsumed").asInt();
    return new GrantView(
        r.path("id").asText(),
        r.path("assetId").asText(),
        r.path("owner").asText(),
        r.path("grantee").asText(),
        RecordJson.strings(r.path("operations")),
        RecordJson.strings(r.path("columns")),
        r.path("purpose").asText(),
        r.path("legalBasis").asText(),
        r.path("validFrom").asText(),
        r.path("validUntil").asText(),
        max,
        used,
        max - used,
        r.path("minAssurance").asText(),
        minGroupSize(r),
        RecordJson.strings(r.path("algorithms")),
        r.path("status").asText(),
        RecordJson.text(r, "revokedReason"),
        r.path("createdAt").asText(),
        r.path("updatedAt").asText(),
        txId);
  }
}
