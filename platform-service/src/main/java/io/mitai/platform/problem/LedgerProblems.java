package io.mitai.platform.problem;

import io.mitai.ledger.EndorsementException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Turns the chaincode's refusals into problems: its {@code ErrorCode}s (INVALID_ARGUMENT,
 * ALREADY_EXISTS, NOT_FOUND, FORBIDDEN, INVALID_STATE, INTERNAL) and its task {@code
 * RejectionReason}s, each of which becomes the type {@code https://mitai.io/problems/<reason in
 * kebab case>} with status 403.
 */
public final class LedgerProblems {

  private LedgerProblems() {}

  public static ProblemException of(EndorsementException e) {
    return of(e.errorCode().orElse("INTERNAL"), e.contractMessage());
  }

  /**
   * The problem of a contract check that failed on the node, where a request record of the contract
   * was built: the same checks the contract runs when it parses the request, so the same problem
   * the ledger's refusal of it would have given.
   */
  public static ProblemException of(ChaincodeException e) {
    byte[] payload = e.getPayload();
    String code =
        payload == null || payload.length == 0
            ? "INTERNAL"
            : new String(payload, StandardCharsets.UTF_8);
    return of(code, e.getMessage());
  }

  /**
   * Builds a request record of the contract (whose constructor runs the contract's checks of that
   * request); a failed check is the problem the ledger's refusal would have been.
   */
  public static <T> T checked(Supplier<T> request) {
    try {
      return request.get();
    } catch (ChaincodeException e) {
      throw of(e);
    }
  }

  private static ProblemException of(String code, String message) {
    ProblemType type =
        switch (code) {
          case "INVALID_ARGUMENT" -> ProblemType.INVALID_ARGUMENT;
          case "ALREADY_EXISTS" -> ProblemType.ALREADY_EXISTS;
          case "NOT_FOUND" -> ProblemType.NOT_FOUND;
          case "FORBIDDEN" -> ProblemType.FORBIDDEN;
          case "INVALID_STATE" -> ProblemType.INVALID_STATE;
          default -> ProblemType.INTERNAL;
        };
    String detail = message;
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
