package io.mitai.platform.task.api;

import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.Roles;
import io.mitai.platform.task.ResultService;
import io.mitai.platform.task.TaskService;
import io.mitai.platform.task.domain.TaskRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Computations over granted assets: launch (the ledger checks every grant and records the task),
 * follow, and download the result, which only the requester can open.
 */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
@Tag(name = "Tasks")
public class TaskResource {

  @Inject TaskService tasks;
  @Inject ResultService results;
  @Inject CurrentActor actor;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Launch a computation (202; a ledger rejection is a 403 problem)",
      description =
          "PSI, PSI_CARDINALITY, SECURE_AGGREGATE, JOINT_STATS, TEE_JOB. 202 with status SUBMITTED"
              + " when the ledger accepted the task, PENDING while the ledger write waits in the"
              + " outbox.")
  public Response submit(TaskRequest request) {
    TaskViews.Accepted accepted = tasks.submit(actor.get().org(), request);
    return Response.status(202)
        .header("Location", "/api/v1/tasks/" + accepted.id())
        .entity(accepted)
        .build();
  }

  @GET
  @Operation(summary = "Tasks requested by the caller's organisation")
  public List<TaskViews.TaskView> list() {
    return tasks.list(actor.get().org());
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One task: status, assurance, protocol, ledger references and history")
  public TaskViews.TaskView get(@PathParam("id") String id) {
    return tasks.get(actor.get().org(), id);
  }

  @GET
  @Path("{id}/key-releases")
  @Operation(
      summary = "The input owners' key-release decisions of a TEE_JOB run at a compute centre",
      description =
          "As the ledger records them (ListKeyReleases): per input, RELEASED with the hash of the"
              + " evidence the owner verified, or REFUSED with the owner's reason.")
  public List<io.mitai.contract.model.KeyRelease> keyReleases(@PathParam("id") String id) {
    return tasks.keyReleases(actor.get().org(), id);
  }

  @GET
  @Path("{id}/result")
  @Operation(
      summary = "The result, decrypted for its requester only, with its hash",
      description =
          "{taskId, operation, assurance, result, resultHash} in canonical JSON; resultHash is the"
              + " SHA-256 of the canonical encoding of this object without resultHash.")
  public Response result(@PathParam("id") String id) {
    return Response.ok(results.result(actor.get().org(), id), MediaType.APPLICATION_JSON).build();
  }
}
