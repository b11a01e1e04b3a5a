package io.mitai.platform.org.api;

import io.mitai.contract.model.Organisation;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.LedgerRecords;
import io.mitai.platform.ledger.projection.ProjectedOrganisation;
import io.mitai.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The organisations of the federation, from the ledger's registry. */
@Path("/api/v1/orgs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Organisations")
public class OrganisationResource {

  @Inject HostedOrganisations hosted;

  @GET
  @Transactional(Transactional.TxType.SUPPORTS)
  @Operation(summary = "Organisations of the federation, in id order")
  public List<OrganisationView> list() {
    return ProjectedOrganisation.<ProjectedOrganisation>listAll(
            io.quarkus.panache.common.Sort.by("id"))
        .stream()
        .map(this::view)
        .toList();
  }

  @GET
  @Path("{id}")
  @Transactional(Transactional.TxType.SUPPORTS)
  @Operation(summary = "One organisation")
  public OrganisationView get(@PathParam("id") String id) {
    ProjectedOrganisation org = ProjectedOrganisation.findById(id);
    if (org == null) {
      throw ProblemException.notFound("organisation", id);
    }
    return view(org);
  }

  private OrganisationView view(ProjectedOrganisation org) {
    Organisation record = LedgerRecords.decode(org.record, Organisation.class);
    return new OrganisationView(
        org.id,
        org.displayName,
        org.endpoint,
        org.publicKey,
        record.registeredAt().toString(),
        record.updatedAt().toString(),
        hosted.hosts(org.id),
        org.txId);
  }
}
