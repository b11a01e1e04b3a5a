package io.mitai.platform.grant;

import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Column;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.Operation;
import io.mitai.platform.grant.api.GrantRequest;
import io.mitai.platform.grant.api.GrantView;
import io.mitai.platform.ledger.LedgerRecords;
import io.mitai.platform.ledger.projection.ProjectedAsset;
import io.mitai.platform.ledger.projection.ProjectedGrant;
import io.mitai.platform.ledger.projection.ProjectedOrganisation;
import io.mitai.platform.outbox.ContractLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.problem.LedgerProblems;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.validation.Validate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Grants: issued and revoked on the ledger (through the outbox) by the asset's owner, listed from
 * the projection. The node checks what it can answer precisely (asset, grantee, columns) before
 * writing; the contract enforces every rule again.
 */
@ApplicationScoped
public class GrantService {

  /** The ledger's operations and assurance levels, in the contract's order. */
  static final List<String> OPERATIONS = Arrays.stream(Operation.values()).map(Enum::name).toList();

  static final List<String> ASSURANCES = Arrays.stream(Assurance.values()).map(Enum::name).toList();

  /** How far ahead a grant's dates may lie: 100 years (36,525 days). */
  static final Duration MAX_VALIDITY = Duration.ofDays(36_525);

  /** No grant date lies before this. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  private static final Pattern INSTANT =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z");

  /** Bounds of a grant's aggregation floor (the chaincode checks them again). */
  static final int MIN_GROUP_SIZE = 2;

  static final int MAX_GROUP_SIZE = 1_000_000;

  @Inject ContractLedger contract;

  /** The issued grant (DONE) or its id while its ledger write waits (PENDING). */
  public record Issued(String grantId, LedgerWrite write) {}

