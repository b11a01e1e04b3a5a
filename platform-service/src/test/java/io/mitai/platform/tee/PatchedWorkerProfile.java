package io.mitai.platform.tee;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The node with a <b>patched</b> enclave worker: a copy of the join-aggregate class whose bytes
 * differ (one string constant changed) is placed before the worker's own class path, as an operator
 * deploying a modified build would. The node itself still ships, measures and publishes the
 * reviewed code.
 */
public class PatchedWorkerProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    try {
      return Map.of(
          "mitai.tee.worker.classpath-prepend",
          writeUnder(Path.of("target").toAbsolutePath()).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the patched class under {@code dir} and returns the class-path entry to put first (the
   * system tests pass it to a node process as {@code -Dmitai.tee.worker.classpath-prepend}).
   */
  public static Path writeUnder(Path dir) throws IOException {
    String file = "io/mitai/compute/enclave/algorithm/JoinAggregate.class";
    byte[] bytes;
    try (InputStream in = PatchedWorkerProfile.class.getClassLoader().getResourceAsStream(file)) {
      bytes = in.readAllBytes();
    }
    byte[] from = "Inner-joins".getBytes(StandardCharsets.US_ASCII);
    byte[] to = "INNER-JOINS".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(bytes, from);
    if (at < 0) {
      throw new IllegalStateException("the description constant is not in " + file);
    }
    System.arraycopy(to, 0, bytes, at, to.length);
    Path patched = dir.resolve("patched-worker");
    Files.createDirectories(patched.resolve(file).getParent());
    Files.write(patched.resolve(file), bytes);
    return patched;
  }

  static int indexOf(byte[] b, byte[] f) {
    outer:
    for (int i = 0; i + f.length <= b.length; i++) {
      for (int j = 0; j < f.length; j++) {
        if (b[i + j] != f[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
