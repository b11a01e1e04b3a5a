package io.mitai.platform.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.ledger.RecordJson;
import io.mitai.platform.ledger.projection.ProjectedAsset;
import io.mitai.platform.ledger.projection.ProjectedGrant;
import io.mitai.platform.ledger.projection.ProjectedTask;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.security.Actor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An asset's provenance: every ledger version of the asset, of its grants and of the tasks that
 * used it, in ledger order, read from the ledger's own history. The projection only says which
 * records to ask for (and who may see them); their versions come from {@code GetHistory}.
 */
@ApplicationScoped
public class ProvenanceService {

  @Inject GuardedLedger ledger;
  @Inject HostedOrganisations hosted;

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

  /** The records that touch an asset, as the projection knows them. */
  private record Keys(String owner, List<String> grants, List<String> tasks) {}

  /**
   * The asset's history, for its owner, its grantees and auditors; anyone else gets the same 404 as
   * for an asset that does not exist.
   */
  public Provenance of(String assetId, Actor caller) {
    Keys keys = QuarkusTransaction.requiringNew().call(() -> visibleKeys(assetId, caller));
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

  private static Keys visibleKeys(String assetId, Actor caller) {
    ProjectedAsset asset = ProjectedAsset.findById(assetId);
    if (asset == null) {
      throw ProblemException.notFound("asset", assetId);
    }
    List<ProjectedGrant> grants = ProjectedGrant.list("assetId = ?1 order by id", assetId);
    boolean visible =
        caller.isAuditor()
            || caller.orgId().filter(asset.owner::equals).isPresent()
            || grants.stream().anyMatch(g -> caller.orgId().filter(g.grantee::equals).isPresent());
    if (!visible) {
      throw ProblemException.notFound("asset", assetId);
    }
    return new Keys(
        asset.owner, grants.stream().map(g -> g.id).toList(), ProjectedTask.idsUsing(assetId));
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
