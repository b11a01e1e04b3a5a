package io.mitai.compute.enclave;

import static io.mitai.compute.enclave.EnclaveWorkerTest.ALICE;
import static io.mitai.compute.enclave.EnclaveWorkerTest.BOB;
import static io.mitai.compute.enclave.EnclaveWorkerTest.PARAMS;
import static io.mitai.compute.enclave.EnclaveWorkerTest.RANDOM;
import static io.mitai.compute.enclave.EnclaveWorkerTest.REQUESTER;
import static io.mitai.compute.enclave.EnclaveWorkerTest.joinAggregate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.deliver.ResultSealer;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier;
import io.mitai.compute.tee.simulated.SimulatedPlatformKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A compute centre's job: the requester holds no input; each owner connects to the worker itself,
 * verifies evidence bound to its own nonce and to the exact job, and releases its key signed with
 * its registered key. Real TLS sockets, the real worker, the simulated platform.
 */
class SharedJobTest {
  static final SimulatedPlatformKey PLATFORM = SimulatedPlatformKey.generate(RANDOM);
  static final List<String> LOG = new CopyOnWriteArrayList<>();
  static final KeyPair ORG1 = ecKey();
  static final KeyPair ORG2 = ecKey();
  static final KeyPair MALLORY = ecKey();
  static WorkerTls tls;
  static EnclaveWorker worker;

  @BeforeAll
  static void start() throws Exception {
    tls = WorkerTls.selfSigned(RANDOM, Duration.ofHours(1));
    worker =
        EnclaveWorker.start(
            "127.0.0.1",
            0,
            new WorkerPlatform.Simulated(PLATFORM),
            AlgorithmCatalog.builtIn(),
            tls,
            Duration.ofSeconds(20),
            LOG::add);
  }

  @AfterAll
  static void stop() throws Exception {
    worker.close();
  }

  static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(KeyPair k) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(k.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static WorkerClient.JobDescription sharedJob(String taskId, Duration wait) throws Exception {
    WorkerClient.JobDescription plain = EnclaveWorkerTest.job(taskId, PARAMS);
    return new WorkerClient.JobDescription(
        taskId,
        plain.algorithmName(),
        plain.algorithmVersion(),
        plain.measurementHex(),
        plain.params(),
        List.of(
            new WorkerClient.InputDescription(
                "org1", List.of("id", "region", "amount"), Optional.of(pem(ORG1))),
            new WorkerClient.InputDescription(
                "org2", List.of("id", "code"), Optional.of(pem(ORG2)))),
        REQUESTER[1],
        Optional.of(wait),
        Optional.of("{\"algorithm\":\"join-aggregate\"}".getBytes(StandardCharsets.UTF_8)));
  }

  static WorkerClient connect() throws Exception {
    return WorkerClient.connect(
        "127.0.0.1", worker.port(), tls.certificate(), Duration.ofSeconds(20), RANDOM);
  }

  /** What each owner's node checks before it releases anything. */
  static void verify(WorkerClient.Attachment a) throws Exception {
    new SimulatedEvidenceVerifier(PLATFORM.publicKey())
        .verify(
            a.attestation().evidence(),
            Expectation.bindingTo(
                a.attestation().nonce(),
                a.attestation().workerPublicKey(),
                Set.of(joinAggregate().measurement()),
                TeeAssurance.TEE_SIMULATED),
            Instant.now());
  }

  /** An owner attaches, verifies and sends its rows. */
  static CompletableFuture<Long> owner(
      String taskId, int index, KeyPair key, List<List<String>> rows) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (WorkerClient c = connect()) {
            WorkerClient.Attachment a = c.attach(taskId, index, key.getPrivate());
            verify(a);
            return c.sendInput(index, rows);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void two_owners_release_over_their_own_connections_and_the_result_equals_the_plaintext_reference()
      throws Exception {
    String taskId = "task-shared-1";
    try (WorkerClient requester = connect()) {
      requester.open(sharedJob(taskId, Duration.ofSeconds(10)));
      CompletableFuture<Long> org1 = owner(taskId, 0, ORG1, ALICE);
      CompletableFuture<Long> org2 = owner(taskId, 1, ORG2, BOB);
      WorkerClient.SealedOutput out = requester.run();
      assertThat(org1.get()).isEqualTo(4);
      assertThat(org2.get()).isEqualTo(4);
      byte[] plain =
          ResultSealer.open(
              new ResultSealer.SealedResult(out.enc(), out.ciphertext(), out.resultHash()),
              REQUESTER[0],
              ("mitai-result-v1|" + taskId).getBytes(StandardCharsets.UTF_8));
      assertThat(new String(plain, StandardCharsets.UTF_8))
          .isEqualTo(EnclaveWorkerTest.expectedResult(taskId));
    }
    assertThat(String.join("\n", LOG))
        .contains("task " + taskId + ": evidence sent to the owner of input 1 (attached)")
        .doesNotContain("10.5")
        .doesNotContain("east");
  }

  @Test
  void the_evidence_binds_the_job_an_owner_was_shown_so_another_job_does_not_verify()
      throws Exception {
    String taskId = "task-shared-binding";
    try (WorkerClient requester = connect();
        WorkerClient owner = connect()) {
      requester.open(sharedJob(taskId, Duration.ofSeconds(5)));
      WorkerClient.Attachment a = owner.attach(taskId, 0, ORG1.getPrivate());
      assertThat(a.job().resultPublicKey()).isEqualTo(REQUESTER[1]);
      assertThat(a.job().inputs().get(1).ownerKey()).contains(pem(ORG2));
      assertThat(a.job().parameters()).isPresent();
      verify(a);
      // A worker showing the owner one job while holding another (say, another result key) gives
      // evidence over the other job's hash: against the job the owner saw, it does not verify.
      Bytes otherJob = Bytes.sha256("another job".getBytes(StandardCharsets.UTF_8));
      Expectation forOther =
          Expectation.bindingTo(
              JobCrypto.attachNonce(
                  new io.mitai.compute.tee.evidence.Nonce(
                      Bytes.sha256("the owner's nonce".getBytes(StandardCharsets.UTF_8))),
                  otherJob),
              a.attestation().workerPublicKey(),
              Set.of(joinAggregate().measurement()),
              TeeAssurance.TEE_SIMULATED);
      assertThatThrownBy(
              () ->
                  new SimulatedEvidenceVerifier(PLATFORM.publicKey())
                      .verify(a.attestation().evidence(), forOther, Instant.now()))
          .isInstanceOfSatisfying(
              EvidenceRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RefusalReason.REPORT_DATA_MISMATCH));
      requester.abort("test");
    }
  }

  @Test
  void an_owners_refusal_fails_the_job_with_its_reason() throws Exception {
    String taskId = "task-shared-refused";
    try (WorkerClient requester = connect()) {
      requester.open(sharedJob(taskId, Duration.ofSeconds(10)));
      CompletableFuture<Long> org1 = owner(taskId, 0, ORG1, ALICE);
      try (WorkerClient org2 = connect()) {
        org2.attach(taskId, 1, ORG2.getPrivate());
        org2.refuse(1, "KEY_RELEASE_REFUSED: MEASUREMENT_NOT_ALLOWED");
      }
      assertThatThrownBy(requester::run)
          .isInstanceOfSatisfying(
              EnclaveException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(EnclaveFailure.KEY_RELEASE_REFUSED);
                assertThat(e.getMessage()).contains("org2").contains("MEASUREMENT_NOT_ALLOWED");
              });
      // org1 may have finished before the refusal or found the job gone after it: either way it
      // is done, and the job produced nothing.
      org1.handle((rows, failure) -> rows).get();
    }
  }

