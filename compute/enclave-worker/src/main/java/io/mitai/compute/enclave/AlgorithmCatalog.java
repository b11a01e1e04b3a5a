package io.mitai.compute.enclave;

import io.mitai.compute.enclave.algorithm.JoinAggregate;
import io.mitai.compute.enclave.algorithm.LogisticRegression;
import io.mitai.compute.enclave.algorithm.TeeAlgorithm;
import io.mitai.compute.tee.dcap.Json;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The worker's built-in algorithms with their measurements.
 *
 * <p><b>Measurement</b> (the {@code CODE_SHA256} value the simulated platform attests and the
 * allow-list records) = SHA-256 of the algorithm's <b>artifact</b>:
 *
 * <pre>
 *   "mitai/tee/algorithm-artifact/v1\0" ‖ ns(name) ‖ ns(version)
 *   ‖ for each class file of the worker's code, sorted by path:
 *       ns(path, e.g. "io/mitai/compute/enclave/JobSession.class") ‖ ns(the file's bytes)
 * </pre>
 *
 * where {@code ns(x)} is a netstring ({@code <decimal length>:<bytes>,}). The worker's code is
 * every class under {@code io/mitai/compute/enclave/} (protocol, key handling, both algorithms),
 * {@code io/mitai/compute/deliver/} (result sealing), {@code io/mitai/compute/tee/} (attestation)
 * and {@code io/mitai/compute/ops/Table.class}. Like MRENCLAVE, it covers the whole worker:
 * changing any algorithm or the key handling changes every measurement; name and version make each
 * algorithm's measurement distinct. The bytes are read through the class loader, i.e. exactly the
 * bytes the running worker loaded. Libraries (the JRE, Bouncy Castle) are not covered here; under
 * SGX, MRENCLAVE covers them too.
 */
public final class AlgorithmCatalog {
  private static final byte[] LABEL =
      "mitai/tee/algorithm-artifact/v1\0".getBytes(StandardCharsets.US_ASCII);

  /**
   * The artifact's class files: every class under these package paths (recursively), plus the
   * listed single files. Together: the worker, both algorithms, attestation and result sealing.
   */
  static final List<String> ARTIFACT_PACKAGES =
      List.of(
          "io/mitai/compute/enclave/",
          "io/mitai/compute/deliver/",
          "io/mitai/compute/tee/",
          "io/mitai/compute/ops/",
          "io/mitai/compute/share/",
          "io/mitai/compute/session/");

  static final List<String> ARTIFACT_FILES = List.of();

  /** The dealer of Beaver triples for JOINT_STATS, as the allow-list names it. */
  public static final String DEALER_NAME = "beaver-dealer";

  public static final String DEALER_VERSION = "1.0.0";

  /** A built-in algorithm and its measurement. */
  public record Entry(TeeAlgorithm algorithm, Measurement measurement) {
    /** {name, version, measurement} as the result document names the algorithm. */
    public SortedMap<String, Object> describe() {
      SortedMap<String, Object> m = new TreeMap<>();
      m.put("name", algorithm.name());
      m.put("version", algorithm.version());
      m.put("measurement", measurement.value().hex());
      return m;
    }
  }

  private final List<Entry> entries;
  private final boolean dealer;

  private AlgorithmCatalog(List<Entry> entries, boolean dealer) {
    this.entries = List.copyOf(entries);
    this.dealer = dealer;
  }

  /** Whether this worker may act as the JOINT_STATS dealer. */
  public boolean dealer() {
    return dealer;
  }

  /** The built-in algorithms, measured from the classes this JVM loaded. */
  public static AlgorithmCatalog builtIn() {
    List<Entry> entries = new ArrayList<>();
    for (TeeAlgorithm a : List.<TeeAlgorithm>of(new JoinAggregate(), new LogisticRegression())) {
      entries.add(new Entry(a, measure(a)));
    }
    return new AlgorithmCatalog(entries, true);
  }

  /**
   * Only the algorithm called {@code name} ({@link #DEALER_NAME}: only the dealer role): a Gramine
   * build pins one role in its manifest, so that each has its own MRENCLAVE (the ledger keys the
   * allow-list by measurement, and an enclave must not be usable for a role it was not allowed).
   */
  public AlgorithmCatalog only(String name) {
    if (name.equals(DEALER_NAME)) {
      return new AlgorithmCatalog(List.of(), true);
    }
    List<Entry> kept = entries.stream().filter(e -> e.algorithm().name().equals(name)).toList();
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("no built-in algorithm " + name);
    }
    return new AlgorithmCatalog(kept, false);
  }

  public List<Entry> entries() {
    return entries;
  }

  public Optional<Entry> find(String name, String version) {
    return entries.stream()
        .filter(e -> e.algorithm().name().equals(name) && e.algorithm().version().equals(version))
        .findFirst();
  }

  /**
   * Checks a job's parameters for {@code name}/{@code version} before any data moves (the node
   * calls this while planning, with the same code the worker runs).
   *
   * @param canonicalParams the params object as canonical JSON
   */
  public void check(
      String name,
      String version,
      byte[] canonicalParams,
      List<String> owners,
      List<List<String>> inputColumns)
      throws EnclaveException {
    Entry e =
        find(name, version)
            .orElseThrow(
                () ->
                    new EnclaveException(
                        EnclaveFailure.ALGORITHM_UNKNOWN,
                        "no built-in algorithm " + name + " " + version));
    Json.Node params;
    try {
      params = Json.parse(canonicalParams);
    } catch (Json.JsonException ex) {
      throw new EnclaveException(EnclaveFailure.INVALID_PARAMS, "params are not JSON");
    }
    if (!(params instanceof Json.Obj o)) {
      throw new EnclaveException(EnclaveFailure.INVALID_PARAMS, "params must be an object");
    }
    e.algorithm().check(o, owners, inputColumns);
  }

  /** The measurement of an algorithm's artifact (see the class comment). */
  static Measurement measure(TeeAlgorithm algorithm) {
    return measure(algorithm.name(), algorithm.version());
  }

  /**
   * The measurement of the worker acting as JOINT_STATS dealer ({@link #DEALER_NAME} {@link
   * #DEALER_VERSION}): the same artifact, its own name.
   */
  public static Measurement dealerMeasurement() {
    return measure(DEALER_NAME, DEALER_VERSION);
  }

  static Measurement measure(String name, String version) {
    ByteArrayOutputStream artifact = new ByteArrayOutputStream();
    artifact.writeBytes(LABEL);
    netstring(artifact, name.getBytes(StandardCharsets.UTF_8));
    netstring(artifact, version.getBytes(StandardCharsets.UTF_8));
    ClassLoader loader = AlgorithmCatalog.class.getClassLoader();
    for (String file : artifactFiles()) {
      netstring(artifact, file.getBytes(StandardCharsets.UTF_8));
      netstring(artifact, read(loader, file));
    }
    return new Measurement(MeasurementKind.CODE_SHA256, Bytes.sha256(artifact.toByteArray()));
  }

  /**
   * Classes whose code sources hold the artifact: the worker module (this class) and the compute
   * library (attestation, result sealing, tables, the dealer's transport). In the worker's
   * deployable both are one jar; beside the node they are two, and the artifact is the same.
   */
  private static final List<Class<?>> ARTIFACT_SOURCES =
      List.of(AlgorithmCatalog.class, io.mitai.compute.tee.evidence.Evidence.class);

  /**
   * The artifact's class file names, sorted: listed from the jars or directories its classes came
   * from. Their bytes are then read through the class loader, so they are the bytes the JVM runs (a
   * class shadowed earlier on the class path is measured as loaded).
   */
  static List<String> artifactFiles() {
    TreeSet<String> files = new TreeSet<>(ARTIFACT_FILES);
    for (Class<?> c : ARTIFACT_SOURCES) {
      list(c, files);
    }
    return List.copyOf(files);
  }

  private static void list(Class<?> c, TreeSet<String> files) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IllegalStateException("the worker's code source is unknown; cannot measure it");
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      if (Files.isDirectory(location)) {
        try (Stream<Path> walk = Files.walk(location)) {
          walk.filter(Files::isRegularFile)
              .map(f -> location.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
              .filter(AlgorithmCatalog::inArtifact)
              .forEach(files::add);
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          jar.stream()
              .map(JarEntry::getName)
              .filter(AlgorithmCatalog::inArtifact)
              .forEach(files::add);
        }
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot list the worker's code at " + source.getLocation(), e);
    }
  }

  private static boolean inArtifact(String name) {
    return name.endsWith(".class") && ARTIFACT_PACKAGES.stream().anyMatch(name::startsWith);
  }

  private static byte[] read(ClassLoader loader, String file) {
    try (InputStream in = loader.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("class file " + file + " is not readable");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("class file " + file + " is not readable", e);
    }
  }

  private static void netstring(ByteArrayOutputStream out, byte[] b) {
    out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(b);
    out.write(',');
  }
}
