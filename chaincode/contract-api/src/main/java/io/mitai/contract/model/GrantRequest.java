package io.mitai.contract.model;

import java.time.Instant;
import java.util.List;

/**
 * Input of {@code IssueGrant}. Lists are checked for duplicates and sorted here; absent optional
 * fields stay {@code null} and get their defaults from the rules (which know the transaction time).
 *
 * <pre>{@code {"id":"grant-1","assetId":"asset-1","grantee":"Org2MSP","operations":["PSI"],
 *  "columns":["email"],"purpose":"fraud screening","legalBasis":"contract 2025-17",
 *  "validUntil":"2026-12-31T00:00:00Z","maxUses":10,"minAssurance":"MPC_SEMI_HONEST"}}</pre>
 *
 * @param id required grant id
 * @param assetId required; the caller must own the asset
 * @param grantee required MSP ID of a registered organisation other than the owner
 * @param operations required, non-empty, no duplicates
 * @param columns required, non-empty, no duplicates, each in the asset schema
 * @param purpose required, 1..1024 characters
 * @param legalBasis optional free text (default "")
 * @param validFrom optional ISO-8601 instant (default: the transaction time)
 * @param validUntil required ISO-8601 instant after the transaction time and after validFrom
 * @param maxUses required, {@code >= 1}
 * @param minAssurance required; every operation must be able to run at a level satisfying it
 * @param algorithms TEE measurements (64 hex); required non-empty iff TEE_JOB is granted, else
 *     absent or empty
 * @param resultRecipients optional organisations that may receive results (default: the grantee)
 * @param minGroupSize optional aggregation floor, {@value Grant#MIN_GROUP_SIZE_FLOOR}..{@value
 *     Grant#MAX_GROUP_SIZE} (default {@value Grant#DEFAULT_MIN_GROUP_SIZE})
 */
public record GrantRequest(
    String id,
    String assetId,
    String grantee,
    List<Operation> operations,
    List<String> columns,
    String purpose,
    String legalBasis,
    Instant validFrom,
    Instant validUntil,
    Integer maxUses,
    Assurance minAssurance,
    List<String> algorithms,
    List<String> resultRecipients,
    Integer minGroupSize) {

  /** Validates the shape of the request and sorts its lists. */
  public GrantRequest {
    Check.id("id", id);
    Check.id("assetId", assetId);
    Check.id("grantee", grantee);
    operations = Check.list("operations", operations, true);
    Check.distinct("operations", operations, Operation::name);
    operations = Check.sorted(operations, Operation::name);
    columns = Check.list("columns", columns, true);
    for (String column : columns) {
      Check.text("columns[]", column, Check.MAX_NAME);
    }
    Check.distinct("columns", columns, c -> c);
    columns = Check.sorted(columns, c -> c);
    Check.text("purpose", purpose, Check.MAX_TEXT);
    legalBasis = Check.textOrEmpty("legalBasis", legalBasis, Check.MAX_TEXT);
    Check.present("validUntil", validUntil);
    if (validFrom != null && !validUntil.isAfter(validFrom)) {
      throw Check.invalid("field 'validUntil' must be after 'validFrom'");
    }
    Check.positive("maxUses", maxUses);
    Check.present("minAssurance", minAssurance);
    for (Operation operation : operations) {
      if (!operation.usableWith(minAssurance)) {
        throw Check.invalid(
            "operation "
                + operation
                + " can never run at an assurance satisfying minAssurance "
                + minAssurance);
      }
    }
    algorithms = Check.list("algorithms", algorithms == null ? List.of() : algorithms, false);
    for (String algorithm : algorithms) {
      Check.hex64("algorithms[]", algorithm);
    }
    Check.distinct("algorithms", algorithms, a -> a);
    algorithms = Check.sorted(algorithms, a -> a);
    boolean tee = operations.contains(Operation.TEE_JOB);
    if (tee && algorithms.isEmpty()) {
      throw Check.invalid("field 'algorithms' must name at least one measurement for TEE_JOB");
    }
    if (!tee && !algorithms.isEmpty()) {
      throw Check.invalid("field 'algorithms' must be empty unless TEE_JOB is granted");
    }
    if (resultRecipients != null) {
      resultRecipients = Check.list("resultRecipients", resultRecipients, true);
      for (String recipient : resultRecipients) {
        Check.id("resultRecipients[]", recipient);
      }
      Check.distinct("resultRecipients", resultRecipients, r -> r);
      resultRecipients = Check.sorted(resultRecipients, r -> r);
    }
    if (minGroupSize != null
        && (minGroupSize < Grant.MIN_GROUP_SIZE_FLOOR || minGroupSize > Grant.MAX_GROUP_SIZE)) {
      throw Check.invalid(
          "field 'minGroupSize' must be "
              + Grant.MIN_GROUP_SIZE_FLOOR
              + ".."
              + Grant.MAX_GROUP_SIZE
              + " (a floor of 1 would release single rows)");
    }
  }
}
