package io.mitai.platform.task.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.Ledger;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.RecordJson;
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

  @Inject Ledger ledger;
  @Inject HostedOrganisations hosted;

  @GET
  @Operation(summary = "The TEE allow-list on the ledger")
  public List<TaskViews.Algorithm> list() {
    JsonNode records;
    try {
      // The allow-list is public to channel members; any hosted identity may read it.
      records =
          RecordJson.parse(ledger.evaluate(hosted.identity(hosted.ids().get(0)), "ListAlgorithms"));
    } catch (EndorsementException e) {
      throw LedgerProblems.of(e);
    }
    List<TaskViews.Algorithm> out = new ArrayList<>();
    records.forEach(
        r ->
            out.add(
                new TaskViews.Algorithm(
                    r.path("name").asText(),
                    r.path("version").asText(),
                    r.path("measurement").asText())));
    return out;
  }
}