  @Test
  void an_input_whose_owner_never_comes_fails_the_job_as_missing() throws Exception {
    String taskId = "task-shared-missing";
    try (WorkerClient requester = connect()) {
      requester.open(sharedJob(taskId, Duration.ofSeconds(1)));
      owner(taskId, 0, ORG1, ALICE).get();
      assertThatThrownBy(requester::run)
          .isInstanceOfSatisfying(
              EnclaveException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(EnclaveFailure.INPUT_MISSING);
                assertThat(e.getMessage()).contains("[1]");
              });
    }
  }

  @Test
  void only_the_owners_registered_key_fills_its_slot_and_the_owner_still_can_after_an_impostor()
      throws Exception {
    String taskId = "task-shared-impostor";
    try (WorkerClient requester = connect()) {
      requester.open(sharedJob(taskId, Duration.ofSeconds(10)));
      try (WorkerClient mallory = connect()) {
        mallory.attach(taskId, 1, MALLORY.getPrivate());
        assertThatThrownBy(() -> mallory.sendInput(1, BOB))
            .isInstanceOfSatisfying(
                EnclaveException.class,
                e -> assertThat(e.failure()).isEqualTo(EnclaveFailure.PROTOCOL_VIOLATION));
      }
      CompletableFuture<Long> org1 = owner(taskId, 0, ORG1, ALICE);
      CompletableFuture<Long> org2 = owner(taskId, 1, ORG2, BOB);
      assertThat(requester.run().resultHash()).hasSize(32);
      assertThat(org1.get() + org2.get()).isEqualTo(8);
    }
  }

  @Test
  void when_the_requester_goes_the_job_is_gone_for_its_owners() throws Exception {
    String taskId = "task-shared-gone";
    WorkerClient owner = connect();
    try (WorkerClient requester = connect()) {
      requester.open(sharedJob(taskId, Duration.ofSeconds(10)));
      owner.attach(taskId, 0, ORG1.getPrivate());
    }
    for (int i = 0; i < 200 && LOG.stream().noneMatch(l -> l.contains("connection ended")); i++) {
      Thread.sleep(10);
    }
    Thread.sleep(100);
    try (owner) {
      // The worker answers JOB_UNKNOWN and closes; the owner may see the error or the closed
      // socket.
      assertThatThrownBy(() -> owner.sendInput(0, ALICE))
          .satisfies(
              e -> {
                if (e instanceof EnclaveException ee) {
                  assertThat(ee.failure()).isEqualTo(EnclaveFailure.JOB_UNKNOWN);
                } else {
                  assertThat(e).isInstanceOf(java.io.IOException.class);
                }
              });
    }
    try (WorkerClient late = connect()) {
      assertThatThrownBy(() -> late.attach(taskId, 1, ORG2.getPrivate()))
          .isInstanceOfSatisfying(
              EnclaveException.class,
              e -> assertThat(e.failure()).isEqualTo(EnclaveFailure.JOB_UNKNOWN));
    }
  }
}
