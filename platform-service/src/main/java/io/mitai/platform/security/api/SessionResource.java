package io.mitai.platform.security.api;

import io.mitai.platform.security.Actor;
import io.mitai.platform.security.CurrentActor;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Who is signed in, and signing out of the console. The console signs in with form login ({@code
 * POST /j_security_check}, which sets an encrypted session cookie); API clients use HTTP Basic and
 * need neither endpoint.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Session")
public class SessionResource {

  @Inject CurrentActor actor;

  @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
  String cookieName;

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
  @Operation(summary = "Sign out of the console: expires the form-login session cookie (204)")
  public Response logout() {
    NewCookie expired =
        new NewCookie.Builder(cookieName)
            .value("")
            .path("/")
            .maxAge(0)
            .httpOnly(true)
            .sameSite(NewCookie.SameSite.STRICT)
            .build();
    return Response.noContent().cookie(expired).build();
  }
}
