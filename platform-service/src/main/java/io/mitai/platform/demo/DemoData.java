package io.mitai.platform.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.platform.asset.domain.AssetService;
import io.mitai.platform.asset.persistence.StoredAsset;
import io.mitai.platform.boot.NodeMode;
import io.mitai.platform.grant.GrantService;
import io.mitai.platform.grant.api.GrantRequest;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.projection.ProjectedGrant;
import io.mitai.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Registers the sandbox's demo data sets ({@link DemoDataSets}) just after start (in a thread of
 * its own), through the same upload path as a user's upload (parsed, encrypted under a fresh data
 * key wrapped by the owner's KEK, registered on the ledger through the outbox), and issues one demo
 * grant: org1 lets org2 run PSI, PSI_CARDINALITY, SECURE_AGGREGATE and JOINT_STATS on {@code
 * demo-patients}.
 *
 * <p>On only with the demo organisations and users ({@code mitai.demo.enabled}), in sandbox mode,
 * and while {@code mitai.demo.data} is true (the default). Idempotent: a data set is registered
 * only if its owner has never held one of that name (a destroyed demo data set stays destroyed),
 * and the grant only if org1 has never granted org2 anything on it; so a restart seeds nothing
 * twice, and a start that could not finish (e.g. the ledger was down) completes on the next one.
 */
@ApplicationScoped
public class DemoData {

  private static final Logger LOG = Logger.getLogger(DemoData.class);

  static final String GRANT_OWNER = "org1";
  static final String GRANT_GRANTEE = "org2";
  static final String GRANTED_SET = "demo-patients";
  static final List<String> GRANTED_OPERATIONS =
      List.of("PSI", "PSI_CARDINALITY", "SECURE_AGGREGATE", "JOINT_STATS");
  static final List<String> GRANTED_COLUMNS =
      List.of("national_id", "sex", "age", "region", "bmi", "systolic_bp", "admissions");

  @Inject HostedOrganisations hosted;
  @Inject AssetService assets;
  @Inject GrantService grants;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "mitai.demo.enabled", defaultValue = "true")
  boolean demoUsers;

  @ConfigProperty(name = "mitai.demo.data", defaultValue = "true")
  boolean demoData;

  /** What one call of {@link #seed()} registered: data set ids and grant ids. */
  public record Seeded(List<String> assetIds, List<String> grantIds) {}

  private final CompletableFuture<Seeded> atStart = new CompletableFuture<>();

  /**
   * Seeds in a thread of its own once the node has started, so the node is ready (and its health
   * check green) without waiting for the demo data; the data sets appear a few seconds later.
   */
  void onStart(@Observes @Priority(40) StartupEvent event) {
    if (!enabled()) {
      atStart.complete(new Seeded(List.of(), List.of()));
      return;
    }
    Thread seeding =
        new Thread(
            () -> {
              try {
                Seeded seeded = seed();
                LOG.infof(
                    "demo data up to date: %d data sets and %d grants registered now",
                    seeded.assetIds().size(), seeded.grantIds().size());
                atStart.complete(seeded);
              } catch (RuntimeException e) {
                // The node is useful without its demo data; the next start tries again.
                LOG.warnf(e, "demo data not (fully) registered; the next start tries again");
                atStart.completeExceptionally(e);
              }
            },
            "mitai-demo-data");
    seeding.setDaemon(true);
    seeding.start();
  }

  /** The seeding started with the node (complete at once when demo data is off). */
  public CompletableFuture<Seeded> atStart() {
    return atStart;
  }

  /** Demo data belongs to the sandbox with its demo organisations and users only. */
  public boolean enabled() {
    return demoUsers && demoData && hosted.mode() == NodeMode.SANDBOX;
  }

  /** Registers whatever of the demo data is missing on this node; see the class comment. */
  public synchronized Seeded seed() {
    List<String> assetIds = new ArrayList<>();
    for (DemoDataSets.DataSet set : DemoDataSets.all()) {
      if (!hosted.ids().contains(set.owner()) || everHeld(set.owner(), set.name()).isPresent()) {
        continue;
      }
      AssetService.Uploaded uploaded = assets.upload(set.owner(), body(set), CONTENT_TYPE);
      assetIds.add(uploaded.asset().id());
      LOG.infof(
          "demo data set %s of %s registered as %s (ledger %s)",
          set.name(), set.owner(), uploaded.asset().id(), uploaded.write().state());
    }
    List<String> grantIds = new ArrayList<>();
    if (hosted.ids().contains(GRANT_OWNER)) {
      Optional<StoredAsset> patients = everHeld(GRANT_OWNER, GRANTED_SET);
      if (patients.isPresent()
          && patients.get().destroyedAt == null
          && !everGranted(patients.get().id)) {
        grantIds.add(grant(patients.get().id));
      }
    }
    return new Seeded(assetIds, grantIds);
  }

  private String grant(String assetId) {
    GrantRequest request =
        new GrantRequest(
            assetId,
            GRANT_GRANTEE,
            GRANTED_OPERATIONS,
            GRANTED_COLUMNS,
            "Demo: do patients' health and claims costs go together? (synthetic data)",
            "synthetic demo data, no real person",
            null,
            Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.DAYS).toString(),
            100,
            "MPC_SEMI_HONEST",
            List.of(),
            null);
    try {
      GrantService.Issued issued = grants.issue(GRANT_OWNER, request);
      LOG.infof(
          "demo grant %s: %s lets %s run %s on %s (ledger %s)",
          issued.grantId(),
          GRANT_OWNER,
          GRANT_GRANTEE,
          GRANTED_OPERATIONS,
          GRANTED_SET,
          issued.write().state());
      return issued.grantId();
    } catch (ProblemException e) {
      // E.g. the data set's registration is still waiting for the ledger.
      throw new IllegalStateException("the demo grant could not be issued: " + e.getMessage(), e);
    }
  }

  /** The owner's data set of that name, destroyed or not, if it ever registered one. */
  private Optional<StoredAsset> everHeld(String owner, String name) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                StoredAsset.<StoredAsset>list("orgId = ?1 order by createdAt", owner).stream()
                    .filter(a -> name.equals(nameOf(a)))
                    .findFirst());
  }

  private boolean everGranted(String assetId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ProjectedGrant.count(
                        "assetId = ?1 and owner = ?2 and grantee = ?3",
                        assetId,
                        GRANT_OWNER,
                        GRANT_GRANTEE)
                    > 0);
  }

  private String nameOf(StoredAsset asset) {
    try {
      return json.readTree(asset.schemaJson).path("name").asText();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored schema of " + asset.id + " is unreadable", e);
    }
  }

  private static final String BOUNDARY = "mitai-demo-data-boundary";
  private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  /** The multipart body a browser would post for this data set (name, types, file). */
  static ByteArrayInputStream body(DemoDataSets.DataSet set) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(set.csv().length() + 1024);
    part(out, "name", null, set.name());
    part(out, "types", null, set.typesField());
    part(out, "file", set.name() + ".csv", set.csv());
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return new ByteArrayInputStream(out.toByteArray());
  }

  private static void part(ByteArrayOutputStream out, String name, String file, String content) {
    StringBuilder head =
        new StringBuilder("--")
            .append(BOUNDARY)
            .append("\r\nContent-Disposition: form-data; name=\"")
            .append(name)
            .append('"');
    if (file != null) {
      head.append("; filename=\"").append(file).append("\"\r\nContent-Type: text/csv");
    }
    head.append("\r\n\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content.getBytes(StandardCharsets.UTF_8));
    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
  }
}
