package io.mitai.platform.security.api;

import io.mitai.platform.security.ConsoleSessions;
import io.mitai.platform.security.CredentialCache;
import io.mitai.platform.security.LoginThrottle;
import io.mitai.platform.security.PasswordLogin;
import io.mitai.platform.security.SessionCookie;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The console's sign-in form ({@code /console/login.html}) posts here. A correct password opens a
 * server-side session ({@link ConsoleSessions}) and sets its cookie, then redirects to the console;
 * a wrong one redirects back to the sign-in page with {@code ?error=1}, and a locked-out user or
 * address (too many failures, {@code LoginThrottle}) with {@code ?throttled=<seconds>}.
 */
@Path("/j_security_check")
@Tag(name = "Session")
public class LoginResource {

  static final String LANDING = "/console/";
  static final String ERROR = "/console/login.html?error=1";

  @Inject PasswordLogin login;
  @Inject ConsoleSessions sessions;
  @Inject SessionCookie cookie;

  @POST
  @PermitAll
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Console sign-in (form): sets the session cookie, 302 to the console")
  public Response signIn(
      @FormParam("j_username") String username,
      @FormParam("j_password") String password,
      @Context HttpServerRequest request) {
    if (username == null || username.isEmpty() || password == null) {
      return redirect(ERROR);
    }
    String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    try {
      CredentialCache.Verified user = login.verify(username, password.toCharArray(), address);
      String token = sessions.open(user.username());
      return Response.status(Response.Status.FOUND)
          .location(URI.create(LANDING))
          .header(HttpHeaders.SET_COOKIE, cookie.open(token, request))
          .build();
    } catch (AuthenticationFailedException e) {
      OptionalLong wait = LoginThrottle.retryAfter(e);
      return redirect(
          wait.isPresent() ? "/console/login.html?throttled=" + wait.getAsLong() : ERROR);
    }
  }

  private static Response redirect(String location) {
    return Response.status(Response.Status.FOUND).location(URI.create(location)).build();
  }
}
