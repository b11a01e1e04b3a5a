package io.mitai.compute.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.deliver.ResultSealer;
import io.mitai.compute.enclave.algorithm.InputTable;
import io.mitai.compute.enclave.algorithm.JoinAggregate;
import io.mitai.compute.ops.Table;
import io.mitai.compute.tee.dcap.Json;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.Nonce;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier;
import io.mitai.compute.tee.simulated.SimulatedPlatformKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The worker in process over TLS with the simulated platform: a whole job, the evidence the node
 * must verify (valid, wrong nonce, wrong measurement, tampered, untrusted key, hardware demanded),
 * and the worker's own refusals.
 */
class EnclaveWorkerTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final SimulatedPlatformKey PLATFORM = SimulatedPlatformKey.generate(RANDOM);
  static final AlgorithmCatalog CATALOG = AlgorithmCatalog.builtIn();
  static final List<String> LOG = new CopyOnWriteArrayList<>();
  static WorkerTls tls;
  static EnclaveWorker worker;

  static final byte[][] REQUESTER = ResultSealer.generateKeyPair(RANDOM);
  static final String PARAMS =
      "{\"aggregates\":[{\"function\":\"COUNT\"},{\"column\":\"amount\",\"function\":\"SUM\"}],"
          + "\"groupBy\":[\"region\"],\"key\":\"id\",\"minGroupSize\":1}";
  static final List<List<String>> ALICE =
      List.of(
          List.of("1", "east", "10.5"),
          List.of("2", "west", "3"),
          List.of("3", "east", "-1.25"),
          List.of("9", "west", "100"));
  static final List<List<String>> BOB =
      List.of(List.of("1", "x"), List.of("2", "y"), List.of("3", "z"), List.of("4", "w"));

  @BeforeAll
  static void start() throws Exception {
    tls = WorkerTls.selfSigned(RANDOM, Duration.ofHours(1));
    worker =
        EnclaveWorker.start(
            "127.0.0.1",
            0,
            new WorkerPlatform.Simulated(PLATFORM),
            CATALOG,
            tls,
            Duration.ofSeconds(20),
            LOG::add);
  }

  @AfterAll
  static void stop() throws Exception {
    worker.close();
  }

  static AlgorithmCatalog.Entry joinAggregate() {
    return CATALOG.find("join-aggregate", "1.0.0").orElseThrow();
  }

  static WorkerClient.JobDescription job(String taskId, String params) throws Exception {
    @SuppressWarnings("unchecked")
    SortedMap<String, Object> p =
        (SortedMap<String, Object>)
            WorkerProtocol.tree(Json.parse(params.getBytes(StandardCharsets.UTF_8)));
    return new WorkerClient.JobDescription(
        taskId,
        "join-aggregate",
        "1.0.0",
        joinAggregate().measurement().value().hex(),
        p,
        List.of(
            new WorkerClient.InputDescription("org1", List.of("id", "region", "amount")),
            new WorkerClient.InputDescription("org2", List.of("id", "code"))),
        REQUESTER[1]);
  }

  /** The canonical result document of {@link #PARAMS} over ALICE and BOB, computed in the clear. */
  static String expectedResult(String taskId) throws Exception {
    SortedMap<String, Object> expected =
        new JoinAggregate()
            .run(
                (Json.Obj) Json.parse(PARAMS.getBytes(StandardCharsets.UTF_8)),
                List.of(
                    new InputTable("org1", new Table(List.of("id", "region", "amount"), ALICE)),
                    new InputTable("org2", new Table(List.of("id", "code"), BOB))));
    expected.put("algorithm", joinAggregate().describe());
    SortedMap<String, Object> doc = new TreeMap<>();
    doc.put("taskId", taskId);
    doc.put("operation", "TEE_JOB");
    doc.put("assurance", "TEE_SIMULATED");
    doc.put("result", expected);
    return new String(io.mitai.compute.deliver.DocumentJson.encode(doc), StandardCharsets.UTF_8);
  }

  static WorkerClient connect() throws Exception {
    return WorkerClient.connect(
        "127.0.0.1", worker.port(), tls.certificate(), Duration.ofSeconds(20), RANDOM);
  }

  static Expectation expectation(WorkerClient.Attestation a, Measurement allowed) {
    return Expectation.bindingTo(
        a.nonce(), a.workerPublicKey(), Set.of(allowed), TeeAssurance.TEE_SIMULATED);
  }

  @Test
  void runs_join_aggregate_and_seals_the_result_to_the_requester_only() throws Exception {
    String taskId = "task-enclave-1";
    try (WorkerClient client = connect()) {
      WorkerClient.Attestation a = client.open(job(taskId, PARAMS));
      VerifiedEvidence v =
          new SimulatedEvidenceVerifier(PLATFORM.publicKey())
              .verify(a.evidence(), expectation(a, joinAggregate().measurement()), Instant.now());
      assertThat(v.assurance()).isEqualTo(TeeAssurance.TEE_SIMULATED);
      assertThat(client.sendInput(0, ALICE)).isEqualTo(4);
      assertThat(client.sendInput(1, BOB)).isEqualTo(4);
      WorkerClient.SealedOutput out = client.run();
      byte[] plain =
          ResultSealer.open(
              new ResultSealer.SealedResult(out.enc(), out.ciphertext(), out.resultHash()),
              REQUESTER[0],
              ("mitai-result-v1|" + taskId).getBytes(StandardCharsets.UTF_8));
      assertThat(new String(plain, StandardCharsets.UTF_8))
          .isEqualTo(expectedResult(taskId))
          .contains("\"value\":\"9.25\"");
    }
    assertThat(String.join("\n", LOG))
        .contains("task " + taskId + ": input 1 of 2 received")
        .doesNotContain("10.5")
        .doesNotContain("east");
  }

  @Nested
  class Evidence_the_node_verifies {
    final SimulatedEvidenceVerifier verifier = new SimulatedEvidenceVerifier(PLATFORM.publicKey());

    WorkerClient.Attestation attest() throws Exception {
      try (WorkerClient client = connect()) {
        WorkerClient.Attestation a = client.open(job("task-evidence", PARAMS));
        client.abort("test only attests");
        return a;
      }
    }

    RefusalReason refusal(Evidence e, Expectation x) {
      try {
        verifier.verify(e, x, Instant.now());
      } catch (EvidenceRejectedException ex) {
        return ex.reason();
      }
      throw new AssertionError("evidence was accepted");
    }

    @Test
    void carries_the_measurement_of_the_algorithm_the_worker_runs() throws Exception {
      WorkerClient.Attestation a = attest();
      VerifiedEvidence v =
          verifier.verify(
              a.evidence(), expectation(a, joinAggregate().measurement()), Instant.now());
      assertThat(v.measurement(MeasurementKind.CODE_SHA256))
          .isEqualTo(joinAggregate().measurement());
      assertThat(v.evidenceSha256()).isEqualTo(a.evidence().sha256());
    }

    @Test
    void bound_to_another_nonce_is_refused() throws Exception {
      WorkerClient.Attestation a = attest();
      Expectation x =
          Expectation.bindingTo(
              Nonce.random(RANDOM),
              a.workerPublicKey(),
              Set.of(joinAggregate().measurement()),
              TeeAssurance.TEE_SIMULATED);
      assertThat(refusal(a.evidence(), x)).isEqualTo(RefusalReason.REPORT_DATA_MISMATCH);
    }

    @Test
    void for_a_measurement_the_grant_does_not_allow_is_refused() throws Exception {
      WorkerClient.Attestation a = attest();
      Measurement other = CATALOG.find("logistic-regression", "1.0.0").orElseThrow().measurement();
      assertThat(refusal(a.evidence(), expectation(a, other)))
          .isEqualTo(RefusalReason.MEASUREMENT_NOT_ALLOWED);
    }

    @Test
    void tampered_is_refused() throws Exception {
      WorkerClient.Attestation a = attest();
      byte[] p = a.evidence().payload().toByteArray();
      p[40] ^= 1; // inside the measurement
      assertThat(
              refusal(
                  new Evidence(a.evidence().format(), Bytes.of(p)),
                  expectation(a, joinAggregate().measurement())))
          .isEqualTo(RefusalReason.SIMULATED_SIGNATURE_INVALID);
    }

    @Test
    void signed_by_another_simulated_platform_is_refused() throws Exception {
      WorkerClient.Attestation a = attest();
      SimulatedEvidenceVerifier other =
          new SimulatedEvidenceVerifier(SimulatedPlatformKey.generate(RANDOM).publicKey());
      assertThatThrownBy(
              () ->
                  other.verify(
                      a.evidence(), expectation(a, joinAggregate().measurement()), Instant.now()))
          .isInstanceOfSatisfying(
              EvidenceRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RefusalReason.SIMULATED_KEY_NOT_TRUSTED));
    }

    @Test
    void is_never_enough_for_a_grant_demanding_hardware() throws Exception {
      WorkerClient.Attestation a = attest();
      assertThat(
              refusal(
                  a.evidence(),
                  expectation(a, joinAggregate().measurement())
                      .withMinimum(TeeAssurance.TEE_HARDWARE)))
          .isEqualTo(RefusalReason.ASSURANCE_BELOW_MINIMUM);
    }
  }

  @Nested
  class The_worker_refuses {
    @Test
    void an_algorithm_it_does_not_have() throws Exception {
      try (WorkerClient client = connect()) {
        WorkerClient.JobDescription j = job("task-x", PARAMS);
        WorkerClient.JobDescription unknown =
            new WorkerClient.JobDescription(
                j.taskId(),
                "join-aggregate",
                "9.9.9",
                j.measurementHex(),
                j.params(),
                j.inputs(),
                j.resultPublicKey());
        assertThatThrownBy(() -> client.open(unknown))
            .isInstanceOfSatisfying(
                EnclaveException.class,
                e -> assertThat(e.failure()).isEqualTo(EnclaveFailure.ALGORITHM_UNKNOWN));
      }
    }

    @Test
    void parameters_that_do_not_fit_before_any_key_is_released() throws Exception {
      try (WorkerClient client = connect()) {
        assertThatThrownBy(() -> client.open(job("task-y", "{\"key\":\"nope\"}")))
            .isInstanceOfSatisfying(
                EnclaveException.class,
                e -> assertThat(e.failure()).isEqualTo(EnclaveFailure.INVALID_PARAMS));
      }
    }

    @Test
    void to_run_before_every_input_arrived() throws Exception {
      try (WorkerClient client = connect()) {
        client.open(job("task-z", PARAMS));
        client.sendInput(0, ALICE);
        assertThatThrownBy(client::run)
            .isInstanceOfSatisfying(
                EnclaveException.class,
                e -> assertThat(e.failure()).isEqualTo(EnclaveFailure.PROTOCOL_VIOLATION));
      }
    }
  }

  @Test
  void every_algorithm_has_a_distinct_measurement_of_the_loaded_code() {
    List<String> hex = new ArrayList<>();
    CATALOG.entries().forEach(e -> hex.add(e.measurement().value().hex()));
    assertThat(hex).doesNotHaveDuplicates().hasSize(2);
    assertThat(AlgorithmCatalog.artifactFiles())
        .contains(
            "io/mitai/compute/enclave/JobSession.class",
            "io/mitai/compute/enclave/algorithm/JoinAggregate.class",
            "io/mitai/compute/deliver/ResultSealer.class",
            "io/mitai/compute/tee/simulated/SimulatedAttester.class",
            "io/mitai/compute/ops/Table.class");
    assertThat(AlgorithmCatalog.builtIn().entries().get(0).measurement())
        .isEqualTo(CATALOG.entries().get(0).measurement());
  }
}
