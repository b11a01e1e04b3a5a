package io.mitai.platform.task.api;

import io.mitai.contract.Tx;
import io.mitai.contract.model.ComputeCentre;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The compute centres registered on the ledger (`ListComputeCentres`): where each organisation's
 * enclave workers listen, the certificate nodes pin, the assurance they attest at. A TEE_JOB names
 * one in {@code params.computeCentre}.
 */
@Path("/api/v1/compute-centres")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MEMBER, Roles.AUDITOR})
@Tag(name = "Tasks")
public class ComputeCentreResource {

  @Inject ContractReads reads;
  @Inject HostedOrganisations hosted;

  @GET
  @Operation(summary = "The compute centres on the ledger")
  public List<ComputeCentre> list() {
    try {
      return reads.list(hosted.ids().get(0), Tx.LIST_COMPUTE_CENTRES, ComputeCentre.class);
    } catch (EndorsementException e) {
      throw LedgerProblems.of(e);
    }
  }
}
