package io.mitai.platform.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.HistoryEntry;
import io.mitai.contract.model.Task;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.ledger.LedgerRecords;
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

  @Inject ContractReads reads;
  @Inject HostedOrganisations hosted;
  @Inject ObjectMapper json;

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
    List<Entry> entries = new ArrayList<>(history(ContractReads.Kind.ASSET, assetId));
    for (String grant : keys.grants()) {
      entries.addAll(history(ContractReads.Kind.GRANT, grant));
    }
    for (String task : keys.tasks()) {
      entries.addAll(history(ContractReads.Kind.TASK, task));
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

  private List<Entry> history(ContractReads.Kind kind, String id) {
    List<HistoryEntry> versions;
    try {
      versions = reads.history(hosted.ids().get(0), kind, id);
    } catch (EndorsementException e) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    for (HistoryEntry h : versions) {
      // The record is shown as the ledger holds it; only its status is read in its type.
      entries.add(
          new Entry(
              kind.prefix(),
              id,
              h.txId(),
              h.timestamp().toString(),
              h.value() == null ? null : status(kind, h.value()),
              tree(h.value())));
    }
    return entries;
  }

  private static String status(ContractReads.Kind kind, String record) {
    return switch (kind) {
      case ASSET -> LedgerRecords.decode(record, DataAsset.class).status().name();
      case GRANT -> LedgerRecords.decode(record, Grant.class).status().name();
      case TASK -> LedgerRecords.decode(record, Task.class).status().name();
      case ORGANISATION, ALGORITHM -> null;
    };
  }

  private JsonNode tree(String record) {
    if (record == null) {
      return json.missingNode();
    }
    try {
      return json.readTree(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a ledger record is unreadable", e);
    }
  }
}
