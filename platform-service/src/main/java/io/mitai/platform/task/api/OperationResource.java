package io.mitai.platform.task.api;

import io.mitai.compute.ops.PsiProtocol;
import io.mitai.contract.model.Assurance;
import io.mitai.platform.security.Roles;
import io.mitai.platform.task.domain.TaskOperation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operation catalogue: what a grant can allow and a task can run, with the ledger's rules for
 * each (input counts, the assurance levels it runs at, whether a group floor applies) and the
 * protocols a task may choose. The console builds its forms from it instead of keeping a copy.
 */
@Path("/api/v1/operations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MEMBER, Roles.AUDITOR})
@Tag(name = "Tasks")
public class OperationResource {

  /**
   * One operation.
   *
   * @param id the name a grant and a task use
   * @param summary what the requester receives
   * @param minInputs fewest inputs a task names
   * @param maxInputs most inputs a task names
   * @param assurances the levels a task of it runs at (a grant's minimum must be met by one)
   * @param groupFloor whether the grants' {@code minGroupSize} floor applies to its results
   * @param tee whether it runs inside an enclave (and names an algorithm of the allow-list)
   * @param protocols the choices of {@code params.protocol} (empty: none)
   */
  public record OperationView(
      String id,
      String summary,
      int minInputs,
      int maxInputs,
      List<String> assurances,
      boolean groupFloor,
      boolean tee,
      List<String> protocols) {}

  @GET
  @Operation(summary = "The operations grants allow and tasks run, with the ledger's rules")
  public List<OperationView> list() {
    return Arrays.stream(TaskOperation.values()).map(OperationResource::view).toList();
  }

  static OperationView view(TaskOperation op) {
    io.mitai.contract.model.Operation rules = op.ledger();
    return new OperationView(
        op.name(),
        op.summary(),
        rules.minInputs(),
        rules.maxInputs(),
        Arrays.stream(Assurance.values()).filter(rules::runsAt).map(Enum::name).toList(),
        rules.hasGroupFloor(),
        rules.isTee(),
        op.protocols().stream().map(PsiProtocol::name).toList());
  }
}
