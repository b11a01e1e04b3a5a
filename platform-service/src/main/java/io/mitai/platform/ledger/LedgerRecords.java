package io.mitai.platform.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mitai.contract.json.RecordJson;
import io.mitai.contract.model.HistoryEntry;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The node's side of the contract's canonical JSON ({@link RecordJson}): requests are encoded and
 * records decoded with the very codec the chaincode uses, so the node sends what the contract
 * parses and reads exactly what it wrote. A record that does not decode is the ledger's fault, not
 * the caller's: it fails as {@link IllegalStateException}, never as the contract's exception.
 */
public final class LedgerRecords {

  /**
   * Only for {@code GetHistory}, whose entries embed each record verbatim (see {@link #history}).
   */
  private static final ObjectMapper TREE = new ObjectMapper();

  private LedgerRecords() {}

  /** The canonical JSON of a request: what the contract's {@code RecordJson.parseInput} reads. */
  public static String encode(Object request) {
    return RecordJson.toJson(request);
  }

  /** A record as the contract wrote it (strict: unknown fields or a wrong shape fail). */
  public static <T> T decode(String json, Class<T> type) {
    try {
      return RecordJson.fromState(json.getBytes(StandardCharsets.UTF_8), type);
    } catch (ChaincodeException e) {
      throw new IllegalStateException("a ledger " + type.getSimpleName() + " is unreadable", e);
    }
  }

  /** A JSON array of records, in the ledger's order. */
  public static <T> List<T> decodeList(String json, Class<T> type) {
    @SuppressWarnings("unchecked")
    Class<T[]> arrayType = (Class<T[]>) Array.newInstance(type, 0).getClass();
    return List.of(decode(json, arrayType));
  }

  /**
   * The entries of a {@code GetHistory} answer. Each entry's {@code value} is the record's own
   * canonical JSON embedded as an object, which the strict codec cannot read back into text; it is
   * kept verbatim (decode it with {@link #decode} for the record's type).
   */
  public static List<HistoryEntry> history(String json) {
    JsonNode entries;
    try {
      entries = TREE.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a ledger history is unreadable", e);
    }
    List<HistoryEntry> out = new ArrayList<>();
    for (JsonNode entry : entries) {
      JsonNode value = entry.get("value");
      out.add(
          new HistoryEntry(
              entry.path("txId").asText(),
              Instant.parse(entry.path("timestamp").asText()),
              entry.path("deleted").asBoolean(),
              value == null || value.isNull()
                  ? null
                  : value.isTextual() ? value.asText() : value.toString()));
    }
    return out;
  }
}
