package io.mitai.compute.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.compute.enclave.SimulatedKeyFile;
import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.enclave.WorkerProcess;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionId;
import io.mitai.compute.session.TlsFixture;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TEE-assisted MPC: the enclave worker, as its own process, deals the Beaver triples of a
 * JOINT_STATS session over TLS to its attested key; the statistics equal the plaintext reference.
 */
class TeeDealerTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final PartyId A = PartyId.of("org1");
  static final PartyId B = PartyId.of("org2");
  static final PartyId R = PartyId.of("org3");
  static final PartyId DEALER = PartyId.of("tee-dealer");

  @TempDir Path dir;

  @Test
  void the_attested_worker_deals_the_triples_and_the_result_equals_the_reference()
      throws Exception {
    Path key = dir.resolve("simulated.pem");
    SimulatedKeyFile.generate(key, RANDOM);
    Random r = new Random(11);
    Map<PartyId, Table> inputs = new TreeMap<>();
    inputs.put(A, RandomTables.table(r, List.of("id", "x"), 60, 40, 1));
    inputs.put(B, RandomTables.table(r, List.of("id", "y"), 50, 40, 1));
    JointStatsSpec spec =
        new JointStatsSpec(
            new Roles(List.of(A, B), R, Optional.of(DEALER)),
            "id",
            EnumSet.of(Statistic.COUNT, Statistic.SUM, Statistic.DOT),
            Optional.empty());
    try (TlsFixture f = TlsFixture.start(List.of(A, B, R));
        WorkerProcess worker =
            WorkerProcess.launch(
                List.of(),
                List.of("--platform", "simulated", "--simulated-key", key.toString()),
                line -> {},
                Duration.ofSeconds(30));
        WorkerClient client =
            WorkerClient.connect(
                "127.0.0.1", worker.port(), worker.certificate(), Duration.ofSeconds(30), RANDOM)) {
      List<PartyEndpoint> parties = new ArrayList<>();
      for (PartyId p : List.of(A, B, R)) {
        parties.add(f.directory.endpoint(p).orElseThrow());
      }
      String task = "task-tee-dealer";
      WorkerClient.DealerAttestation a =
          client.openDeal(
              new WorkerClient.DealDescription(task, spec, parties, Duration.ofSeconds(20)));
      // The node verifies the dealer before any party trusts it: the evidence binds the nonce to
      // the very TLS key the dealer party will present.
      VerifiedEvidence v =
          new SimulatedEvidenceVerifier(SimulatedKeyFile.readPublic(key))
              .verify(
                  a.evidence(),
                  Expectation.bindingTo(
                      a.nonce(),
                      a.certificate().getPublicKey(),
                      Set.of(AlgorithmCatalog.dealerMeasurement()),
                      TeeAssurance.TEE_SIMULATED),
                  Instant.now());
      assertThat(v.measurement(MeasurementKind.CODE_SHA256))
          .isEqualTo(AlgorithmCatalog.dealerMeasurement());
      f.directory.register(
          new PartyEndpoint(DEALER, "127.0.0.1", a.port(), a.certificate().getPublicKey()));

      SessionId sid = SessionId.of(task);
      ExecutorService exec = Executors.newFixedThreadPool(4);
      try {
        Map<PartyId, Future<Optional<OperationResult>>> runs = new TreeMap<>();
        for (PartyId p : List.of(A, B, R)) {
          var ch =
              f.transports
                  .get(p)
                  .openSession(sid, spec.roles().participants(), Duration.ofSeconds(20));
          runs.put(
              p,
              exec.submit(() -> ComputeEngine.run(ch, spec, Optional.ofNullable(inputs.get(p)))));
        }
        Future<?> dealt =
            exec.submit(
                () -> {
                  client.runDeal();
                  return null;
                });
        dealt.get(60, TimeUnit.SECONDS);
        JointStatsResult got =
            (JointStatsResult) runs.get(R).get(60, TimeUnit.SECONDS).orElseThrow();
        runs.get(A).get(60, TimeUnit.SECONDS);
        runs.get(B).get(60, TimeUnit.SECONDS);
        List<BigDecimal[]> rows = References.join(new ArrayList<>(inputs.values()), "id");
        assertThat(got.rows()).isEqualTo(rows.size());
        assertThat(got.tripleSource()).isEqualTo(TripleSource.DEALER_NON_COLLUDING);
        for (int j = 0; j < 2; j++) {
          assertThat(got.sums().orElseThrow().get(j)).isEqualByComparingTo(References.sum(rows, j));
          for (int k = 0; k < 2; k++) {
            assertThat(
                    got.dot()
                        .orElseThrow()
                        .get(j)
                        .get(k)
                        .subtract(References.dot(rows, j, k))
                        .abs())
                .isLessThanOrEqualTo(
                    got.dotErrorBound().get(j).get(k).add(new BigDecimal("1e-20")));
          }
        }
      } finally {
        exec.shutdownNow();
      }
    }
  }

  @Test
  void a_dealer_whose_measurement_is_not_the_dealer_algorithm_is_not_trusted() throws Exception {
    Path key = dir.resolve("simulated.pem");
    SimulatedKeyFile.generate(key, RANDOM);
    JointStatsSpec spec =
        new JointStatsSpec(
            new Roles(List.of(A, B), R, Optional.of(DEALER)),
            "id",
            EnumSet.of(Statistic.DOT),
            Optional.empty());
    try (TlsFixture f = TlsFixture.start(List.of(A, B, R));
        WorkerProcess worker =
            WorkerProcess.launch(
                List.of(),
                List.of("--platform", "simulated", "--simulated-key", key.toString()),
                line -> {},
                Duration.ofSeconds(30));
        WorkerClient client =
            WorkerClient.connect(
                "127.0.0.1", worker.port(), worker.certificate(), Duration.ofSeconds(30), RANDOM)) {
      WorkerClient.DealerAttestation a =
          client.openDeal(
              new WorkerClient.DealDescription(
                  "task-x",
                  spec,
                  List.of(f.directory.endpoint(A).orElseThrow()),
                  Duration.ofSeconds(5)));
      var joinAggregate = AlgorithmCatalog.builtIn().find("join-aggregate", "1.0.0").orElseThrow();
      assertThatThrownBy(
              () ->
                  new SimulatedEvidenceVerifier(SimulatedKeyFile.readPublic(key))
                      .verify(
                          a.evidence(),
                          Expectation.bindingTo(
                              a.nonce(),
                              a.certificate().getPublicKey(),
                              Set.of(joinAggregate.measurement()),
                              TeeAssurance.TEE_SIMULATED),
                          Instant.now()))
          .isInstanceOfSatisfying(
              EvidenceRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RefusalReason.MEASUREMENT_NOT_ALLOWED));
      client.abort("not trusted");
    }
  }

  @Test
  void a_worker_built_for_one_algorithm_refuses_to_deal() throws Exception {
    io.mitai.compute.enclave.WorkerTls tls =
        io.mitai.compute.enclave.WorkerTls.selfSigned(RANDOM, Duration.ofHours(1));
    JointStatsSpec spec =
        new JointStatsSpec(
            new Roles(List.of(A, B), R, Optional.of(DEALER)),
            "id",
            EnumSet.of(Statistic.DOT),
            Optional.empty());
    try (io.mitai.compute.enclave.EnclaveWorker worker =
            io.mitai.compute.enclave.EnclaveWorker.start(
                "127.0.0.1",
                0,
                new io.mitai.compute.enclave.WorkerPlatform.Simulated(
                    io.mitai.compute.tee.simulated.SimulatedPlatformKey.generate(RANDOM)),
                AlgorithmCatalog.builtIn().only("join-aggregate"),
                tls,
                Duration.ofSeconds(10),
                line -> {});
        WorkerClient client =
            WorkerClient.connect(
                "127.0.0.1", worker.port(), tls.certificate(), Duration.ofSeconds(10), RANDOM)) {
      assertThatThrownBy(
              () ->
                  client.openDeal(
                      new WorkerClient.DealDescription(
                          "task-y", spec, List.of(), Duration.ofSeconds(5))))
          .isInstanceOfSatisfying(
              io.mitai.compute.enclave.EnclaveException.class,
              e ->
                  assertThat(e.failure())
                      .isEqualTo(io.mitai.compute.enclave.EnclaveFailure.ALGORITHM_UNKNOWN));
    }
  }
}
