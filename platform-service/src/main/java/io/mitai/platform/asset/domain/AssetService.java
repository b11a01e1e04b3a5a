package io.mitai.platform.asset.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.contract.model.AssetRequest;
import io.mitai.contract.model.Column;
import io.mitai.contract.model.DataAsset;
import io.mitai.platform.asset.api.AssetView;
import io.mitai.platform.asset.api.ColumnView;
import io.mitai.platform.asset.persistence.StoredAsset;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.ledger.LedgerRecords;
import io.mitai.platform.ledger.projection.ProjectedAsset;
import io.mitai.platform.ledger.projection.ProjectedGrant;
import io.mitai.platform.outbox.ContractLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.outbox.Outbox;
import io.mitai.platform.problem.LedgerProblems;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.validation.Validate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Data assets: upload (parse, validate, encrypt, commit, register on the ledger), listing, and
 * destruction by crypto-shredding. Plaintext exists only in memory while a request streams through;
 * it is never written to disk or logged.
 */
@ApplicationScoped
public class AssetService {

  private static final Logger LOG = Logger.getLogger(AssetService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject UploadLimits limits;
  @Inject KeyVault keys;
  @Inject Outbox outbox;
  @Inject ContractLedger contract;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "mitai.data-dir", defaultValue = "./data")
  String dataDir;

  /**
   * Deletes the ciphertext of uploads a previous run did not finish ({@link UploadLeftovers}),
   * before the node serves requests.
   */
  void onStart(@Observes @Priority(15) StartupEvent event) {
    try {
      UploadLeftovers.remove(
          Path.of(dataDir, "assets").toAbsolutePath().normalize(),
          id -> QuarkusTransaction.requiringNew().call(() -> StoredAsset.findById(id) != null));
    } catch (IOException e) {
      throw new UncheckedIOException("the asset directory could not be cleaned", e);
    }
  }

  /** A completed upload: the asset and where its ledger registration stands. */
  public record Uploaded(AssetView asset, LedgerWrite write) {}

