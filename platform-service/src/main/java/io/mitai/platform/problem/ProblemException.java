package io.mitai.platform.problem;

import java.net.URI;
import java.util.Objects;

/** Thrown anywhere in the node to answer with a problem; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final URI type;
  private final String title;
  private final int status;
  private final String code;
  private final String ledgerTxId;

  public ProblemException(ProblemType type, String detail) {
    this(type.uri(), type.title(), type.status(), detail, null, null);
  }

  public ProblemException(
      URI type, String title, int status, String detail, String code, String ledgerTxId) {
    super(detail);
    this.type = Objects.requireNonNull(type);
    this.title = title;
    this.status = status;
    this.code = code;
    this.ledgerTxId = ledgerTxId;
  }

  public static ProblemException notFound(String what, String id) {
    return new ProblemException(ProblemType.NOT_FOUND, what + " '" + id + "' does not exist");
  }

  public Problem toProblem(String instance) {
    return new Problem(type, title, status, getMessage(), instance, code, ledgerTxId);
  }

  public int status() {
    return status;
  }

  public URI type() {
    return type;
  }
}
