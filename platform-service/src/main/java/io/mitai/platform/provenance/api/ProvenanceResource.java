package io.mitai.platform.provenance.api;

import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.evidence.BundleException;
import io.mitai.ledger.evidence.EvidenceBundle;
import io.mitai.platform.provenance.ProvenanceService;
import io.mitai.platform.provenance.ProvenanceService.Provenance;
import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An asset's provenance over HTTP ({@link ProvenanceService}): its whole ledger history, and the
 * same as an auditor's evidence bundle.
 */
@Path("/api/v1/provenance")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MEMBER, Roles.AUDITOR})
@Tag(name = "Provenance")
public class ProvenanceResource {

  @Inject ProvenanceService provenance;
  @Inject CurrentActor actor;
  @Inject LedgerExplorer explorer;

  @GET
  @Path("assets/{id}")
  @Operation(summary = "The asset's whole ledger history (asset, grants, tasks) in order")
  public Provenance asset(@PathParam("id") String assetId) {
    return provenance.of(assetId, actor.get());
  }

  /**
   * The auditor's evidence bundle: the asset's history as a W3C PROV-JSON document with every
   * ledger record version's inclusion proof against one signed tree head ({@link EvidenceBundle}),
   * for the offline verifier ({@code VerifyLedgerCommand --bundle}). Same visibility as the
   * history. On Fabric there are no proofs: {@code 501 explorer-unavailable}.
   */
  @GET
  @Path("assets/{id}/export")
  @Operation(
      summary =
          "Evidence bundle: the asset's history as W3C PROV-JSON with each ledger record's"
              + " inclusion proof and the signed tree head")
  public Response export(@PathParam("id") String assetId) {
    Provenance history = provenance.of(assetId, actor.get());
    List<EvidenceBundle.RecordRef> refs =
        history.entries().stream()
            .map(e -> new EvidenceBundle.RecordRef(e.recordType() + ":" + e.recordId(), e.txId()))
            .toList();
    byte[] bundle;
    try {
      bundle = EvidenceBundle.export(assetId, refs, explorer);
    } catch (BundleException e) {
      throw new IllegalStateException("the ledger's history does not make a bundle", e);
    }
    return Response.ok(bundle, MediaType.APPLICATION_JSON)
        .header("Content-Disposition", "attachment; filename=\"evidence-" + assetId + ".json\"")
        .build();
  }
}