  /**
   * Stores an uploaded CSV encrypted and registers it on the ledger, in steps: read the form while
   * pass 1 encrypts the file ({@link UploadForm}, {@link StagedUpload}), resolve the column types,
   * compute the commitment, keep the ciphertext, record the asset with its outbox entry, deliver.
   */
  public Uploaded upload(String orgId, InputStream body, String contentType) {
    String assetId = "asset-" + UUID.randomUUID();
    Path directory = Path.of(dataDir, "assets", orgId).toAbsolutePath().normalize();
    Path partial = directory.resolve(assetId + ".seg.part");
    Path target = directory.resolve(assetId + ".seg");
    boolean stored = false;
    try {
      Files.createDirectories(directory);
      StagedUpload staged = StagedUpload.create(limits, partial, assetId);
      UploadForm form =
          UploadForm.read(
              new MultipartReader(new LimitedInputStream(body, limits.maxBytes()), contentType),
              staged::ingest);
      Validate.name("name", form.name());
      List<String> names = form.ingested().names();
      List<ColumnType> types = staged.resolveTypes(names, form.declared());
      String commitment = staged.commit(names, types);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      List<ColumnView> columns = new ArrayList<>();
      for (int i = 0; i < types.size(); i++) {
        columns.add(new ColumnView(names.get(i), types.get(i).name()));
      }
      String outboxId = record(orgId, assetId, form, staged, columns, commitment, target);
      stored = true;
      LedgerWrite write = deliverRegistration(assetId, outboxId, target);
      AssetView view =
          new AssetView(
              assetId,
              form.name(),
              orgId,
              columns,
              form.ingested().rows(),
              commitment,
              write.isDone() ? "ACTIVE" : "PENDING",
              Instant.now().toString(),
              write.txId(),
              write.state().name());
      LOG.infof(
          "asset %s of %s stored encrypted: %d rows, %d columns, ledger %s",
          assetId, orgId, form.ingested().rows(), columns.size(), write.state());
      return new Uploaded(view, write);
    } catch (LimitedInputStream.TooLarge e) {
      throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage());
    } catch (CsvException.TooLarge e) {
      throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage());
    } catch (StagedUpload.EmptyData e) {
      throw new ProblemException(ProblemType.EMPTY_DATA, e.getMessage());
    } catch (CsvException e) {
      throw new ProblemException(ProblemType.MALFORMED_CSV, e.getMessage());
    } catch (CharacterCodingException e) {
      throw new ProblemException(ProblemType.MALFORMED_CSV, "the file is not valid UTF-8 text");
    } catch (MultipartReader.MalformedException e) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("the upload could not be stored", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the upload could not be encrypted", e);
    } finally {
      deleteQuietly(partial);
      if (!stored) {
        deleteQuietly(target);
      }
    }
  }

  /**
   * Wraps the data key under the organisation's current KEK and stores the asset together with its
   * RegisterAsset outbox entry, in one transaction.
   *
   * @return the outbox entry's id
   */
  private String record(
      String orgId,
      String assetId,
      UploadForm form,
      StagedUpload staged,
      List<ColumnView> columns,
      String commitment,
      Path target)
      throws GeneralSecurityException {
    String kekAlias = keys.currentKek(orgId);
    byte[] wrapped = KeyWrap.wrap(keys.kek(orgId, kekAlias), staged.dataKey(), assetId, kekAlias);
    byte[] nameSalt = new byte[16];
    RANDOM.nextBytes(nameSalt);
    String ledgerName = form.privateName() ? PrivateName.of(form.name(), nameSalt) : form.name();
    byte[] keptSalt = form.privateName() ? nameSalt : null;
    long rows = form.ingested().rows();
    AssetRequest request = registration(assetId, ledgerName, columns, rows, commitment);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              StoredAsset asset = new StoredAsset();
              asset.id = assetId;
              asset.orgId = orgId;
              asset.kekAlias = kekAlias;
              asset.wrappedKey = wrapped;
              asset.noncePrefix = staged.noncePrefix();
              asset.segmentCount = (int) form.ingested().segments();
              asset.segmentSize = limits.segmentSize();
              asset.ciphertext =
                  Path.of(dataDir).toAbsolutePath().normalize().relativize(target).toString();
              asset.schemaJson = schemaJson(form.name(), columns, keptSalt);
              asset.rowCount = rows;
              asset.commitment = commitment;
              asset.createdAt = Instant.now();
              asset.outboxId = contract.enqueueRegisterAsset(orgId, request);
              asset.persist();
              return asset.outboxId;
            });
  }

  /** Delivers the registration now; a refusal by the contract removes the asset again. */
  private LedgerWrite deliverRegistration(String assetId, String outboxId, Path target)
      throws IOException {
    LedgerWrite write = outbox.deliver(outboxId);
    if (write.refusal().isPresent()) {
      QuarkusTransaction.requiringNew().run(() -> StoredAsset.deleteById(assetId));
      Files.deleteIfExists(target);
      throw LedgerProblems.of(write.refusal().get());
    }
    return write;
  }

  /**
   * The RegisterAsset request. The contract's checks of it run here and fail as the ledger's
   * refusal would (nothing is stored then: the caller removes the ciphertext).
   */
  private static AssetRequest registration(
      String assetId, String name, List<ColumnView> columns, long rows, String commitment) {
    return LedgerProblems.checked(
        () ->
            new AssetRequest(
                assetId,
                name,
                columns.stream()
                    .map(
                        c ->
                            new Column(
                                c.name(), io.mitai.contract.model.ColumnType.valueOf(c.type())))
                    .toList(),
                rows,
                commitment));
  }

  /**
   * The node's own copy of the asset's metadata: its name (in clear, also when only {@link
   * PrivateName} is on the ledger, with the salt that opens it), and columns.
   */
  private String schemaJson(String name, List<ColumnView> columns, byte[] nameSalt) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("name", name);
    schema.put("columns", columns);
    if (nameSalt != null) {
      schema.put("nameSalt", java.util.HexFormat.of().formatHex(nameSalt));
    }
    try {
      return json.writeValueAsString(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- reading ---------------------------------------------------------------------------------

  /** The caller's own assets (including ones whose registration is pending) and those granted. */
  public List<AssetView> visibleTo(String orgId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Map<String, AssetView> views = new LinkedHashMap<>();
              for (ProjectedAsset a :
                  ProjectedAsset.<ProjectedAsset>list("owner = ?1 order by id", orgId)) {
                views.put(a.id, view(a, orgId));
              }
              for (StoredAsset s :
                  StoredAsset.<StoredAsset>list(
                      "orgId = ?1 and destroyedAt is null order by createdAt", orgId)) {
                views.putIfAbsent(s.id, pendingView(s));
              }
              for (String assetId : grantedAssetIds(orgId)) {
                ProjectedAsset a = ProjectedAsset.findById(assetId);
                if (a != null) {
                  views.putIfAbsent(a.id, view(a, orgId));
                }
              }
              return List.copyOf(views.values());
            });
  }

  /** One asset, if the caller owns it or holds an active grant on it; else 404. */
  public AssetView get(String orgId, String assetId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ProjectedAsset a = ProjectedAsset.findById(assetId);
              if (a != null && (a.owner.equals(orgId) || grantedAssetIds(orgId).contains(a.id))) {
                return view(a, orgId);
              }
              StoredAsset s = StoredAsset.findById(assetId);
              if (a == null && s != null && s.orgId.equals(orgId)) {
                return pendingView(s);
              }
              throw ProblemException.notFound("asset", assetId);
            });
  }

  private static List<String> grantedAssetIds(String orgId) {
    return ProjectedGrant.<ProjectedGrant>list("grantee = ?1 and status = 'ACTIVE'", orgId).stream()
        .map(g -> g.assetId)
        .distinct()
        .toList();
  }

  /**
   * An asset as {@code orgId} sees it: its owner sees the name it gave (kept on this node), which
   * differs from the ledger's only for an asset registered with {@code private=true}.
   */
  AssetView view(ProjectedAsset a, String orgId) {
    DataAsset record = LedgerRecords.decode(a.record, DataAsset.class);
    String name = a.name;
    if (a.owner.equals(orgId)) {
      StoredAsset own = StoredAsset.findById(a.id);
      if (own != null) {
        name = read(own.schemaJson).path("name").asText(a.name);
      }
    }
    List<ColumnView> columns = new ArrayList<>();
    for (Column c : record.columns()) {
      columns.add(new ColumnView(c.name(), c.type().name()));
    }
    return new AssetView(
        a.id,
        name,
        a.owner,
        columns,
        record.rowCount(),
        record.commitment(),
        a.status,
        record.createdAt().toString(),
        a.txId,
        "DONE");
  }

  private AssetView pendingView(StoredAsset s) {
    JsonNode schema = read(s.schemaJson);
    List<ColumnView> columns = new ArrayList<>();
    for (JsonNode c : schema.path("columns")) {
      columns.add(new ColumnView(c.path("name").asText(), c.path("type").asText()));
    }
    return new AssetView(
        s.id,
        schema.path("name").asText(),
        s.orgId,
        columns,
        s.rowCount,
        s.commitment,
        "PENDING",
        s.createdAt.toString(),
        s.outboxId,
        "PENDING");
  }

  private JsonNode read(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored record is unreadable", e);
    }
  }

  // --- destruction -----------------------------------------------------------------------------

  /** Crypto-shreds the caller's asset and records DestroyAsset on the ledger (via the outbox). */
  public LedgerWrite destroy(String orgId, String assetId, String reason) {
    String outboxId =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ProjectedAsset a = ProjectedAsset.findById(assetId);
                  StoredAsset s = StoredAsset.findById(assetId);
                  boolean owner =
                      (a != null && a.owner.equals(orgId)) || (s != null && s.orgId.equals(orgId));
                  if (!owner) {
                    if (a != null && grantedAssetIds(orgId).contains(assetId)) {
                      throw new ProblemException(
                          ProblemType.FORBIDDEN, "only the owner " + a.owner + " may destroy it");
                    }
                    throw ProblemException.notFound("asset", assetId);
                  }
                  if ((a != null && "DESTROYED".equals(a.status))
                      || (s != null && s.destroyedAt != null)) {
                    throw new ProblemException(
                        ProblemType.ASSET_DESTROYED,
                        "asset '" + assetId + "' is already destroyed");
                  }
                  if (s == null) {
                    throw new ProblemException(
                        ProblemType.INVALID_STATE,
                        "asset '" + assetId + "' is not stored on this node");
                  }
                  s.wrappedKey = null;
                  s.kekAlias = null;
                  String file = s.ciphertext;
                  s.ciphertext = null;
                  s.destroyedAt = Instant.now();
                  deleteQuietly(Path.of(dataDir).resolve(file));
                  return contract.enqueueDestroyAsset(orgId, assetId, reason);
                });
    LOG.infof("asset %s crypto-shredded; ledger write %s", assetId, outboxId);
    if (registrationPending(assetId)) {
      // The outbox delivers in order: DestroyAsset follows its RegisterAsset.
      return LedgerWrite.pending(outboxId);
    }
    LedgerWrite write = outbox.deliver(outboxId);
    if (write.refusal().isPresent()) {
      throw LedgerProblems.of(write.refusal().get());
    }
    return write;
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static boolean registrationPending(String assetId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                io.mitai.platform.outbox.OutboxEntry.count(
                        "id = (select s.outboxId from StoredAsset s where s.id = ?1) and state = ?2",
                        assetId,
                        io.mitai.platform.outbox.OutboxState.PENDING)
                    > 0);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warnf("could not delete %s: %s", path, e.getMessage());
    }
  }
}
