package io.mitai.compute.enclave;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as its own process, started the way the node starts it; and a worker whose algorithm
 * class was modified (a patched class earlier on its class path) reports another measurement.
 */
class WorkerProcessTest {
  static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  WorkerProcess launch(List<Path> prepend) throws Exception {
    Path key = dir.resolve("simulated-platform.pem");
    if (!Files.exists(key)) {
      SimulatedKeyFile.generate(key, RANDOM);
    }
    return WorkerProcess.launch(
        prepend,
        List.of("--platform", "simulated", "--simulated-key", key.toString()),
        line -> {},
        Duration.ofSeconds(30));
  }

  VerifiedEvidence attest(WorkerProcess p) throws Exception {
    try (WorkerClient client =
        WorkerClient.connect(
            "127.0.0.1", p.port(), p.certificate(), Duration.ofSeconds(20), RANDOM)) {
      WorkerClient.Attestation a =
          client.open(EnclaveWorkerTest.job("task-process", EnclaveWorkerTest.PARAMS));
      client.abort("attestation only");
      return new SimulatedEvidenceVerifier(
              SimulatedKeyFile.readPublic(dir.resolve("simulated-platform.pem")))
          .verify(
              a.evidence(),
              Expectation.bindingTo(
                  a.nonce(),
                  a.workerPublicKey(),
                  Set.of(EnclaveWorkerTest.joinAggregate().measurement()),
                  TeeAssurance.TEE_SIMULATED),
              Instant.now());
    }
  }

  @Test
  void a_child_worker_attests_the_measurement_of_the_code_it_loaded() throws Exception {
    try (WorkerProcess p = launch(List.of())) {
      assertThat(attest(p).measurement(MeasurementKind.CODE_SHA256))
          .isEqualTo(EnclaveWorkerTest.joinAggregate().measurement());
    }
  }

  @Test
  void a_modified_worker_reports_another_measurement_and_is_refused() throws Exception {
    Path patched = dir.resolve("patched");
    String file = "io/mitai/compute/enclave/algorithm/JoinAggregate.class";
    byte[] original =
        AlgorithmCatalog.class.getClassLoader().getResourceAsStream(file).readAllBytes();
    byte[] modified = replace(original, "Inner-joins", "INNER-JOINS");
    Files.createDirectories(patched.resolve(file).getParent());
    Files.write(patched.resolve(file), modified);
    try (WorkerProcess p = launch(List.of(patched))) {
      try {
        attest(p);
        throw new AssertionError("a modified worker was accepted");
      } catch (EvidenceRejectedException e) {
        assertThat(e.reason()).isEqualTo(RefusalReason.MEASUREMENT_NOT_ALLOWED);
      }
    }
  }

  static byte[] replace(byte[] b, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.US_ASCII);
    byte[] t = to.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + f.length <= b.length; i++) {
      for (int j = 0; j < f.length; j++) {
        if (b[i + j] != f[j]) {
          continue outer;
        }
      }
      byte[] out = b.clone();
      System.arraycopy(t, 0, out, i, t.length);
      return out;
    }
    throw new IllegalStateException("'" + from + "' is not in the class file");
  }
}
