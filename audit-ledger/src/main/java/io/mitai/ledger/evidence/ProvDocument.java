package io.mitai.ledger.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Derives a W3C PROV-JSON document (https://www.w3.org/submissions/prov-json/) from the proven
 * versions of a data set's ledger records. The derivation is a pure function of those records, so
 * the verifier re-derives it and compares: every PROV statement is implied by a proven record.
 *
 * <ul>
 *   <li>entities: the data set {@code asset:<id>}, each grant {@code grant:<id>}, each successful
 *       task's result {@code result:<taskId>};
 *   <li>activities: each task {@code task:<id>} that used the data set;
 *   <li>agents: organisations {@code org:<mspId>};
 *   <li>relations: {@code wasAttributedTo} (data set and grants to their owner), {@code
 *       wasAssociatedWith} (task to its requester), {@code used} (task used the data set and the
 *       grant that admitted it), {@code wasGeneratedBy} (result by task), {@code wasDerivedFrom}
 *       (result from the data set);
 *   <li>every entity and activity lists, in {@code mitai:transactions}, the ledger transactions of
 *       its versions in ledger order; its other attributes are the latest version's.
 * </ul>
 */
public final class ProvDocument {

  /** The namespace of Mitai's own PROV attributes and types. */
  public static final String MITAI_NS = "https://mitai.io/ns/prov#";

  private ProvDocument() {}

  /**
   * The PROV-JSON document (sorted maps, so its canonical JSON is unique).
   *
   * @param assetId the data set the history is about
   * @param records proven record versions in ledger order
   * @throws BundleException if a record is not about the data set or lacks a field PROV needs
   */
  public static SortedMap<String, Object> derive(String assetId, List<ProvenRecord> records)
      throws BundleException {
    Map<String, List<ProvenRecord>> byKey = new LinkedHashMap<>();
    for (ProvenRecord r : records) {
      byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
    }
    if (!byKey.containsKey("asset:" + assetId)) {
      throw new BundleException("the bundle holds no proven record of the data set " + assetId);
    }
    Builder doc = new Builder();
    for (Map.Entry<String, List<ProvenRecord>> e : new TreeMap<>(byKey).entrySet()) {
      List<ProvenRecord> versions = e.getValue();
      ProvenRecord latest = versions.get(versions.size() - 1);
      JsonNode v = latest.value();
      List<String> txs = versions.stream().map(r -> "tx:" + r.txId()).toList();
      switch (latest.type()) {
        case "asset" -> asset(doc, assetId, latest, v, txs);
        case "grant" -> grant(doc, assetId, latest, v, txs);
        case "task" -> task(doc, assetId, latest, v, txs);
        default -> throw new BundleException("record " + e.getKey() + " has no PROV mapping");
      }
    }
    return doc.build();
  }

  private static void asset(
      Builder doc, String assetId, ProvenRecord r, JsonNode v, List<String> txs)
      throws BundleException {
    if (!r.id().equals(assetId) || !assetId.equals(text(r, v, "id"))) {
      throw new BundleException("record " + r.key() + " is not the data set " + assetId);
    }
    SortedMap<String, Object> a = new TreeMap<>();
    a.put("prov:type", "mitai:DataSet");
    a.put("prov:label", text(r, v, "name"));
    a.put("mitai:commitment", text(r, v, "commitment"));
    a.put("mitai:rowCount", number(r, v, "rowCount"));
    a.put("mitai:status", text(r, v, "status"));
    a.put("mitai:createdAt", text(r, v, "createdAt"));
    a.put("mitai:transactions", txs);
    doc.entity("asset:" + assetId, a);
    String owner = doc.agent(text(r, v, "owner"));
    doc.relation("wasAttributedTo", "prov:entity", "asset:" + assetId, "prov:agent", owner);
  }

  private static void grant(
      Builder doc, String assetId, ProvenRecord r, JsonNode v, List<String> txs)
      throws BundleException {
    if (!assetId.equals(text(r, v, "assetId")) || !r.id().equals(text(r, v, "id"))) {
      throw new BundleException("record " + r.key() + " is not a grant on the data set " + assetId);
    }
    SortedMap<String, Object> g = new TreeMap<>();
    g.put("prov:type", "mitai:Grant");
    g.put("mitai:asset", "asset:" + assetId);
    g.put("mitai:grantee", "org:" + text(r, v, "grantee"));
    g.put("mitai:operations", texts(v.path("operations")));
    g.put("mitai:columns", texts(v.path("columns")));
    g.put("mitai:purpose", text(r, v, "purpose"));
    g.put("mitai:validFrom", text(r, v, "validFrom"));
    g.put("mitai:validUntil", text(r, v, "validUntil"));
    g.put("mitai:maxUses", number(r, v, "maxUses"));
    g.put("mitai:usesConsumed", number(r, v, "usesConsumed"));
    g.put("mitai:status", text(r, v, "status"));
    g.put("mitai:transactions", txs);
    doc.entity(r.key(), g);
    doc.agent(text(r, v, "grantee"));
    String owner = doc.agent(text(r, v, "owner"));
    doc.relation("wasAttributedTo", "prov:entity", r.key(), "prov:agent", owner);
  }

  private static void task(
      Builder doc, String assetId, ProvenRecord r, JsonNode v, List<String> txs)
      throws BundleException {
    if (!r.id().equals(text(r, v, "id"))) {
      throw new BundleException("record " + r.key() + " holds another task");
    }
    JsonNode input = null;
    for (JsonNode i : v.path("inputs")) {
      if (assetId.equals(i.path("assetId").asText(null))) {
        input = i;
        break;
      }
    }
    if (input == null) {
      throw new BundleException("task " + r.id() + " did not use the data set " + assetId);
    }
    String status = text(r, v, "status");
    SortedMap<String, Object> t = new TreeMap<>();
    t.put("prov:type", "mitai:Task");
    t.put("prov:startTime", text(r, v, "createdAt"));
    if (!status.equals("SUBMITTED") && !status.equals("RUNNING")) {
      t.put("prov:endTime", text(r, v, "updatedAt"));
    }
    t.put("mitai:operation", text(r, v, "operation"));
    t.put("mitai:protocol", text(r, v, "protocol"));
    t.put("mitai:assurance", text(r, v, "assurance"));
    t.put("mitai:status", status);
    if (v.hasNonNull("rejection")) {
      t.put("mitai:rejection", v.path("rejection").path("reason").asText(""));
    }
    if (v.hasNonNull("failureReason")) {
      t.put("mitai:failureReason", v.path("failureReason").asText());
    }
    t.put("mitai:transactions", txs);
    doc.activity(r.key(), t);
    String requester = doc.agent(text(r, v, "requester"));
    doc.relation("wasAssociatedWith", "prov:activity", r.key(), "prov:agent", requester);
    if (status.equals("REJECTED")) {
      return; // a refused task used nothing
    }
    doc.relation("used", "prov:activity", r.key(), "prov:entity", "asset:" + assetId);
    if (input.hasNonNull("grantId")) {
      doc.relation(
          "used",
          "prov:activity",
          r.key(),
          "prov:entity",
          "grant:" + input.path("grantId").asText());
    }
    if (status.equals("SUCCEEDED") && v.hasNonNull("resultHash")) {
      String result = "result:" + r.id();
      SortedMap<String, Object> res = new TreeMap<>();
      res.put("prov:type", "mitai:Result");
      res.put("mitai:resultHash", v.path("resultHash").asText());
      res.put("mitai:recipients", texts(v.path("resultRecipients")));
      res.put("mitai:transactions", List.of("tx:" + r.txId()));
      doc.entity(result, res);
      SortedMap<String, Object> gen = new TreeMap<>();
      gen.put("prov:entity", result);
      gen.put("prov:activity", r.key());
      gen.put("prov:time", text(r, v, "updatedAt"));
      doc.relation("wasGeneratedBy", gen);
      doc.relation(
          "wasDerivedFrom", "prov:generatedEntity", result, "prov:usedEntity", "asset:" + assetId);
    }
  }

  private static String text(ProvenRecord r, JsonNode v, String field) throws BundleException {
    JsonNode n = v.get(field);
    if (n == null || !n.isTextual()) {
      throw new BundleException("record " + r.key() + " has no text field " + field);
    }
    return n.asText();
  }

  private static long number(ProvenRecord r, JsonNode v, String field) throws BundleException {
    JsonNode n = v.get(field);
    if (n == null || !n.canConvertToLong()) {
      throw new BundleException("record " + r.key() + " has no integer field " + field);
    }
    return n.asLong();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Collects statements into sorted maps; relation ids are numbered in derivation order. */
  private static final class Builder {
    private final SortedMap<String, Object> entity = new TreeMap<>();
    private final SortedMap<String, Object> activity = new TreeMap<>();
    private final SortedMap<String, Object> agent = new TreeMap<>();
    private final SortedMap<String, SortedMap<String, Object>> relations = new TreeMap<>();
    private int next;

    void entity(String id, SortedMap<String, Object> attributes) {
      entity.put(id, attributes);
    }

    void activity(String id, SortedMap<String, Object> attributes) {
      activity.put(id, attributes);
    }

    String agent(String mspId) {
      String id = "org:" + mspId;
      agent.computeIfAbsent(id, k -> new TreeMap<>(Map.of("prov:type", "prov:Organization")));
      return id;
    }

    void relation(String kind, String k1, String v1, String k2, String v2) {
      SortedMap<String, Object> r = new TreeMap<>();
      r.put(k1, v1);
      r.put(k2, v2);
      relation(kind, r);
    }

    void relation(String kind, SortedMap<String, Object> attributes) {
      relations
          .computeIfAbsent(kind, k -> new TreeMap<>())
          .put(String.format(java.util.Locale.ROOT, "_:r%04d", next++), attributes);
    }

    SortedMap<String, Object> build() {
      SortedMap<String, Object> doc = new TreeMap<>();
      SortedMap<String, Object> prefix = new TreeMap<>();
      prefix.put("mitai", MITAI_NS);
      prefix.put("asset", "urn:mitai:asset:");
      prefix.put("grant", "urn:mitai:grant:");
      prefix.put("task", "urn:mitai:task:");
      prefix.put("result", "urn:mitai:result:");
      prefix.put("org", "urn:mitai:org:");
      prefix.put("tx", "urn:mitai:tx:");
      doc.put("prefix", prefix);
      doc.put("entity", entity);
      if (!activity.isEmpty()) {
        doc.put("activity", activity);
      }
      doc.put("agent", agent);
      doc.putAll(relations);
      return doc;
    }
  }
}
