package io.mitai.platform.security.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The bare address of the node: someone who types {@code http://localhost:8080/} lands on the
 * console ({@code 303 See Other} to {@code /console/}, which sends a visitor without a session to
 * the sign-in page). API clients never need it.
 */
@Path("/")
public class RootResource {

  @GET
  @PermitAll
  @Operation(hidden = true)
  public Response root() {
    return Response.seeOther(URI.create("/console/")).build();
  }
}
