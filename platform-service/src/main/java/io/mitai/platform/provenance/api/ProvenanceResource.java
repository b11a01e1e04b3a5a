package io.mitai.platform.provenance.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.evidence.BundleException;
import io.mitai.ledger.evidence.EvidenceBundle;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.ledger.RecordJson;
import io.mitai.platform.ledger.projection.ProjectedAsset;
import io.mitai.platform.ledger.projection.ProjectedGrant;
import io.mitai.platform.ledger.projection.ProjectedTask;
import io.mitai.platform.org.HostedOrganisations;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.security.Actor;
import io.mitai.platform.security.CurrentActor;
import io.mitai.platform.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An asset's provenance: every ledger version of the asset, of its grants and of the tasks that
 * used it, in ledger order, read from the ledger's own history (not from the projection).
 */
@Path("/api/v1/provenance")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MEMBER, Roles.AUDITOR})
@Tag(name = "Provenance")
public class ProvenanceResource {

  @Inject GuardedLedger ledger;
  @Inject HostedOrganisations hosted;
  @Inject CurrentActor actor;
  @Inject LedgerExplorer explorer;

  /** One ledger version of a record touching the asset. */
  public record Entry(
      String recordType,
      String recordId,
      String txId,
      String timestamp,
      String status,
      JsonNode record) {}

  /** The asset's history, oldest first. */
  public record Provenance(String assetId, String owner, List<Entry> entries) {}

  @GET
  @Path("assets/{id}")
  @Operation(summary = "The asset's whole ledger history (asset, grants, tasks) in order")
  public Provenance asset(@PathParam("id") String assetId) {
    return history(assetId);
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
    Provenance history = history(assetId);
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

  private Provenance history(String assetId) {
    Actor caller = actor.get();
    record Keys(String owner, List<String> grants, List<String> tasks) {}
    Keys keys =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ProjectedAsset asset = ProjectedAsset.findById(assetId);
                  if (asset == null) {
                    throw ProblemException.notFound("asset", assetId);
                  }
                  List<ProjectedGrant> grants =
                      ProjectedGrant.list("assetId = ?1 order by id", assetId);
                  boolean visible =
                      caller.isAuditor()
                          || caller.orgId().filter(asset.owner::equals).isPresent()
                          || grants.stream()
                              .anyMatch(g -> caller.orgId().filter(g.grantee::equals).isPresent());
                  if (!visible) {
                    throw ProblemException.notFound("asset", assetId);
                  }
                  List<String> tasks =
                      ProjectedTask.<ProjectedTask>list(
                              "assetIds like ?1 order by id", "%," + assetId + ",%")
                          .stream()
                          .map(t -> t.id)
                          .toList();
                  return new Keys(asset.owner, grants.stream().map(g -> g.id).toList(), tasks);
                });
    List<Entry> entries = new ArrayList<>(history("asset", assetId));
    for (String grant : keys.grants()) {
      entries.addAll(history("grant", grant));
    }
    for (String task : keys.tasks()) {
      entries.addAll(history("task", task));
    }
    entries.sort(Comparator.comparing(Entry::timestamp).thenComparing(Entry::txId));
    return new Provenance(assetId, keys.owner(), entries);
  }

  private List<Entry> history(String type, String id) {
    String json;
    try {
      json = ledger.evaluate(hosted.identity(hosted.ids().get(0)), "GetHistory", type + ":" + id);
    } catch (EndorsementException e) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode h : RecordJson.parse(json)) {
      JsonNode value = h.path("value");
      entries.add(
          new Entry(
              type,
              id,
              h.path("txId").asText(),
              h.path("timestamp").asText(),
              value.path("status").asText(null),
              value));
    }
    return entries;
  }
}