  public Issued issue(String orgId, GrantRequest request) {
    if (request == null) {
      throw invalid("a JSON body is required");
    }
    Validate.id("assetId", request.assetId());
    Validate.id("grantee", request.grantee());
    Validate.text("purpose", request.purpose(), Validate.MAX_TEXT);
    Validate.optionalText("legalBasis", request.legalBasis(), Validate.MAX_TEXT);
    Validate.names("columns", request.columns());
    Validate.names("algorithms", request.algorithms());
    require(request.validUntil(), "validUntil");
    if (request.maxUses() == null || request.maxUses() < 1) {
      throw invalid("`maxUses` must be a positive number");
    }
    if (request.operations() == null || request.operations().isEmpty()) {
      throw invalid("`operations` must name at least one of " + OPERATIONS);
    }
    for (String op : request.operations()) {
      if (!OPERATIONS.contains(op)) {
        throw new ProblemException(
            ProblemType.INVALID_ARGUMENT,
            "unknown operation '" + op + "'; use one of " + OPERATIONS);
      }
    }
    String assurance = request.minAssurance() == null ? "MPC_SEMI_HONEST" : request.minAssurance();
    if (!ASSURANCES.contains(assurance)) {
      throw new ProblemException(
          ProblemType.INVALID_ARGUMENT, "unknown minAssurance; use one of " + ASSURANCES);
    }
    if (request.minGroupSize() != null
        && (request.minGroupSize() < MIN_GROUP_SIZE || request.minGroupSize() > MAX_GROUP_SIZE)) {
      throw new ProblemException(
          ProblemType.INVALID_ARGUMENT,
          "`minGroupSize` must be "
              + MIN_GROUP_SIZE
              + ".."
              + MAX_GROUP_SIZE
              + " (default "
              + GrantView.DEFAULT_MIN_GROUP_SIZE
              + "); a floor of 1 would release single rows");
    }
    // Their order is the ledger's rule (INVALID_ARGUMENT); the node bounds each one.
    instant(request.validUntil(), "validUntil");
    if (request.validFrom() != null) {
      instant(request.validFrom(), "validFrom");
    }
    String grantId = "grant-" + UUID.randomUUID();
    // The node's checks against its projection run in the transaction that records the write.
    LedgerWrite write =
        contract.issueGrant(
            orgId,
            () -> {
              ProjectedAsset asset = ProjectedAsset.findById(request.assetId());
              if (asset == null) {
                throw ProblemException.notFound("asset", request.assetId());
              }
              if (!asset.owner.equals(orgId)) {
                throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    "asset '" + asset.id + "' belongs to " + asset.owner + "; only it may grant");
              }
              if ("DESTROYED".equals(asset.status)) {
                throw new ProblemException(
                    ProblemType.ASSET_DESTROYED, "asset '" + asset.id + "' is destroyed");
              }
              if (ProjectedOrganisation.findById(request.grantee()) == null) {
                throw new ProblemException(
                    ProblemType.INVALID_ARGUMENT,
                    "grantee '" + request.grantee() + "' is not a registered organisation");
              }
              List<String> known = new ArrayList<>();
              for (Column c : LedgerRecords.decode(asset.record, DataAsset.class).columns()) {
                known.add(c.name());
              }
              if (request.columns() == null || request.columns().isEmpty()) {
                throw invalid("`columns` must name at least one column of the asset");
              }
              for (String column : request.columns()) {
                if (!known.contains(column)) {
                  throw new ProblemException(
                      ProblemType.UNKNOWN_COLUMN,
                      "asset '" + asset.id + "' has no column '" + column + "'; it has " + known);
                }
              }
              // The contract's request runs the contract's own checks of it here (duplicates,
              // dates in order, operations usable at the minimum, algorithms iff TEE_JOB), failing
              // as the ledger's refusal would; resultRecipients stay absent (the grantee, by the
              // contract's default).
              return LedgerProblems.checked(
                  () ->
                      new io.mitai.contract.model.GrantRequest(
                          grantId,
                          request.assetId(),
                          request.grantee(),
                          request.operations().stream().map(Operation::valueOf).toList(),
                          request.columns(),
                          request.purpose(),
                          request.legalBasis() == null ? "" : request.legalBasis(),
                          request.validFrom() == null ? null : Instant.parse(request.validFrom()),
                          Instant.parse(request.validUntil()),
                          request.maxUses(),
                          Assurance.valueOf(assurance),
                          request.algorithms() == null ? List.of() : request.algorithms(),
                          null,
                          request.minGroupSize()));
            });
    if (write.refusal().isPresent()) {
      throw LedgerProblems.of(write.refusal().get());
    }
    return new Issued(grantId, write);
  }

  public LedgerWrite revoke(String orgId, String grantId, String reason) {
    ProjectedGrant grant =
        QuarkusTransaction.requiringNew().call(() -> ProjectedGrant.findById(grantId));
    if (grant == null || !(grant.owner.equals(orgId) || grant.grantee.equals(orgId))) {
      throw ProblemException.notFound("grant", grantId);
    }
    if (!grant.owner.equals(orgId)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "only the owner " + grant.owner + " may revoke");
    }
    if ("REVOKED".equals(grant.status)) {
      throw new ProblemException(
          ProblemType.INVALID_STATE, "grant '" + grantId + "' is already revoked");
    }
    Validate.optionalText("reason", reason, Validate.MAX_TEXT);
    String why = reason == null || reason.isBlank() ? "revoked by its owner" : reason;
    LedgerWrite write = contract.revokeGrant(orgId, grantId, why);
    if (write.refusal().isPresent()) {
      throw LedgerProblems.of(write.refusal().get());
    }
    return write;
  }

  /**
   * The grant a DONE write left on the ledger, from the record the contract answered with (the
   * bytes the projection holds: reading them back would cost a database transaction per write);
   * from the projection if the write kept no answer.
   */
  public GrantView written(String orgId, String grantId, LedgerWrite write) {
    return write
        .record(Grant.class)
        .map(g -> GrantView.of(g, write.txId()))
        .orElseGet(() -> get(orgId, grantId));
  }

  /** Grants given and received by the caller, optionally filtered. */
  public List<GrantView> list(String orgId, String assetId, String grantee) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ProjectedGrant.<ProjectedGrant>list(
                        "(owner = ?1 or grantee = ?1) order by id", orgId)
                    .stream()
                    .filter(g -> assetId == null || assetId.equals(g.assetId))
                    .filter(g -> grantee == null || grantee.equals(g.grantee))
                    .map(g -> GrantView.of(LedgerRecords.decode(g.record, Grant.class), g.txId))
                    .toList());
  }

  public GrantView get(String orgId, String grantId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ProjectedGrant g = ProjectedGrant.findById(grantId);
              if (g == null || !(g.owner.equals(orgId) || g.grantee.equals(orgId))) {
                throw ProblemException.notFound("grant", grantId);
              }
              return GrantView.of(LedgerRecords.decode(g.record, Grant.class), g.txId);
            });
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw invalid("`" + field + "` is required");
    }
  }

  /**
   * An ISO-8601 instant in UTC with a four-digit year ({@code 2030-01-01T00:00:00Z}, optionally
   * with a fraction): {@code +999999-01-01T00:00:00Z} and offsets other than {@code Z} are refused.
   */
  private static Instant instant(String value, String field) {
    Instant parsed;
    try {
      if (!INSTANT.matcher(value).matches()) {
        throw new DateTimeParseException("not yyyy-MM-ddTHH:mm:ss[.f]Z", value, 0);
      }
      parsed = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid("`" + field + "` must be an ISO-8601 instant such as 2030-01-01T00:00:00Z");
    }
    if (parsed.isBefore(EARLIEST) || parsed.isAfter(Instant.now().plus(MAX_VALIDITY))) {
      throw invalid("`" + field + "` must lie between 2000-01-01T00:00:00Z and 100 years from now");
    }
    return parsed;
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_REQUEST, detail);
  }
}
