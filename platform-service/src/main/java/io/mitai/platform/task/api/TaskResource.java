package io.mitai.platform.task.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.platform.ledger.RecordJson;
import io.mitai.platform.ledger.projection.ProjectedTask;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Computations over granted assets. The compute engine is not wired into this node yet, so no
 * operation is offered: a submission is answered with an {@code operation-unavailable} problem and
 * nothing is written to the ledger (no use of any grant is consumed). Tasks recorded on the ledger
 * are listed from the projection.
 */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
@Tag(name = "Tasks")
public class TaskResource {

  static final Set<String> OPERATIONS =
      Set.of("PSI", "PSI_CARDINALITY", "SECURE_AGGREGATE", "JOINT_STATS", "TEE_JOB");

  /** Operations this node's compute engine can run now. */
  static final Set<String> AVAILABLE = Set.of();

  @Inject CurrentActor actor;

  /** A task to launch. */
  public record TaskRequest(String operation, List<Input> inputs, JsonNode params) {
    /** One input asset and the columns it contributes. */
    public record Input(String assetId, List<String> columns) {}
  }

  /** A task as recorded on the ledger. */
  public record TaskView(
      String id,
      String requester,
      String operation,
      String status,
      String assurance,
      String resultHash,
      String rejectionCode,
      String createdAt,
      String updatedAt,
      String ledgerTxId) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Launch a computation (not available until the compute engine is wired)")
  public TaskView submit(TaskRequest request) {
    actor.get().org();
    if (request == null || request.operation() == null) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "`operation` is required");
    }
    if (!OPERATIONS.contains(request.operation())) {
      throw new ProblemException(
          ProblemType.INVALID_ARGUMENT,
          "unknown operation '" + request.operation() + "'; use one of " + OPERATIONS);
    }
    if (!AVAILABLE.contains(request.operation())) {
      throw new ProblemException(
          ProblemType.OPERATION_UNAVAILABLE,
          request.operation()
              + " is not available: the compute engine is not wired into this node yet."
              + " Nothing was submitted and no grant use was consumed.");
    }
    throw new IllegalStateException("unreachable");
  }

  @GET
  @Operation(summary = "Tasks requested by the caller's organisation")
  public List<TaskView> list() {
    String org = actor.get().org();
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ProjectedTask.<ProjectedTask>list("requester = ?1 order by id", org).stream()
                    .map(TaskResource::view)
                    .toList());
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One task: status, assurance, ledger references")
  public TaskView get(@PathParam("id") String id) {
    String org = actor.get().org();
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ProjectedTask t = ProjectedTask.findById(id);
              if (t == null || !t.requester.equals(org)) {
                throw ProblemException.notFound("task", id);
              }
              return view(t);
            });
  }

  static TaskView view(ProjectedTask t) {
    JsonNode r = RecordJson.parse(t.record);
    return new TaskView(
        t.id,
        t.requester,
        r.path("operation").asText(),
        t.status,
        r.path("assurance").asText(),
        RecordJson.text(r, "resultHash"),
        r.path("rejection").isObject() ? r.path("rejection").path("code").asText() : null,
        r.path("createdAt").asText(),
        r.path("updatedAt").asText(),
        t.txId);
  }
}
