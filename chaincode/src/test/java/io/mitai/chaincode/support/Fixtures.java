package io.mitai.chaincode.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Organisations, assets, grants and tasks used across the tests. */
public final class Fixtures {

  /** Data owner of asset {@link #A1}. */
  public static final String ORG1 = "Org1MSP";

  /** Data owner of asset {@link #B1}, usually the grantee of {@link #A1}. */
  public static final String ORG2 = "Org2MSP";

  /** A third organisation. */
  public static final String ORG3 = "Org3MSP";

  /** An organisation that never registers. */
  public static final String STRANGER = "StrangerMSP";

  /** Org1's asset. */
  public static final String A1 = "asset-a1";

  /** Org2's asset. */
  public static final String B1 = "asset-b1";

  /** Org3's asset. */
  public static final String C1 = "asset-c1";

  /** A grant's default end of validity: a year after genesis. */
  public static final Instant ONE_YEAR = TestLedger.GENESIS.plus(Duration.ofDays(365));

  private Fixtures() {}

  /** 64 hex characters of one repeated digit. */
  public static String hex(char c) {
    return String.valueOf(c).repeat(64);
  }

  /** A RegisterOrganisation request. */
  public static JsonBuilder org(String msp) {
    return JsonBuilder.object()
        .with("displayName", "Organisation " + msp)
        .with(
            "endpoint", "https://node." + msp.toLowerCase(java.util.Locale.ROOT) + ".example:8443")
        .with(
            "publicKey",
            "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n");
  }

  /** A column. */
  public static Map<String, Object> column(String name, String type) {
    return JsonBuilder.object().with("name", name).with("type", type).map();
  }

  /** A RegisterAsset request with columns email, age, spend, since. */
  public static JsonBuilder asset(String id) {
    return JsonBuilder.object()
        .with("id", id)
        .with("name", "customers " + id)
        .with(
            "columns",
            List.of(
                column("email", "STRING"),
                column("age", "INTEGER"),
                column("spend", "DECIMAL"),
                column("since", "DATE")))
        .with("rowCount", 100)
        .with("commitment", hex('c'));
  }

  /** An IssueGrant request: PSI and SECURE_AGGREGATE on email and spend, 3 uses, one year. */
  public static JsonBuilder grant(String id, String assetId, String grantee) {
    return JsonBuilder.object()
        .with("id", id)
        .with("assetId", assetId)
        .with("grantee", grantee)
        .with("operations", List.of("PSI", "SECURE_AGGREGATE"))
        .with("columns", List.of("email", "spend"))
        .with("purpose", "fraud screening")
        .with("legalBasis", "contract 2026-01")
        .with("validUntil", ONE_YEAR.toString())
        .with("maxUses", 3)
        .with("minAssurance", "MPC_SEMI_HONEST");
  }

  /**
   * A RegisterAlgorithm request: {@code join-aggregate 1.0.0} with the given measurement.
   *
   * @param measurement 64 lowercase hex
   */
  public static JsonBuilder algorithm(String measurement) {
    return JsonBuilder.object()
        .with("name", "join-aggregate")
        .with("version", "1.0.0")
        .with("measurement", measurement)
        .with(
            "description",
            "joins the inputs on a key column, filters, groups and outputs count/sum/mean per"
                + " group of at least k rows");
  }

  /**
   * Org3 publishes {@code join-aggregate} with the measurement {@code hex('e')} that {@link
   * #teeGrant} allows and TEE tasks of {@link #task} name; TEE grants and tasks need it registered.
   *
   * @param ledger a ledger on which Org3 is registered
   * @return the ledger
   */
  public static TestLedger withTeeAlgorithm(TestLedger ledger) {
    expectOk(ledger.submit(ORG3, "RegisterAlgorithm", algorithm(hex('e')).json()));
    return ledger;
  }

  /** A TEE_JOB grant allowing the measurement {@code hex('e')}. */
  public static JsonBuilder teeGrant(String id, String assetId, String grantee, String minimum) {
    return grant(id, assetId, grantee)
        .with("operations", List.of("TEE_JOB"))
        .with("minAssurance", minimum)
        .with("algorithms", List.of(hex('e')));
  }

  /** A task input. */
  public static Map<String, Object> input(String assetId, String grantId, String... columns) {
    JsonBuilder input = JsonBuilder.object().with("assetId", assetId);
    if (grantId != null) {
      input.with("grantId", grantId);
    }
    return input.with("columns", new ArrayList<>(Arrays.asList(columns))).map();
  }

  /** A SubmitTask request. */
  @SafeVarargs
  public static JsonBuilder task(String id, String operation, Map<String, Object>... inputs) {
    String assurance = operation.equals("TEE_JOB") ? "TEE_HARDWARE" : "MPC_SEMI_HONEST";
    JsonBuilder task =
        JsonBuilder.object()
            .with("id", id)
            .with("operation", operation)
            .with("inputs", List.of(inputs))
            .with("parameterHash", hex('a'))
            .with(
                "protocol", operation.equals("TEE_JOB") ? "SGX/join-aggregate" : "ECDH-PSI/X25519")
            .with("assurance", assurance);
    if (operation.equals("TEE_JOB")) {
      task.with("algorithmMeasurement", hex('e'));
    }
    return task;
  }

  /** A PSI task between Org1's A1 (own) and Org2's B1 (granted), as submitted by Org1. */
  public static JsonBuilder psi(String id) {
    return task(id, "PSI", input(A1, null, "email"), input(B1, null, "email"));
  }

  /** A RecordTaskResult request. */
  public static JsonBuilder result(String taskId) {
    return JsonBuilder.object().with("taskId", taskId).with("resultHash", hex('f'));
  }

  /**
   * Registers Org1, Org2, Org3; Org1 registers A1, Org2 registers B1, Org3 registers C1.
   *
   * @param ledger a fresh ledger
   * @return the ledger
   */
  public static TestLedger threeOrgsWithAssets(TestLedger ledger) {
    for (String org : List.of(ORG1, ORG2, ORG3)) {
      expectOk(ledger.submit(org, "RegisterOrganisation", org(org).json()));
    }
    expectOk(ledger.submit(ORG1, "RegisterAsset", asset(A1).json()));
    expectOk(ledger.submit(ORG2, "RegisterAsset", asset(B1).json()));
    expectOk(ledger.submit(ORG3, "RegisterAsset", asset(C1).json()));
    return ledger;
  }

  /** Fails unless the transaction succeeded. */
  public static TxResult expectOk(TxResult result) {
    if (!result.ok()) {
      throw new AssertionError("expected success but got " + result.message());
    }
    return result;
  }
}
