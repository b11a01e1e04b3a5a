package io.mitai.platform.golden;

import static io.mitai.platform.support.Tasks.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The node's contract with its users and its ledger, pinned: one journey through the REST API
 * (upload, grant, revoke, a secure aggregation, provenance, the explorer, two problems) whose every
 * response is compared with {@code src/test/resources/golden/contract-journey.txt}, written before
 * the node learned the contract's types (issue #15). A refactoring that changes a status, a field,
 * its order or a value fails here. {@code -Dgolden.update=true} rewrites the file instead (only for
 * a deliberate change, reviewed in its diff).
 *
 * <p>Only what differs between two runs of the same journey is replaced, by placeholders that keep
 * identity (the same value gets the same placeholder everywhere): generated ids and transaction ids
 * (random UUIDs), instants (the clock), hex hashes and long base64 values (they cover random ids,
 * keys or nonces), and block and transaction positions (other tests share the ledger); write and
 * read sets, which come in the order of their (random) keys, are compared sorted. Transaction
 * arguments in the explorer are compared as JSON values with sorted keys, because the order in
 * which the node writes an argument's fields is not part of the contract; what the chaincode stored
 * and emitted (the explorer's {@code response} and {@code eventPayload}) is compared as written,
 * field order included.
 */
@QuarkusTest
class GoldenContractTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/contract-journey.txt");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper SORTED =
      JSON.copy()
          .configure(
              com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private static final String TABLE =
      "id,amount,score\n" + "1,10.50,3\n2,20.25,5\n3,5.00,1\n4,7.75,4\n5,12.00,2\n6,3.30,5\n";

  private final Placeholders placeholders = new Placeholders();
  private final StringBuilder transcript = new StringBuilder();

  @Test
  void the_journey_answers_exactly_as_it_did_before_the_typed_contract() throws IOException {
    String alices = record("alice uploads a data set", upload(Api.alice(), "golden-a"), "id");
    String bobs = record("bob uploads a data set", upload(Api.bob(), "golden-b"), "id");
    record("alice reads her data set", Api.alice().get("/api/v1/assets/" + alices));

    String toCarol =
        record(
            "alice grants carol a secure aggregation",
            Api.alice()
                .contentType(ContentType.JSON)
                .body(grant(alices, "org3"))
                .post("/api/v1/grants"),
            "id");
    record(
        "bob grants carol a secure aggregation",
        Api.bob().contentType(ContentType.JSON).body(grant(bobs, "org3")).post("/api/v1/grants"),
        "id");
    String toBob =
        record(
            "alice grants bob, to revoke it",
            Api.alice()
                .contentType(ContentType.JSON)
                .body(grant(alices, "org2"))
                .post("/api/v1/grants"),
            "id");
    record(
        "alice revokes bob's grant",
        Api.alice()
            .contentType(ContentType.JSON)
            .body(Map.of("reason", "project ended"))
            .post("/api/v1/grants/" + toBob + "/revoke"));
    record("carol reads her grant", Api.carol().get("/api/v1/grants/" + toCarol));

    String task =
        record(
            "carol launches a secure aggregation",
            Api.carol()
                .contentType(ContentType.JSON)
                .body(
                    Map.of(
                        "operation",
                        "SECURE_AGGREGATE",
                        "inputs",
                        List.of(input(alices, "amount", "score"), input(bobs, "amount", "score")),
                        "params",
                        Map.of("aggregates", List.of("COUNT", "SUM", "MEAN"))))
                .post("/api/v1/tasks"),
            "id");
    Tasks.succeeded("carol", task);
    record("carol reads the task", Api.carol().get("/api/v1/tasks/" + task));
    record("carol reads the result", Api.carol().get("/api/v1/tasks/" + task + "/result"));
    record(
        "the auditor reads the data set's provenance",
        Api.auditor().get("/api/v1/provenance/assets/" + alices));
    // The ledger's own records, as the chaincode wrote them (arguments, stored value, event).
    ledger("the asset's registration", Api.alice().get("/api/v1/assets/" + alices));
    ledger("the revoked grant's last transaction", Api.alice().get("/api/v1/grants/" + toBob));
    ledger(
        "carol's grant's last transaction (its use)", Api.carol().get("/api/v1/grants/" + toCarol));
    ledger("the task's last transaction", Api.carol().get("/api/v1/tasks/" + task));
    record("carol reads the operation catalogue", Api.carol().get("/api/v1/operations"));
    record(
        "a grant without a purpose is a validation problem",
        Api.alice()
            .contentType(ContentType.JSON)
            .body(Map.of("assetId", alices, "grantee", "org3"))
            .post("/api/v1/grants"));
    record("an unknown grant is not found", Api.alice().get("/api/v1/grants/grant-none"));

    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(GOLDEN, transcript, StandardCharsets.UTF_8);
    }
    assertThat(transcript.toString())
        .as("responses against %s (-Dgolden.update=true rewrites it)", GOLDEN)
        .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  /** Records the explorer's view of the transaction that last wrote the read entity. */
  private void ledger(String what, Response entity) throws IOException {
    String tx = entity.then().statusCode(200).extract().path("ledgerTxId");
    record("the auditor reads " + what, Api.auditor().get("/api/v1/ledger/tx/" + tx));
  }

  private static Response upload(RequestSpecification as, String name) {
    return as.multiPart("name", name)
        .multiPart("file", "data.csv", TABLE.getBytes(StandardCharsets.UTF_8), "text/csv")
        .post("/api/v1/assets");
  }

  private static Map<String, Object> grant(String assetId, String grantee) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("assetId", assetId);
    body.put("grantee", grantee);
    body.put("operations", List.of("SECURE_AGGREGATE"));
    body.put("columns", List.of("amount", "score"));
    body.put("purpose", "quarterly statistics");
    body.put("legalBasis", "contract");
    body.put("validUntil", "2099-01-01T00:00:00Z");
    body.put("maxUses", 5);
    body.put("minAssurance", "MPC_SEMI_HONEST");
    body.put("minGroupSize", 2);
    return body;
  }

  /** Records the step and returns the response's field {@code idField} (unnormalised). */
  private String record(String step, Response response, String idField) throws IOException {
    record(step, response);
    return response.then().extract().path(idField);
  }

  private void record(String step, Response response) throws IOException {
    String body = response.asString();
    transcript.append("## ").append(step).append('\n');
    transcript.append(response.statusCode()).append(' ').append(contentType(response)).append('\n');
    transcript.append(body.isEmpty() ? "" : placeholders.apply(JSON.readTree(body)).toString());
    transcript.append("\n\n");
  }

  private static String contentType(Response response) {
    String type = response.contentType();
    return type == null || type.isEmpty() ? "-" : type.split(";")[0];
  }

  /** Replaces run-dependent values by stable placeholders, keeping identity. */
  static final class Placeholders {
    private static final Pattern ID =
        Pattern.compile("[a-z]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TX = Pattern.compile("mitai-[0-9a-zA-Z-]+");
    private static final Pattern INSTANT =
        Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    /** At least one letter: a run of decimal digits (a mean's expansion) is not a hash. */
    private static final Pattern HEX = Pattern.compile("\\b(?=[0-9]*[a-f])[0-9a-f]{32,}\\b");

    private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/_=-]{40,}$");
    private static final List<String> POSITIONS =
        List.of(
            "block", "blockNumber", "txIndex", "leafIndex", "index", "height", "size", "treeSize");

    /** Write and read sets come in key order, i.e. in the order of random ids: compared sorted. */
    private static final List<String> KEY_ORDERED = List.of("writes", "reads");

    private final Map<String, String> seen = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new java.util.HashMap<>();

    private static ArrayNode sortedByText(ArrayNode array) {
      List<JsonNode> items = new ArrayList<>();
      array.forEach(items::add);
      items.sort(java.util.Comparator.comparing(JsonNode::toString));
      ArrayNode out = JSON.createArrayNode();
      items.forEach(out::add);
      return out;
    }

    JsonNode apply(JsonNode node) throws IOException {
      if (node.isObject()) {
        ObjectNode out = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
          if (f.getKey().equals("args") && f.getValue().isArray()) {
            out.set("args", canonicalArgs((ArrayNode) f.getValue()));
          } else if (KEY_ORDERED.contains(f.getKey()) && f.getValue().isArray()) {
            out.set(f.getKey(), sortedByText((ArrayNode) apply(f.getValue())));
          } else if (POSITIONS.contains(f.getKey()) && f.getValue().isNumber()) {
            out.put(f.getKey(), placeholder("position", f.getValue().asText()));
          } else {
            out.set(f.getKey(), apply(f.getValue()));
          }
        }
        return out;
      }
      if (node.isArray()) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode e : node) {
          out.add(apply(e));
        }
        return out;
      }
      if (node.isTextual()) {
        return new TextNode(text(node.asText()));
      }
      return node;
    }

    /** Explorer arguments: JSON arguments as values with sorted keys, the rest as text. */
    private ArrayNode canonicalArgs(ArrayNode args) throws IOException {
      ArrayNode out = JSON.createArrayNode();
      for (JsonNode arg : args) {
        String text = arg.asText();
        if (text.startsWith("{")) {
          Object value = JSON.readValue(text, Object.class);
          String sorted = SORTED.writeValueAsString(value);
          out.add(apply(JSON.readTree(sorted)).toString());
        } else {
          out.add(text(text));
        }
      }
      return out;
    }

    private String text(String s) {
      if (BASE64.matcher(s).matches() && !s.contains("-") && !HEX.matcher(s).matches()) {
        return placeholder("base64", s);
      }
      String out = replace(ID, s, "id");
      out = replace(TX, out, "tx");
      out = replace(INSTANT, out, "time");
      return replace(HEX, out, "hex");
    }

    private String replace(Pattern p, String s, String kind) {
      Matcher m = p.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(sb, Matcher.quoteReplacement(placeholder(kind, m.group())));
      }
      m.appendTail(sb);
      return sb.toString();
    }

    private String placeholder(String kind, String value) {
      return seen.computeIfAbsent(
          kind + ":" + value, k -> "<" + kind + "#" + counts.merge(kind, 1, Integer::sum) + ">");
    }
  }
}
