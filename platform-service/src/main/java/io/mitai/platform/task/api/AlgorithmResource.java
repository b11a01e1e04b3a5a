package io.mitai.platform.task.api;

import io.mitai.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The TEE allow-list. The contract has no algorithm registry yet (measurements live only on grants,
 * for TEE_JOB), so the list is empty until one exists; it is never made up by the node.
 */
@Path("/api/v1/algorithms")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MEMBER, Roles.AUDITOR})
@Tag(name = "Tasks")
public class AlgorithmResource {

  @GET
  @Operation(summary = "The TEE allow-list (empty: the ledger has no algorithm registry yet)")
  public List<TaskViews.Algorithm> list() {
    return List.of();
  }
}
