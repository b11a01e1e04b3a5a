package io.mitai.platform.security.api;

import io.mitai.platform.security.Actor;
import io.mitai.platform.security.ConsoleSessions;
import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.SessionCookie;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Who is signed in, and signing out of the console. The console signs in with its form ({@code POST
 * /j_security_check}, {@link LoginResource}, which opens a server-side session and sets its
 * cookie); API clients use HTTP Basic and need neither endpoint.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Session")
public class SessionResource {

  @Inject CurrentActor actor;
  @Inject ConsoleSessions sessions;
  @Inject SessionCookie cookie;

  /**
   * The signed-in user.
   *
   * @param user the user name
   * @param organisation the organisation the user acts for, or null for an auditor
   * @param roles the user's roles ({@code member} or {@code auditor})
   */
  public record Me(String user, String organisation, List<String> roles) {}

  @GET
  @Path("me")
  @Authenticated
  @Operation(summary = "The signed-in user, its organisation and roles")
  public Me me() {
    Actor a = actor.get();
    return new Me(a.username(), a.orgId().orElse(null), List.of(a.role()));
  }

  @POST
  @Path("logout")
  @PermitAll
  @Operation(
      summary =
          "Sign out of the console: ends the session on the node and expires its cookie (204)")
  public Response logout(@Context HttpServerRequest request) {
    sessions.close(SessionCookie.of(request));
    return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie.expire(request)).build();
  }
}
