package io.mitai.platform.task.api;

import io.mitai.contract.Tx;
import io.mitai.contract.model.Algorithm;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.problem.LedgerProblems;
import io.mitai.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The TEE allow-list, read from the ledger (`ListAlgorithms`): name, version and measurement of
 * every registered algorithm, in the contract's key order. The node never adds to it by itself.
 */
@Path("/api/v1/algorithms")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MEMBER, Roles.AUDITOR})
@Tag(name = "Tasks")
public class AlgorithmResource {

  @Inject ContractReads reads;
  @Inject HostedOrganisations hosted;

  @GET
  @Operation(summary = "The TEE allow-list on the ledger")
  public List<TaskViews.Algorithm> list() {
    List<Algorithm> records;
    try {
      // The allow-list is public to channel members; any hosted identity may read it.
      records = reads.list(hosted.ids().get(0), Tx.LIST_ALGORITHMS, Algorithm.class);
    } catch (EndorsementException e) {
      throw LedgerProblems.of(e);
    }
    List<TaskViews.Algorithm> out = new ArrayList<>();
    for (Algorithm r : records) {
      out.add(new TaskViews.Algorithm(r.name(), r.version(), r.measurement()));
    }
    return out;
  }
}
