package io.mitai.chaincode.rules;

import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.GrantStatus;
import io.mitai.contract.model.Operation;
import io.mitai.contract.model.Rejection;
import io.mitai.contract.model.RejectionReason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether one grant covers one task input. A pure function of the grant, the request and the
 * transaction time; the checks run in the order of {@link RejectionReason} and the first failure is
 * returned.
 */
public final class GrantCheck {

  private GrantCheck() {}

  /**
   * Checks a grant against one input of a task.
   *
   * @param grant the candidate grant
   * @param assetId the input's asset
   * @param columns the input's columns
   * @param requester the requesting organisation
   * @param operation the task's operation
   * @param assurance the task's assurance level
   * @param algorithmMeasurement the task's TEE measurement, or null
   * @param recipients the task's result recipients
   * @param minGroupSize the floor the task asks for, or null (then it runs at the grant's)
   * @param now the transaction time
   * @return empty if the grant covers the input, else why not
   */
  public static Optional<Rejection> check(
      Grant grant,
      String assetId,
      List<String> columns,
      String requester,
      Operation operation,
      Assurance assurance,
      String algorithmMeasurement,
      List<String> recipients,
      Integer minGroupSize,
      Instant now) {
    String g = "grant '" + grant.id() + "'";
    if (!grant.assetId().equals(assetId)) {
      return reject(
          RejectionReason.GRANT_NOT_FOR_ASSET,
          g + " is for asset '" + grant.assetId() + "', not '" + assetId + "'");
    }
    if (!grant.grantee().equals(requester)) {
      return reject(
          RejectionReason.GRANT_NOT_FOR_REQUESTER,
          g + " was issued to '" + grant.grantee() + "', not '" + requester + "'");
    }
    if (grant.status() == GrantStatus.REVOKED) {
      return reject(RejectionReason.GRANT_REVOKED, g + " was revoked at " + grant.updatedAt());
    }
    if (now.isBefore(grant.validFrom())) {
      return reject(RejectionReason.GRANT_NOT_YET_VALID, g + " is valid from " + grant.validFrom());
    }
    if (!now.isBefore(grant.validUntil())) {
      return reject(RejectionReason.GRANT_EXPIRED, g + " expired at " + grant.validUntil());
    }
    if (grant.usesLeft() <= 0) {
      return reject(
          RejectionReason.GRANT_EXHAUSTED, g + " has used all " + grant.maxUses() + " of its uses");
    }
    if (!grant.operations().contains(operation)) {
      return reject(
          RejectionReason.OPERATION_NOT_GRANTED,
          g + " allows " + grant.operations() + ", not " + operation);
    }
    for (String column : columns) {
      if (!grant.columns().contains(column)) {
        return reject(
            RejectionReason.COLUMN_NOT_GRANTED,
            g + " does not cover column '" + column + "' (granted: " + grant.columns() + ")");
      }
    }
    if (!assurance.satisfies(grant.minAssurance())) {
      return reject(
          RejectionReason.ASSURANCE_INSUFFICIENT,
          g
              + " requires assurance "
              + grant.minAssurance()
              + "; "
              + assurance
              + " does not meet it");
    }
    if (operation.isTee() && !grant.algorithms().contains(algorithmMeasurement)) {
      return reject(
          RejectionReason.ALGORITHM_NOT_GRANTED,
          g + " does not allow algorithm measurement " + algorithmMeasurement);
    }
    for (String recipient : recipients) {
      if (!grant.resultRecipients().contains(recipient)) {
        return reject(
            RejectionReason.RECIPIENT_NOT_ALLOWED,
            g
                + " does not allow results to reach '"
                + recipient
                + "' (allowed: "
                + grant.resultRecipients()
                + ")");
      }
    }
    if (operation.hasGroupFloor()
        && minGroupSize != null
        && minGroupSize < grant.effectiveMinGroupSize()) {
      return reject(
          RejectionReason.GROUP_TOO_SMALL,
          g
              + " requires groups of at least "
              + grant.effectiveMinGroupSize()
              + " rows; the task asks for "
              + minGroupSize);
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(RejectionReason reason, String message) {
    return Optional.of(new Rejection(reason, message));
  }
}
