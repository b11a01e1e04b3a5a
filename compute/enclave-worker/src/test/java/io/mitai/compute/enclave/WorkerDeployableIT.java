package io.mitai.compute.enclave;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.tee.evidence.MeasurementKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's deployable, the module's {@code -worker.jar}, runs on its own ({@code java -jar},
 * nothing of the node on its class path) and attests exactly the measurements the node computes
 * from the plain module: shading copies the measured classes unchanged.
 */
class WorkerDeployableIT {

  @TempDir Path dir;

  static Path jar() {
    Path jar = Path.of(System.getProperty("mitai.worker.jar", "target/missing-worker.jar"));
    assertThat(jar).as("the worker's deployable (mvn package)").exists();
    return jar;
  }

  @Test
  void holds_the_worker_and_its_libraries_and_nothing_of_the_node() throws Exception {
    try (JarFile jar = new JarFile(jar().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(EnclaveWorkerMain.class.getName());
      assertThat(jar.getEntry("io/mitai/compute/enclave/algorithm/JoinAggregate.class"))
          .isNotNull();
      assertThat(jar.getEntry("io/mitai/compute/tee/evidence/Evidence.class")).isNotNull();
      assertThat(jar.stream().map(e -> e.getName()))
          .noneMatch(name -> name.startsWith("io/mitai/platform/"))
          .noneMatch(name -> name.startsWith("io/quarkus/"))
          .noneMatch(name -> name.startsWith("org/hibernate/"));
    }
  }

  @Test
  void runs_with_java_jar_and_attests_the_measurement_the_node_expects() throws Exception {
    Path key = dir.resolve("simulated-platform.pem");
    SimulatedKeyFile.generate(key, WorkerProcessTest.RANDOM);
    try (WorkerProcess worker =
        WorkerProcess.launchJar(
            jar(),
            "256m",
            List.of("--platform", "simulated", "--simulated-key", key.toString()),
            line -> {},
            Duration.ofSeconds(60))) {
      WorkerProcessTest probe = new WorkerProcessTest();
      probe.dir = dir;
      assertThat(probe.attest(worker).measurement(MeasurementKind.CODE_SHA256))
          .isEqualTo(EnclaveWorkerTest.joinAggregate().measurement());
    }
  }
}
