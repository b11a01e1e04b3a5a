package io.mitai.ledger.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.LedgerExplorer;
import io.mitai.ledger.SignedTreeHead;
import io.mitai.ledger.codec.BlockJson;
import io.mitai.ledger.codec.ProofJson;
import io.mitai.ledger.merkle.MerkleHasher;
import io.mitai.ledger.merkle.MerkleProofs;
import io.mitai.ledger.merkle.ProofException;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * An auditor's evidence bundle: a data set's history as a W3C PROV-JSON document, together with
 * every ledger record version it is derived from, each with its RFC 6962 inclusion proof, and the
 * one signed tree head all proofs lead to. The bundle is canonical JSON (keys sorted, no
 * whitespace):
 *
 * <pre>
 * {"assetId": id, "format": "mitai-evidence-bundle-v1",
 *  "prov": {PROV-JSON document, see ProvDocument},
 *  "records": [{"auditPath": [base64…], "key": "grant:g1", "leaf": base64, "leafIndex": n,
 *               "txId": id}, …],       // sorted by (leafIndex, key)
 *  "treeHead": {"rootHash": base64, "signature": base64, "timestamp": iso, "treeSize": n}}
 * </pre>
 *
 * <p>{@link #verify} needs only the ledger's public key. It checks the tree head's signature, every
 * record's inclusion proof against that head, that each leaf is the transaction it claims and wrote
 * the record it names, that the PROV document is exactly the one those proven records imply, and
 * that the bundle's bytes are exactly the canonical encoding of all this, so no byte of it is left
 * unchecked. A bundle proves that what it contains is on the ledger; it cannot prove that nothing
 * was left out (the exporting node chooses the records).
 */
public final class EvidenceBundle {

  /** The format tag of this version of the bundle. */
  public static final String FORMAT = "mitai-evidence-bundle-v1";

  private static final ObjectMapper TREE = new ObjectMapper();

  private EvidenceBundle() {}

  /** The wire shape. */
  public record Wire(
      String format,
      String assetId,
      ProofJson.TreeHead treeHead,
      List<Record> records,
      Object prov) {}

  /** One record version with its inclusion proof (the tree head is the bundle's). */
  public record Record(
      String key, String txId, long leafIndex, String leaf, List<String> auditPath) {}

  /** A record version to put in a bundle: its primary key and the transaction that wrote it. */
  public record RecordRef(String key, String txId) {}

  /** What a verified bundle establishes. */
  public record Verified(String assetId, SignedTreeHead treeHead, List<ProvenRecord> records) {}

  private static final Comparator<Record> ORDER =
      Comparator.comparingLong(Record::leafIndex).thenComparing(Record::key);

  /**
   * Builds the bundle of {@code refs}, proving every transaction against one tree head of {@code
   * explorer}.
   *
   * @throws BundleException if a record does not belong in the data set's history
   */
  public static byte[] export(String assetId, List<RecordRef> refs, LedgerExplorer explorer)
      throws BundleException {
    List<String> txIds = refs.stream().map(RecordRef::txId).distinct().toList();
    Map<String, InclusionProof> proofs = new LinkedHashMap<>();
    SignedTreeHead head = null;
    for (InclusionProof p : explorer.proveInclusion(txIds)) {
      proofs.put(p.txId(), p);
      head = p.treeHead();
    }
    if (head == null) {
      head = explorer.treeHead();
    }
    Base64.Encoder b64 = Base64.getEncoder();
    List<Record> records = new ArrayList<>();
    for (RecordRef ref : refs.stream().distinct().toList()) {
      InclusionProof p = proofs.get(ref.txId());
      records.add(
          new Record(
              ref.key(),
              ref.txId(),
              p.leafIndex(),
              b64.encodeToString(p.leaf()),
              p.auditPath().stream().map(b64::encodeToString).toList()));
    }
    records.sort(ORDER);
    return assemble(assetId, head, records).bytes();
  }

  /**
   * Verifies a bundle with the ledger's public key alone.
   *
   * @throws BundleException naming the first check that failed (including an unparsable bundle)
   */
  public static Verified verify(byte[] bundle, PublicKey ledgerKey) throws BundleException {
    Wire wire;
    try {
      wire = BlockJson.decode(bundle, Wire.class);
    } catch (IOException e) {
      throw new BundleException(
          "the bundle is not readable JSON of the bundle format: " + e.getMessage(), e);
    }
    try {
      return verify(wire, bundle, ledgerKey);
    } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
      throw new BundleException("the bundle is malformed: " + e, e);
    }
  }

  private static Verified verify(Wire wire, byte[] bundle, PublicKey ledgerKey)
      throws BundleException {
    if (!FORMAT.equals(wire.format())) {
      throw new BundleException("unknown bundle format " + wire.format() + ", expected " + FORMAT);
    }
    if (wire.assetId() == null || wire.treeHead() == null || wire.records() == null) {
      throw new BundleException("the bundle lacks assetId, treeHead or records");
    }
    SignedTreeHead head = treeHead(wire.treeHead());
    Base64.Decoder b64 = Base64.getDecoder();
    for (int i = 0; i < wire.records().size(); i++) {
      Record r = wire.records().get(i);
      if (i > 0 && ORDER.compare(wire.records().get(i - 1), r) >= 0) {
        throw new BundleException("records are not in (leafIndex, key) order at record " + i);
      }
      try {
        MerkleProofs.verifyInclusion(
            r.leafIndex(),
            head.treeSize(),
            MerkleHasher.leafHash(b64.decode(r.leaf())),
            r.auditPath().stream().map(b64::decode).toList(),
            head.rootHash());
      } catch (ProofException e) {
        throw new BundleException(
            "record " + i + " (" + r.key() + ", transaction " + r.txId() + "): " + e.getMessage(),
            e);
      }
    }
    // Re-encoded from the decoded bytes: base64 that decodes to the same bytes but is spelt
    // differently (non-zero padding bits) must not pass the byte comparison below.
    Base64.Encoder encoder = Base64.getEncoder();
    List<Record> records =
        wire.records().stream()
            .map(
                r ->
                    new Record(
                        r.key(),
                        r.txId(),
                        r.leafIndex(),
                        encoder.encodeToString(b64.decode(r.leaf())),
                        r.auditPath().stream()
                            .map(p -> encoder.encodeToString(b64.decode(p)))
                            .toList()))
            .toList();
    Assembled expected = assemble(wire.assetId(), head, records);
    if (!Arrays.equals(expected.bytes(), bundle)) {
      byte[] claimedProv = BlockJson.encode(wire.prov() == null ? Map.of() : wire.prov());
      if (!Arrays.equals(BlockJson.encode(expected.prov()), claimedProv)) {
        throw new BundleException("the PROV document does not match the proven ledger records");
      }
      throw new BundleException(
          "the bundle is not in canonical form (its bytes differ from the"
              + " canonical encoding of what it proves)");
    }
    // Last only because it is the costliest check; every check must pass.
    if (!head.verifySignature(ledgerKey)) {
      throw new BundleException("the tree head's signature does not verify with the ledger key");
    }
    return new Verified(wire.assetId(), head, expected.records());
  }

  private record Assembled(
      byte[] bytes, SortedMap<String, Object> prov, List<ProvenRecord> records) {}

  private static Assembled assemble(String assetId, SignedTreeHead head, List<Record> records)
      throws BundleException {
    List<ProvenRecord> proven = new ArrayList<>();
    for (Record r : records) {
      proven.add(recordOf(r.key(), r.txId(), Base64.getDecoder().decode(r.leaf())));
    }
    SortedMap<String, Object> prov = ProvDocument.derive(assetId, proven);
    byte[] bytes =
        BlockJson.encode(new Wire(FORMAT, assetId, ProofJson.toWire(head), records, prov));
    return new Assembled(bytes, prov, List.copyOf(proven));
  }

  /**
   * Reads the version of record {@code key} that transaction {@code txId} wrote, from the
   * transaction's leaf (its envelope, see docs/ledger.md).
   *
   * @throws BundleException if the leaf is another transaction or did not write that key
   */
  public static ProvenRecord recordOf(String key, String txId, byte[] leaf) throws BundleException {
    JsonNode envelope;
    try {
      envelope = TREE.readTree(leaf);
    } catch (IOException e) {
      throw new BundleException("the leaf of transaction " + txId + " is not an envelope", e);
    }
    if (envelope == null || !txId.equals(envelope.path("txId").asText(null))) {
      throw new BundleException("the leaf proven for " + txId + " is another transaction");
    }
    for (JsonNode w : envelope.path("writes")) {
      if (key.equals(w.path("key").asText(null)) && !w.path("delete").asBoolean(false)) {
        try {
          JsonNode value = TREE.readTree(Base64.getDecoder().decode(w.path("value").asText("")));
          if (value == null || !value.isObject()) {
            break;
          }
          return new ProvenRecord(
              key,
              txId,
              envelope.path("timestamp").asText(),
              envelope.path("creatorMspId").asText(),
              value);
        } catch (IOException | IllegalArgumentException e) {
          throw new BundleException("transaction " + txId + " wrote " + key + " as no record", e);
        }
      }
    }
    throw new BundleException("transaction " + txId + " did not write record " + key);
  }

  private static SignedTreeHead treeHead(ProofJson.TreeHead h) {
    Base64.Decoder b64 = Base64.getDecoder();
    return new SignedTreeHead(
        h.treeSize(),
        b64.decode(h.rootHash()),
        Instant.parse(h.timestamp()),
        b64.decode(h.signature()));
  }
}
