package io.mitai.platform.org.api;

import io.mitai.platform.keys.KekRotation;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An organisation's own keys: rotation of its key-encryption key, by its own members only. */
@Path("/api/v1/orgs/{id}/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
@Tag(name = "Organisations")
public class KeyResource {

  @Inject KekRotation rotation;
  @Inject CurrentActor actor;

  @POST
  @Path("rotate")
  @Operation(
      summary =
          "Rotate the organisation's key-encryption key: re-wrap every data key, retire old KEKs")
  public KekRotation.Outcome rotate(@PathParam("id") String orgId) {
    if (!actor.get().org().equals(orgId)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "only a member of " + orgId + " can rotate its keys");
    }
    return rotation.rotate(orgId);
  }
}
