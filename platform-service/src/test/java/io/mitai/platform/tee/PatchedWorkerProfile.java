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

  static final Path DIR = Path.of("target", "patched-worker").toAbsolutePath();

  @Override
  public Map<String, String> getConfigOverrides() {
    String file = "io/mitai/compute/enclave/algorithm/JoinAggregate.class";
    try (InputStream in = PatchedWorkerProfile.class.getClassLoader().getResourceAsStream(file)) {
      byte[] bytes = in.readAllBytes();
      byte[] from = "Inner-joins".getBytes(StandardCharsets.US_ASCII);
      byte[] to = "INNER-JOINS".getBytes(StandardCharsets.US_ASCII);
      int at = indexOf(bytes, from);
      if (at < 0) {
        throw new IllegalStateException("the description constant is not in " + file);
      }
      System.arraycopy(to, 0, bytes, at, to.length);
      Files.createDirectories(DIR.resolve(file).getParent());
      Files.write(DIR.resolve(file), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of("mitai.tee.worker.classpath-prepend", DIR.toString());
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
