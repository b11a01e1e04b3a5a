package io.mitai.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.LedgerUnavailableException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.OptionalLong;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves the node as {@code application/problem+json}. */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  static final String BASIC_CHALLENGE = "Basic realm=\"mitai\", charset=\"UTF-8\"";
  static final String FORM_CHALLENGE = "Form realm=\"mitai\", login=\"/console/login.html\"";

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return respond(e, uri);
  }

  @ServerExceptionMapper
  public Response endorsement(EndorsementException e, UriInfo uri) {
    return respond(LedgerProblems.of(e), uri);
  }

  @ServerExceptionMapper
  public Response ledgerUnavailable(LedgerUnavailableException e, UriInfo uri) {
    return respond(new ProblemException(ProblemType.LEDGER_UNAVAILABLE, e.getMessage()), uri);
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthenticated(RuntimeException e, UriInfo uri, HttpHeaders headers) {
    OptionalLong wait = RetryAfter.of(e);
    if (wait.isPresent()) {
      // Locked out after too many failed sign-ins: even the right password waits.
      return Response.fromResponse(
              respond(
                  new ProblemException(ProblemType.TOO_MANY_FAILED_SIGN_INS, e.getMessage()), uri))
          .header("Retry-After", wait.getAsLong())
          .build();
    }
    Response response =
        respond(
            new ProblemException(
                ProblemType.UNAUTHENTICATED, "valid credentials are required (HTTP Basic)"),
            uri);
    // The console's scripts mark their calls: a Basic challenge would make the browser open its
    // own password dialog over the console, whose sign-in is the form login page instead.
    boolean console = "XMLHttpRequest".equals(headers.getHeaderString("X-Requested-With"));
    return Response.fromResponse(response)
        .header("WWW-Authenticate", console ? FORM_CHALLENGE : BASIC_CHALLENGE)
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return respond(
        new ProblemException(ProblemType.FORBIDDEN, "your role does not allow this request"), uri);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException json) {
      // Quarkus wraps a body the parser refuses (malformed, a duplicate key) in a plain 400.
      return new JsonProblems().json(json, uri);
    }
    int status = e.getResponse().getStatus();
    ProblemType type =
        switch (status) {
          case 401 -> ProblemType.UNAUTHENTICATED;
          case 403 -> ProblemType.FORBIDDEN;
          case 404 -> ProblemType.NOT_FOUND;
          case 405 -> ProblemType.METHOD_NOT_ALLOWED;
          case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
          case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
          default -> status >= 500 ? ProblemType.INTERNAL : ProblemType.INVALID_REQUEST;
        };
    String detail = e.getMessage() == null ? type.title() : e.getMessage();
    return respond(new ProblemException(type.uri(), type.title(), status, detail, null, null), uri);
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri) {
    LOG.error("unexpected failure", e);
    return respond(
        new ProblemException(
            ProblemType.INTERNAL, "the node failed unexpectedly; the failure is logged"),
        uri);
  }

  static Response respond(ProblemException e, UriInfo uri) {
    String instance = uri == null ? null : uri.getPath();
    return Response.status(e.status())
        .type(Problem.MEDIA_TYPE)
        .entity(e.toProblem(instance))
        .build();
  }
}
