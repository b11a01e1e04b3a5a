package io.mitai.platform.problem;

import io.mitai.ledger.EndorsementException;
import java.net.URI;

/**
 * Turns the chaincode's refusals into problems: its {@code ErrorCode}s (INVALID_ARGUMENT,
 * ALREADY_EXISTS, NOT_FOUND, FORBIDDEN, INVALID_STATE, INTERNAL) and its task {@code
 * RejectionReason}s, each of which becomes the type {@code https://mitai.io/problems/<reason in
 * kebab case>} with status 403.
 */
public final class LedgerProblems {

  private LedgerProblems() {}

  public static ProblemException of(EndorsementException e) {
    String code = e.errorCode().orElse("INTERNAL");
    ProblemType type =
        switch (code) {
          case "INVALID_ARGUMENT" -> ProblemType.INVALID_ARGUMENT;
          case "ALREADY_EXISTS" -> ProblemType.ALREADY_EXISTS;
          case "NOT_FOUND" -> ProblemType.NOT_FOUND;
          case "FORBIDDEN" -> ProblemType.FORBIDDEN;
          case "INVALID_STATE" -> ProblemType.INVALID_STATE;
          default -> ProblemType.INTERNAL;
        };
    String detail = e.contractMessage();
    String prefix = code + ": ";
    if (detail.startsWith(prefix)) {
      detail = detail.substring(prefix.length());
    }
    return new ProblemException(type.uri(), type.title(), type.status(), detail, code, null);
  }

  /** A task the ledger recorded as REJECTED with {@code reason}. */
  public static ProblemException rejected(String reason, String message, String txId) {
    return new ProblemException(
        URI.create(ProblemType.BASE + ProblemType.slugOf(reason)),
        "Task rejected: " + reason,
        403,
        message,
        reason,
        txId);
  }
}
