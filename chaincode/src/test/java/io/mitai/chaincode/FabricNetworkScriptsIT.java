package io.mitai.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scripts of {@code fabric-network/} (no Fabric binaries here): shellcheck finds nothing, and
 * their smoke test passes — argument handling, pid-file discipline, the ccaas package and builder,
 * the node profiles, and the packaged chaincode server started and stopped the way {@code
 * network.sh deploy} does it. Runs after {@code package}, so the server jar exists.
 */
class FabricNetworkScriptsIT {

  private static final Path NETWORK = Path.of("..", "fabric-network").toAbsolutePath().normalize();

  @Test
  void the_network_scripts_pass_shellcheck() throws Exception {
    List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
    command.add(NETWORK.resolve("network.sh").toString());
    command.add(NETWORK.resolve("test/smoke.sh").toString());
    try (Stream<Path> builders = Files.list(NETWORK.resolve("builders/ccaas/bin"))) {
      builders.sorted().forEach(p -> command.add(p.toString()));
    }
    Run run = run(command);
    assertThat(run.exit()).as("shellcheck output:%n%s", run.output()).isZero();
  }

  @Test
  void the_network_scripts_smoke_test_passes() throws Exception {
    Run run = run(List.of("bash", NETWORK.resolve("test/smoke.sh").toString()));
    assertThat(run.exit()).as("smoke test output:%n%s", run.output()).isZero();
    assertThat(run.output()).contains("all checks passed");
    assertThat(run.output()).contains("the chaincode server jar listens");
  }

  private record Run(int exit, String output) {}

  private static Run run(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("fabric-network-", ".log");
    try {
      Process process;
      try {
        process =
            new ProcessBuilder(command)
                .directory(NETWORK.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            command.get(0)
                + " is not installed; .ci/run installs it (Debian: apt-get install shellcheck)",
            e);
      }
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within 5 minutes");
      }
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
