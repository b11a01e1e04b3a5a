package io.mitai.ledger.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.embedded.EmbeddedLedger;
import io.mitai.ledger.embedded.EmbeddedLedgerConfig;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import io.mitai.ledger.verify.PublicKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set's evidence bundle built from a real embedded ledger running the chaincode: it verifies
 * with the ledger's public key alone, and no one-byte change anywhere in it is ever accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceBundleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LedgerIdentity org1 = TestIdentities.identity("org1");
  private final LedgerIdentity org2 = TestIdentities.identity("org2");
  private EmbeddedLedger ledger;
  private PublicKey key;
  private byte[] bundle;

  @BeforeAll
  void historyOfOneDataSet() throws Exception {
    ledger =
        EmbeddedLedger.open(
            TestPostgres.newDatabase(), TestIdentities.p256(), EmbeddedLedgerConfig.defaults());
    key = ledger.treeHeadKey();
    for (LedgerIdentity org : new LedgerIdentity[] {org1, org2}) {
      submit(
          org,
          "RegisterOrganisation",
          "{\"displayName\":\""
              + org.mspId()
              + "\",\"endpoint\":\"https://"
              + org.mspId()
              + ".example:8443\",\"publicKey\":\"AAAA\"}");
    }
    submit(
        org1,
        "RegisterAsset",
        "{\"id\":\"asset-1\",\"name\":\"claims\",\"columns\":[{\"name\":\"id\",\"type\":\"STRING\"},"
            + "{\"name\":\"amount\",\"type\":\"DECIMAL\"}],\"rowCount\":3,\"commitment\":\""
            + "ab".repeat(32)
            + "\"}");
    submit(
        org1,
        "IssueGrant",
        "{\"id\":\"grant-1\",\"assetId\":\"asset-1\",\"grantee\":\"org2\",\"operations\":"
            + "[\"SECURE_AGGREGATE\"],\"columns\":[\"amount\"],\"purpose\":\"claims statistics\","
            + "\"validUntil\":\"2099-01-01T00:00:00Z\",\"maxUses\":5,\"minAssurance\":\"MPC_SEMI_HONEST\"}");
    task("task-1");
    submit(org2, "RecordTaskStarted", "task-1");
    submit(
        org2,
        "RecordTaskResult",
        "{\"taskId\":\"task-1\",\"resultHash\":\"" + "ef".repeat(32) + "\"}");
    submit(org1, "RevokeGrant", "grant-1", "purpose fulfilled");
    task("task-2"); // refused: the grant is revoked

    List<EvidenceBundle.RecordRef> refs = new ArrayList<>();
    for (String k : List.of("asset:asset-1", "grant:grant-1", "task:task-1", "task:task-2")) {
      for (JsonNode h : JSON.readTree(ledger.evaluate(org1, "GetHistory", k))) {
        refs.add(new EvidenceBundle.RecordRef(k, h.path("txId").asText()));
      }
    }
    bundle = EvidenceBundle.export("asset-1", refs, ledger);
  }

  @AfterAll
  void close() {
    ledger.close();
  }

  private void submit(LedgerIdentity who, String function, String... args) {
    ledger.submit(who, Invocation.of(function, args));
  }

  private void task(String id) {
    submit(
        org2,
        "SubmitTask",
        "{\"id\":\""
            + id
            + "\",\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":"
            + "\"asset-1\",\"grantId\":\"grant-1\",\"columns\":[\"amount\"]}],\"parameterHash\":\""
            + "cd".repeat(32)
            + "\",\"protocol\":\"ADDITIVE-SS\",\"assurance\":\"MPC_SEMI_HONEST\"}");
  }

  @Test
  void an_exported_bundle_verifies_with_the_public_key_alone() throws Exception {
    EvidenceBundle.Verified verified = EvidenceBundle.verify(bundle, key);

    assertThat(verified.assetId()).isEqualTo("asset-1");
    // asset 1 version, grant 3 (issued, one use, revoked), task-1 3, task-2 1
    assertThat(verified.records()).hasSize(8);
    assertThat(verified.treeHead().treeSize()).isEqualTo(ledger.treeHead().treeSize());
  }

  @Test
  void the_prov_document_states_the_history() throws Exception {
    JsonNode prov = JSON.readTree(bundle).path("prov");

    assertThat(prov.path("entity").path("asset:asset-1").path("prov:type").asText())
        .isEqualTo("mitai:DataSet");
    assertThat(prov.path("entity").path("grant:grant-1").path("mitai:status").asText())
        .isEqualTo("REVOKED");
    assertThat(prov.path("entity").path("result:task-1").path("mitai:resultHash").asText())
        .isEqualTo("ef".repeat(32));
    assertThat(prov.path("activity").path("task:task-2").path("mitai:status").asText())
        .isEqualTo("REJECTED");
    assertThat(prov.path("agent").has("org:org1")).isTrue();
    assertThat(prov.path("agent").has("org:org2")).isTrue();
    assertThat(relations(prov, "wasGeneratedBy"))
        .contains("prov:activity=task:task-1 prov:entity=result:task-1");
    assertThat(relations(prov, "used"))
        .contains("prov:activity=task:task-1 prov:entity=asset:asset-1")
        .contains("prov:activity=task:task-1 prov:entity=grant:grant-1")
        .noneMatch(r -> r.contains("task-2"));
    assertThat(relations(prov, "wasAttributedTo"))
        .contains("prov:agent=org:org1 prov:entity=asset:asset-1");
    assertThat(relations(prov, "wasAssociatedWith"))
        .contains("prov:activity=task:task-2 prov:agent=org:org2");
  }

  private static List<String> relations(JsonNode prov, String kind) {
    List<String> out = new ArrayList<>();
    prov.path(kind)
        .forEach(
            r -> {
              List<String> parts = new ArrayList<>();
              r.fieldNames()
                  .forEachRemaining(
                      f -> {
                        if (!f.equals("prov:time")) {
                          parts.add(f + "=" + r.path(f).asText());
                        }
                      });
              out.add(String.join(" ", parts));
            });
    return out;
  }

  @Test
  void every_one_byte_change_is_rejected_never_accepted() {
    Random random = new Random(20261202L);
    List<String> accepted = new ArrayList<>();
    List<String> unclear = new ArrayList<>();
    int tried = 0;
    for (int position = 0; position < bundle.length; position++) {
      // the lowest bit (base64 padding bits, digits) at even positions, any change at odd ones
      for (int mask : new int[] {position % 2 == 0 ? 0x01 : 1 + random.nextInt(255)}) {
        byte[] changed = bundle.clone();
        changed[position] ^= (byte) mask;
        String where = String.format(java.util.Locale.ROOT, "byte %d xor 0x%02x", position, mask);
        try {
          EvidenceBundle.verify(changed, key);
          accepted.add(where + " near '" + context(position) + "'");
        } catch (BundleException e) {
          if (e.getMessage() == null || e.getMessage().isBlank()) {
            unclear.add(where);
          }
        } catch (RuntimeException e) {
          unclear.add(where + ": " + e);
        }
        tried++;
      }
    }
    assertThat(accepted).as("changes accepted").isEmpty();
    assertThat(unclear).as("changes rejected without a clear BundleException").isEmpty();
    assertThat(tried).isEqualTo(bundle.length);
  }

  private String context(int position) {
    int from = Math.max(0, position - 30);
    int to = Math.min(bundle.length, position + 30);
    return new String(bundle, from, to - from, StandardCharsets.UTF_8);
  }

  @Test
  void a_bundle_signed_by_another_ledger_is_rejected() {
    assertThatThrownBy(() -> EvidenceBundle.verify(bundle, TestIdentities.p256().getPublic()))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void a_record_left_out_with_the_prov_unchanged_is_rejected() throws Exception {
    ObjectNode wire = (ObjectNode) JSON.readTree(bundle);
    ((ArrayNode) wire.path("records")).remove(wire.path("records").size() - 1);

    assertThatThrownBy(() -> EvidenceBundle.verify(canonical(wire), key))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("PROV document does not match");
  }

  @Test
  void a_prov_statement_no_record_proves_is_rejected() throws Exception {
    ObjectNode wire = (ObjectNode) JSON.readTree(bundle);
    ((ObjectNode) wire.path("prov").path("agent"))
        .putObject("org:org3")
        .put("prov:type", "prov:Organization");

    assertThatThrownBy(() -> EvidenceBundle.verify(canonical(wire), key))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("PROV document does not match");
  }

  @Test
  void a_proof_of_another_data_sets_history_is_rejected() throws Exception {
    ObjectNode wire = (ObjectNode) JSON.readTree(bundle);
    wire.put("assetId", "asset-2");

    assertThatThrownBy(() -> EvidenceBundle.verify(canonical(wire), key))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("asset-2");
  }

  @Test
  void the_command_line_verifier_checks_a_bundle_file(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("ledger.pem");
    Files.writeString(keyFile, PublicKeys.toPem(key));
    Path good = dir.resolve("bundle.json");
    Files.write(good, bundle);
    byte[] changed = bundle.clone();
    changed[bundle.length / 2] ^= 0x04;
    Path bad = dir.resolve("changed.json");
    Files.write(bad, changed);

    assertThat(command("--key", keyFile.toString(), "--bundle", good.toString()))
        .startsWith("0 VERIFIED: evidence bundle of data set asset-1: 8 record versions");
    assertThat(command("--key", keyFile.toString(), "--bundle", bad.toString()))
        .startsWith("1 NOT VERIFIED: ");
  }

  /** Re-encodes canonically (sorted keys), as a forger who re-serialises would. */
  private static byte[] canonical(JsonNode node) throws Exception {
    Object plain = JSON.convertValue(node, Object.class);
    return io.mitai.ledger.codec.BlockJson.encode(plain);
  }

  private static String command(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Method run =
        Class.forName("io.mitai.ledger.verify.VerifyLedgerCommand")
            .getDeclaredMethod("run", String[].class, PrintStream.class);
    run.setAccessible(true);
    int status = (int) run.invoke(null, args, new PrintStream(out, true, StandardCharsets.UTF_8));
    return status + " " + out.toString(StandardCharsets.UTF_8);
  }
}
