package io.mitai.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.ledger.EndorsementException;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.ledger.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chaincode module's contract, unchanged, running on the embedded ledger: the same jar that is
 * deployed on Fabric decides here, and its records end up in verifiable blocks.
 */
class DataRightsContractOnLedgerTest {

  private final LedgerIdentity org1 = TestIdentities.identity("org1");
  private final LedgerIdentity org2 = TestIdentities.identity("org2");
  private EmbeddedLedger ledger;

  @BeforeEach
  void open() {
    ledger =
        EmbeddedLedger.open(
            TestPostgres.newDatabase(), TestIdentities.p256(), EmbeddedLedgerConfig.defaults());
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
        "{\"id\":\"asset-1\",\"name\":\"claims\",\"columns\":[{\"name\":\"id\",\"type\":\"STRING\"},{\"name\":\"amount\",\"type\":\"DECIMAL\"}],\"rowCount\":3,\"commitment\":\""
            + "ab".repeat(32)
            + "\"}");
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private String submit(LedgerIdentity who, String function, String... args) {
    return ledger.submit(who, Invocation.of(function, args)).payloadUtf8();
  }

  private String grant(int maxUses) {
    return submit(
        org1,
        "IssueGrant",
        "{\"id\":\"grant-1\",\"assetId\":\"asset-1\",\"grantee\":\"org2\",\"operations\":[\"SECURE_AGGREGATE\"],\"columns\":[\"amount\"],\"purpose\":\"claims statistics\",\"validUntil\":\"2099-01-01T00:00:00Z\",\"maxUses\":"
            + maxUses
            + ",\"minAssurance\":\"MPC_SEMI_HONEST\"}");
  }

  private String task(String id) {
    return submit(
        org2,
        "SubmitTask",
        "{\"id\":\""
            + id
            + "\",\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\"asset-1\",\"columns\":[\"amount\"]}],\"parameterHash\":\""
            + "cd".repeat(32)
            + "\",\"protocol\":\"ADDITIVE-SS\",\"assurance\":\"MPC_SEMI_HONEST\"}");
  }

  @Test
  void a_grant_admits_a_task_and_its_result_is_recorded() {
    grant(5);

    assertThat(task("task-1")).contains("\"status\":\"SUBMITTED\"");
    submit(org2, "RecordTaskStarted", "task-1");
    String done =
        submit(
            org2,
            "RecordTaskResult",
            "{\"taskId\":\"task-1\",\"resultHash\":\"" + "ef".repeat(32) + "\"}");

    assertThat(done).contains("\"status\":\"SUCCEEDED\"").contains("ef".repeat(32));
    assertThat(ledger.evaluate(org1, "ReadGrant", "grant-1")).contains("\"usesConsumed\":1");
    assertThat(ledger.verify().intact()).isTrue();
  }

  @Test
  void a_revoked_grant_refuses_the_next_task_and_the_refusal_is_on_the_ledger() {
    grant(5);
    submit(org1, "RevokeGrant", "grant-1", "purpose fulfilled");

    assertThat(task("task-2")).contains("\"status\":\"REJECTED\"").contains("GRANT_REVOKED");
    assertThat(ledger.evaluate(org1, "QueryTasksByAsset", "asset-1")).contains("task-2");
  }

  @Test
  void an_exhausted_grant_refuses_without_consuming() {
    grant(1);
    task("task-a");

    assertThat(task("task-b")).contains("GRANT_EXHAUSTED");
    assertThat(ledger.evaluate(org1, "ReadGrant", "grant-1")).contains("\"usesConsumed\":1");
  }

  @Test
  void malformed_input_is_refused_with_the_contract_code_and_writes_nothing() {
    long height = ledger.height();

    assertThatThrownBy(() -> submit(org1, "IssueGrant", "{not json"))
        .isInstanceOfSatisfying(
            EndorsementException.class,
            e -> assertThat(e.errorCode()).contains("INVALID_ARGUMENT"));
    assertThat(ledger.height()).isEqualTo(height);
  }

  @Test
  void a_records_history_is_served_by_the_contract() {
    grant(5);
    submit(org1, "RevokeGrant", "grant-1", "done");

    assertThat(ledger.evaluate(org1, "GetHistory", "grant:grant-1"))
        .contains("REVOKED")
        .contains("ACTIVE");
  }
}
