package io.mitai.chaincode.rules;

import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.model.AssetStatus;
import io.mitai.contract.model.Check;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.GrantRequest;
import io.mitai.contract.model.GrantStatus;
import java.time.Instant;
import java.util.List;

/** Rules of {@code IssueGrant} and {@code RevokeGrant}. */
public final class GrantRules {

  private GrantRules() {}

  /**
   * Issues a grant on one of the caller's assets. Checks, in order: id free (ALREADY_EXISTS), asset
   * exists (NOT_FOUND), caller owns it (FORBIDDEN), asset ACTIVE (INVALID_STATE), grantee is not
   * the owner (INVALID_ARGUMENT), grantee and recipients registered (NOT_FOUND), every allowed TEE
   * algorithm measurement registered on the allow-list (NOT_FOUND), columns in the schema and
   * validity window in the future (INVALID_ARGUMENT).
   *
   * @param request validated input
   * @param caller the caller's MSP ID
   * @param view committed state
   * @param now the transaction time
   * @return the record to write
   */
  public static Grant issue(GrantRequest request, String caller, LedgerView view, Instant now) {
    if (view.grant(request.id()).isPresent()) {
      throw ErrorCode.ALREADY_EXISTS.exception("grant '" + request.id() + "' already exists");
    }
    DataAsset asset =
        view.asset(request.assetId())
            .orElseThrow(
                () ->
                    ErrorCode.NOT_FOUND.exception(
                        "asset '" + request.assetId() + "' does not exist"));
    Access.requireOwner(caller, asset.owner(), "asset '" + asset.id() + "'");
    if (asset.status() != AssetStatus.ACTIVE) {
      throw ErrorCode.INVALID_STATE.exception(
          "asset '" + asset.id() + "' is destroyed and cannot be granted");
    }
    if (request.grantee().equals(asset.owner())) {
      throw ErrorCode.INVALID_ARGUMENT.exception(
          "the grantee must be another organisation than the owner '" + asset.owner() + "'");
    }
    if (!view.isRegistered(request.grantee())) {
      throw ErrorCode.NOT_FOUND.exception(
          "grantee '" + request.grantee() + "' is not a registered organisation");
    }
    List<String> recipients =
        request.resultRecipients() == null
            ? List.of(request.grantee())
            : request.resultRecipients();
    for (String recipient : recipients) {
      if (!view.isRegistered(recipient)) {
        throw ErrorCode.NOT_FOUND.exception(
            "result recipient '" + recipient + "' is not a registered organisation");
      }
    }
    for (String measurement : request.algorithms()) {
      if (view.algorithm(measurement).isEmpty()) {
        throw ErrorCode.NOT_FOUND.exception(
            "algorithm measurement "
                + measurement
                + " is not registered; publish it with RegisterAlgorithm before granting it");
      }
    }
    for (String column : request.columns()) {
      if (!asset.hasColumn(column)) {
        throw ErrorCode.INVALID_ARGUMENT.exception(
            "asset '" + asset.id() + "' has no column '" + column + "'");
      }
    }
    Instant validFrom = request.validFrom() == null ? now : request.validFrom();
    if (!request.validUntil().isAfter(now)) {
      throw ErrorCode.INVALID_ARGUMENT.exception(
          "field 'validUntil' (" + request.validUntil() + ") must be after the transaction time");
    }
    if (!request.validUntil().isAfter(validFrom)) {
      throw ErrorCode.INVALID_ARGUMENT.exception("field 'validUntil' must be after 'validFrom'");
    }
    return new Grant(
        request.id(),
        asset.id(),
        asset.owner(),
        request.grantee(),
        request.operations(),
        request.columns(),
        request.purpose(),
        request.legalBasis(),
        validFrom,
        request.validUntil(),
        request.maxUses(),
        0,
        request.minAssurance(),
        request.minGroupSize() == null ? Grant.DEFAULT_MIN_GROUP_SIZE : request.minGroupSize(),
        request.algorithms(),
        recipients,
        GrantStatus.ACTIVE,
        null,
        now,
        now);
  }

  /**
   * Validates a revocation reason given as a transaction argument.
   *
   * @param reason the argument
   * @return the reason
   */
  public static String reason(String reason) {
    return Check.text("reason", reason, Check.MAX_TEXT);
  }

  /**
   * Revokes a grant; only its owner may, and only once.
   *
   * @param grant the current record
   * @param caller the caller's MSP ID
   * @param reason validated reason
   * @param now the transaction time
   * @return the record to write
   */
  public static Grant revoke(Grant grant, String caller, String reason, Instant now) {
    Access.requireOwner(caller, grant.owner(), "grant '" + grant.id() + "'");
    if (grant.status() == GrantStatus.REVOKED) {
      throw ErrorCode.INVALID_STATE.exception("grant '" + grant.id() + "' is already revoked");
    }
    return grant.revoked(reason, now);
  }
}
