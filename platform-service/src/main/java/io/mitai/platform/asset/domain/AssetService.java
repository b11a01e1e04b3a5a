package io.mitai.platform.asset.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mitai.platform.asset.api.AssetView;
import io.mitai.platform.asset.api.ColumnView;
import io.mitai.platform.asset.persistence.StoredAsset;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.ledger.projection.ProjectedAsset;
import io.mitai.platform.ledger.projection.ProjectedGrant;
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
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
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
  private static final int MAX_NAME = Validate.MAX_NAME;

  @Inject UploadLimits limits;
  @Inject KeyVault keys;
  @Inject Outbox outbox;
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

  private record Ingested(List<String> names, long rows, long segments) {}

  public Uploaded upload(String orgId, InputStream body, String contentType) {
    String assetId = "asset-" + UUID.randomUUID();
    Path directory = Path.of(dataDir, "assets", orgId).toAbsolutePath().normalize();
    Path partial = directory.resolve(assetId + ".seg.part");
    Path target = directory.resolve(assetId + ".seg");
    boolean stored = false;
    try {
      Files.createDirectories(directory);
      SecretKey dataKey = newDataKey();
      byte[] noncePrefix = new byte[4];
      RANDOM.nextBytes(noncePrefix);

      String name = null;
      boolean privateName = false;
      Map<String, ColumnType> declared = new LinkedHashMap<>();
      Ingested ingested = null;
      MultipartReader multipart =
          new MultipartReader(new LimitedInputStream(body, limits.maxBytes()), contentType);
      for (Optional<MultipartReader.Part> p = multipart.next();
          p.isPresent();
          p = multipart.next()) {
        MultipartReader.Part part = p.get();
        switch (part.name()) {
          case "name" -> name = MultipartReader.text(part, MAX_NAME * 4).strip();
          case "types" -> declared = parseTypes(MultipartReader.text(part, 65536));
          case "private" -> privateName = parseFlag(MultipartReader.text(part, 16).strip());
          case "file" -> {
            if (ingested != null) {
              throw invalid("only one `file` part is accepted");
            }
            ingested = ingest(part.content(), partial, dataKey, noncePrefix, assetId);
          }
          default -> {
            // unknown form fields are ignored
          }
        }
      }
      if (ingested == null) {
        throw invalid("a `file` part with the CSV is required");
      }
      Validate.name("name", name);
      List<ColumnType> types =
          resolveTypes(ingested.names(), declared, partial, dataKey, noncePrefix, assetId);
      String commitment = commit(ingested.names(), types, partial, dataKey, noncePrefix, assetId);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);

      String kekAlias = keys.currentKek(orgId);
      byte[] wrapped = KeyWrap.wrap(keys.kek(orgId, kekAlias), dataKey, assetId, kekAlias);
      List<ColumnView> columns = new ArrayList<>();
      for (int i = 0; i < types.size(); i++) {
        columns.add(new ColumnView(ingested.names().get(i), types.get(i).name()));
      }
      byte[] nameSalt = new byte[16];
      RANDOM.nextBytes(nameSalt);
      String ledgerName = privateName ? PrivateName.of(name, nameSalt) : name;
      byte[] keptSalt = privateName ? nameSalt : null;
      String request = registration(assetId, ledgerName, columns, ingested.rows(), commitment);
      String finalName = name;
      Ingested done = ingested;
      String outboxId =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    StoredAsset asset = new StoredAsset();
                    asset.id = assetId;
                    asset.orgId = orgId;
                    asset.kekAlias = kekAlias;
                    asset.wrappedKey = wrapped;
                    asset.noncePrefix = noncePrefix;
                    asset.segmentCount = (int) done.segments();
                    asset.segmentSize = limits.segmentSize();
                    asset.ciphertext =
                        Path.of(dataDir).toAbsolutePath().normalize().relativize(target).toString();
                    asset.schemaJson = schemaJson(finalName, columns, keptSalt);
                    asset.rowCount = done.rows();
                    asset.commitment = commitment;
                    asset.createdAt = Instant.now();
                    asset.outboxId = outbox.enqueue(orgId, "RegisterAsset", List.of(request));
                    asset.persist();
                    return asset.outboxId;
                  });
      stored = true;
      LedgerWrite write = outbox.deliver(outboxId);
      if (write.refusal().isPresent()) {
        QuarkusTransaction.requiringNew().run(() -> StoredAsset.deleteById(assetId));
        Files.deleteIfExists(target);
        throw LedgerProblems.of(write.refusal().get());
      }
      AssetView view =
          new AssetView(
              assetId,
              finalName,
              orgId,
              columns,
              done.rows(),
              commitment,
              write.isDone() ? "ACTIVE" : "PENDING",
              Instant.now().toString(),
              write.txId(),
              write.state().name());
      LOG.infof(
          "asset %s of %s stored encrypted: %d rows, %d columns, ledger %s",
          assetId, orgId, done.rows(), columns.size(), write.state());
      return new Uploaded(view, write);
    } catch (LimitedInputStream.TooLarge e) {
      throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage());
    } catch (CsvException.TooLarge e) {
      throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage());
    } catch (EmptyData e) {
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

  /** Pass 1: parse and validate the CSV, encrypting its rows as they stream through. */
  private Ingested ingest(
      InputStream content, Path partial, SecretKey dataKey, byte[] noncePrefix, String assetId)
      throws IOException, CsvException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CsvReader csv =
        new CsvReader(
            new BufferedReader(new InputStreamReader(content, decoder), 65536),
            limits.maxCellLength());
    List<String> header =
        csv.next().orElseThrow(() -> new EmptyData("the file is empty: no header row"));
    checkHeader(header);
    long rows = 0;
    SegmentedCipher.Writer writer;
    try (OutputStream file = Files.newOutputStream(partial)) {
      writer =
          new SegmentedCipher.Writer(file, dataKey, noncePrefix, assetId, limits.segmentSize());
      try (DataOutputStream out = RowCodec.output(writer)) {
        for (Optional<List<String>> row = csv.next(); row.isPresent(); row = csv.next()) {
          if (row.get().size() != header.size()) {
            throw new CsvException(
                "line "
                    + csv.line()
                    + " has "
                    + row.get().size()
                    + " fields but the header has "
                    + header.size());
          }
          if (++rows > limits.maxRows()) {
            throw new CsvException.TooLarge("the file has more than " + limits.maxRows() + " rows");
          }
          RowCodec.write(out, row.get());
        }
      }
    }
    if (rows == 0) {
      throw new EmptyData("the file has a header but no data rows");
    }
    return new Ingested(header, rows, writer.segments());
  }

  private void checkHeader(List<String> header) throws CsvException {
    if (header.size() > limits.maxColumns()) {
      throw new CsvException.TooLarge(
          "the file has " + header.size() + " columns; at most " + limits.maxColumns());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String column = header.get(i);
      if (column.isBlank()) {
        throw new CsvException("header column " + (i + 1) + " has no name");
      }
      String problem = Validate.problemIn(column, MAX_NAME, false);
      if (problem != null) {
        throw new CsvException("the name of header column " + (i + 1) + " " + problem);
      }
      if (!seen.add(column)) {
        throw new CsvException("header column " + (i + 1) + " repeats an earlier column name");
      }
    }
  }

  /** Declared types where given, else inferred from a decrypting pass over the rows. */
  private List<ColumnType> resolveTypes(
      List<String> names,
      Map<String, ColumnType> declared,
      Path partial,
      SecretKey dataKey,
      byte[] noncePrefix,
      String assetId)
      throws IOException, GeneralSecurityException {
    for (String column : declared.keySet()) {
      if (!names.contains(column)) {
        throw new ProblemException(
            ProblemType.UNKNOWN_COLUMN,
            "a type is declared for column '" + column + "', which the header does not have");
      }
    }
    TypeInference inference = new TypeInference(names.size());
    if (declared.size() < names.size()) {
      try (SegmentedCipher.Reader reader =
          new SegmentedCipher.Reader(
              Files.newInputStream(partial), dataKey, noncePrefix, assetId)) {
        RowCodec.Input rows = new RowCodec.Input(reader, names.size());
        for (Optional<List<String>> row = rows.next(); row.isPresent(); row = rows.next()) {
          for (int i = 0; i < names.size(); i++) {
            inference.observe(i, row.get().get(i));
          }
        }
      }
    }
    List<ColumnType> types = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      ColumnType type = declared.get(names.get(i));
      types.add(type != null ? type : inference.typeOf(i));
    }
    return types;
  }

  /** Pass 2: the content commitment over the typed rows; checks declared types on the way. */
  private String commit(
      List<String> names,
      List<ColumnType> types,
      Path partial,
      SecretKey dataKey,
      byte[] noncePrefix,
      String assetId)
      throws IOException {
    Commitment commitment = new Commitment(names, types);
    try (SegmentedCipher.Reader reader =
        new SegmentedCipher.Reader(Files.newInputStream(partial), dataKey, noncePrefix, assetId)) {
      RowCodec.Input rows = new RowCodec.Input(reader, names.size());
      long row = 0;
      for (Optional<List<String>> r = rows.next(); r.isPresent(); r = rows.next()) {
        row++;
        int bad = commitment.add(r.get());
        if (bad >= 0) {
          throw new ProblemException(
              ProblemType.WRONG_COLUMN_TYPE,
              "data row "
                  + row
                  + ", column '"
                  + names.get(bad)
                  + "': the value is not of the declared type "
                  + types.get(bad));
        }
      }
    }
    return commitment.hex();
  }

  private static boolean parseFlag(String text) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid("`private` must be true or false");
    };
  }

  private static Map<String, ColumnType> parseTypes(String text) {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    if (text.isBlank()) {
      return types;
    }
    for (String entry : text.split(",")) {
      int colon = entry.lastIndexOf(':');
      if (colon <= 0) {
        throw invalid("`types` must look like `column:TYPE,column:TYPE`");
      }
      String column = entry.substring(0, colon).strip();
      String typeName = entry.substring(colon + 1);
      ColumnType type =
          ColumnType.parse(typeName)
              .orElseThrow(
                  () ->
                      invalid(
                          "unknown type for column '"
                              + column
                              + "'; use INTEGER, DECIMAL, DATE or STRING"));
      if (types.put(column, type) != null) {
        throw invalid("`types` names column '" + column + "' twice");
      }
    }
    return types;
  }

  private String registration(
      String assetId, String name, List<ColumnView> columns, long rows, String commitment) {
    ObjectNode request = json.createObjectNode();
    request.put("id", assetId);
    request.put("name", name);
    ArrayNode cols = request.putArray("columns");
    for (ColumnView c : columns) {
      cols.addObject().put("name", c.name()).put("type", c.type());
    }
    request.put("rowCount", rows);
    request.put("commitment", commitment);
    return request.toString();
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
    JsonNode record = read(a.record);
    String name = a.name;
    if (a.owner.equals(orgId)) {
      StoredAsset own = StoredAsset.findById(a.id);
      if (own != null) {
        name = read(own.schemaJson).path("name").asText(a.name);
      }
    }
    List<ColumnView> columns = new ArrayList<>();
    for (JsonNode c : record.path("columns")) {
      columns.add(new ColumnView(c.path("name").asText(), c.path("type").asText()));
    }
    return new AssetView(
        a.id,
        name,
        a.owner,
        columns,
        record.path("rowCount").asLong(),
        record.path("commitment").asText(),
        a.status,
        record.path("createdAt").asText(),
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
                  return outbox.enqueue(orgId, "DestroyAsset", List.of(assetId, reason));
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

  private static SecretKey newDataKey() throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256, RANDOM);
    return generator.generateKey();
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_REQUEST, detail);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warnf("could not delete %s: %s", path, e.getMessage());
    }
  }

  /** No header or no rows. */
  static final class EmptyData extends CsvException {
    private static final long serialVersionUID = 1L;

    EmptyData(String message) {
      super(message);
    }
  }
}
