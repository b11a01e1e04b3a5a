package io.mitai.platform.tee;

import io.mitai.compute.enclave.SimulatedKeyFile;
import io.mitai.compute.enclave.WorkerProcess;
import io.mitai.compute.tee.dcap.CachingCollateralSource;
import io.mitai.compute.tee.dcap.CollateralSource;
import io.mitai.compute.tee.dcap.DcapQuoteVerifier;
import io.mitai.compute.tee.dcap.PcsCollateralSource;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceVerifier;
import io.mitai.compute.tee.evidence.EvidenceVerifiers;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The node's enclave worker and how its evidence is verified.
 *
 * <p>{@code mitai.tee.worker.mode}: {@code sandbox} (default) starts the worker as a child JVM on
 * 127.0.0.1 the first time a TEE job runs (again if it died), with the simulated platform and the
 * node's simulated platform key file ({@code mitai.tee.simulated-key}, created if absent), and pins
 * the certificate it prints; {@code remote} connects to a worker on its own host ({@code
 * mitai.tee.worker.host}, {@code .port}, its certificate PEM {@code .certificate}, its platform
 * {@code .platform} = {@code simulated} or {@code gramine-sgx}); {@code disabled} refuses TEE jobs.
 *
 * <p>Verification: simulated evidence only against the configured simulated platform public key;
 * DCAP quotes only if {@code mitai.tee.dcap.root-ca} (the Intel SGX Root CA PEM, obtained out of
 * band) and a collateral source are set: {@code mitai.tee.dcap.pcs-url} (Intel PCS or a PCCS, API
 * v4) or {@code mitai.tee.dcap.collateral-dir}. A format without a verifier is refused.
 */
@ApplicationScoped
public class EnclaveWorkers {

  private static final Logger LOG = Logger.getLogger(EnclaveWorkers.class);

  /** How to reach a worker: address and the certificate to pin. */
  public record Endpoint(String host, int port, X509Certificate certificate) {}

  @ConfigProperty(name = "mitai.tee.worker.mode", defaultValue = "sandbox")
  String mode;

  @ConfigProperty(name = "mitai.tee.worker.platform", defaultValue = "simulated")
  String platform;

  @ConfigProperty(name = "mitai.tee.worker.host", defaultValue = "127.0.0.1")
  String host;

  @ConfigProperty(name = "mitai.tee.worker.port", defaultValue = "0")
  int port;

  @ConfigProperty(name = "mitai.tee.worker.certificate")
  Optional<String> certificate;

  /** Class path entries placed before the worker's own (a patched worker build). */
  @ConfigProperty(name = "mitai.tee.worker.classpath-prepend")
  Optional<List<String>> classpathPrepend;

  @ConfigProperty(name = "mitai.tee.worker.timeout", defaultValue = "60s")
  Duration timeout;

  @ConfigProperty(name = "mitai.data-dir", defaultValue = "./data")
  String dataDir;

  @ConfigProperty(name = "mitai.tee.simulated-key")
  Optional<String> simulatedKey;

  @ConfigProperty(name = "mitai.tee.dcap.root-ca")
  Optional<String> dcapRootCa;

  @ConfigProperty(name = "mitai.tee.dcap.collateral-dir")
  Optional<String> dcapCollateral;

  /** A PCS or PCCS root (PCS API v4), instead of a collateral directory. */
  @ConfigProperty(name = "mitai.tee.dcap.pcs-url")
  Optional<String> dcapPcs;

  /** Where the Intel SGX Root CA CRL is served; default: the PCCS path under the PCS URL. */
  @ConfigProperty(name = "mitai.tee.dcap.root-ca-crl-url")
  Optional<String> dcapRootCaCrl;

  /**
   * The MRENCLAVE of the Gramine worker build this node trusts (64 hex digits), read from the
   * reviewed build's SIGSTRUCT; required for an enclave dealer on {@code gramine-sgx}.
   */
  @ConfigProperty(name = "mitai.tee.worker.mrenclave")
  Optional<String> mrenclave;

  /**
   * Where a sandbox worker listens: 127.0.0.1, or an address other nodes reach when this node is a
   * compute centre.
   */
  @ConfigProperty(name = "mitai.tee.worker.bind-host", defaultValue = "127.0.0.1")
  String bindHost;

  /**
   * The host other nodes dial this node's worker at (a compute centre's jobs, the party of its
   * enclave dealer); default the host this node reaches it at.
   */
  @ConfigProperty(name = "mitai.tee.worker.advertised-host")
  Optional<String> advertisedHost;

  /** How long a compute centre's worker waits for the owners' inputs once the requester runs. */
  @ConfigProperty(name = "mitai.tee.centre.attach-wait", defaultValue = "60s")
  Duration attachWait;

  /**
   * The simulated platform public keys this node trusts for other organisations' compute centres:
   * entries {@code <centre org>=<PEM file>}, obtained out of band like Intel's root CA. A centre
   * without an entry is not trusted with simulated evidence.
   */
  @ConfigProperty(name = "mitai.tee.centre.simulated-keys")
  Optional<List<String>> centreSimulatedKeys;

  /** PCS/PCCS answers are kept until their nextUpdate, and refreshed at least this often. */
  @ConfigProperty(name = "mitai.tee.dcap.collateral-max-age", defaultValue = "24h")
  Duration dcapCollateralMaxAge;

  private WorkerProcess process;
  private EvidenceVerifier verifier;
  private Optional<EvidenceVerifier> dcap;

  /** The bound on connecting to the worker and on each wait for its answer. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether TEE jobs can run on this node. */
  public boolean enabled() {
    return !mode.equals("disabled");
  }

  /** The assurance of the configured worker's platform (the task's recorded assurance). */
  public TeeAssurance assurance() {
    return platform.equals("gramine-sgx") ? TeeAssurance.TEE_HARDWARE : TeeAssurance.TEE_SIMULATED;
  }

  /** The measurement kind the configured platform attests (simulated: CODE_SHA256). */
  public MeasurementKind measurementKind() {
    return platform.equals("gramine-sgx") ? MeasurementKind.MRENCLAVE : MeasurementKind.CODE_SHA256;
  }

  /**
   * The measurement every job and dealer of the configured worker must attest, when the operator
   * pinned one: the build's MRENCLAVE on {@code gramine-sgx}. Empty on the simulated platform,
   * whose measurement is computed from the classes this node ships ({@code CODE_SHA256}).
   *
   * @throws IllegalStateException if it is set on the simulated platform or is not 32 bytes in hex
   */
  public Optional<String> pinnedMeasurement() {
    if (mrenclave.isEmpty()) {
      return Optional.empty();
    }
    String hex = mrenclave.get().strip().toLowerCase(Locale.ROOT);
    if (measurementKind() != MeasurementKind.MRENCLAVE) {
      throw new IllegalStateException(
          "mitai.tee.worker.mrenclave is set, but mitai.tee.worker.platform is "
              + platform
              + ": only a gramine-sgx worker attests an MRENCLAVE");
    }
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalStateException(
          "mitai.tee.worker.mrenclave must be 64 hex digits (SHA-256), got " + hex.length());
    }
    return Optional.of(hex);
  }

  /** The worker to connect to for a job; in sandbox mode started (or restarted) as needed. */
  public synchronized Endpoint endpoint() throws IOException {
    if (mode.equals("remote")) {
      String pem =
          certificate.orElseThrow(
              () -> new IOException("mitai.tee.worker.certificate is not configured"));
      return new Endpoint(host, port, readCertificate(Path.of(pem)));
    }
    if (!mode.equals("sandbox")) {
      throw new IOException("TEE jobs are disabled on this node (mitai.tee.worker.mode)");
    }
    if (process == null || !process.isAlive()) {
      if (process != null) {
        LOG.warnf("the enclave worker (pid %d) is gone; starting a new one", process.pid());
      }
      Path key = simulatedKeyFile();
      process =
          WorkerProcess.launch(
              classpathPrepend.orElse(List.of()).stream().map(Path::of).toList(),
              List.of(
                  "--platform", "simulated", "--simulated-key", key.toString(), "--host", bindHost),
              line -> LOG.info(line),
              Duration.ofSeconds(60));
      LOG.infof(
          "enclave worker started: pid %d, %s:%d, simulated platform",
          process.pid(), bindHost, process.port());
    }
    return new Endpoint(bindHost, process.port(), process.certificate());
  }

  /** The sandbox worker process, if running (for operations and tests). */
  public synchronized Optional<WorkerProcess> process() {
    return Optional.ofNullable(process).filter(WorkerProcess::isAlive);
  }

  /** The verifier for every evidence format this node accepts. */
  public synchronized EvidenceVerifier verifier() throws IOException, GeneralSecurityException {
    if (verifier == null) {
      Map<EvidenceFormat, EvidenceVerifier> byFormat = new EnumMap<>(EvidenceFormat.class);
      Path key = simulatedKeyFile();
      if (Files.exists(key)) {
        byFormat.put(
            EvidenceFormat.MITAI_SIMULATED_V1,
            new SimulatedEvidenceVerifier(SimulatedKeyFile.readPublic(key)));
      }
      dcapVerifier().ifPresent(v -> byFormat.put(EvidenceFormat.INTEL_DCAP_QUOTE, v));
      verifier = new EvidenceVerifiers(byFormat);
    }
    return verifier;
  }

  /**
   * The DCAP quote verifier, if a root CA and a collateral source are configured: one for this
   * node's own worker and every compute centre, so the collateral cache serves them all.
   */
  private synchronized Optional<EvidenceVerifier> dcapVerifier() throws IOException {
    if (dcap == null) {
      Optional<CollateralSource> collateral = collateralSource();
      dcap =
          dcapRootCa.isPresent() && collateral.isPresent()
              ? Optional.of(
                  new DcapQuoteVerifier(
                      readCertificate(Path.of(dcapRootCa.get())), collateral.get()))
              : Optional.empty();
    }
    return dcap;
  }

  /** Where other nodes reach the worker at {@code endpoint}. */
  public String advertisedHost(Endpoint endpoint) {
    return advertisedHost.orElse(endpoint.host());
  }

  /** How long a compute centre's worker waits for the owners' inputs. */
  public Duration attachWait() {
    return attachWait;
  }

  /**
   * The verifier for evidence from {@code centre}'s worker (its compute centre, or its node's
   * enclave dealer): its simulated platform key as this node's operator configured it ({@code
   * mitai.tee.centre.simulated-keys}; this node's own key when the organisation is hosted here),
   * and DCAP quotes as for this node's own worker.
   */
  public EvidenceVerifier verifierFor(String centre, boolean hostedHere)
      throws IOException, GeneralSecurityException {
    if (hostedHere) {
      return verifier();
    }
    Map<EvidenceFormat, EvidenceVerifier> byFormat = new EnumMap<>(EvidenceFormat.class);
    for (String entry : centreSimulatedKeys.orElse(List.of())) {
      int eq = entry.indexOf('=');
      if (eq > 0 && entry.substring(0, eq).strip().equals(centre)) {
        byFormat.put(
            EvidenceFormat.MITAI_SIMULATED_V1,
            new SimulatedEvidenceVerifier(
                SimulatedKeyFile.readPublic(Path.of(entry.substring(eq + 1).strip()))));
      }
    }
    dcapVerifier().ifPresent(v -> byFormat.put(EvidenceFormat.INTEL_DCAP_QUOTE, v));
    return new EvidenceVerifiers(byFormat);
  }

  /** Where DCAP collateral comes from: a PCS/PCCS if configured, else a directory. */
  private Optional<CollateralSource> collateralSource() {
    if (dcapPcs.isPresent()) {
      URI base = URI.create(dcapPcs.get());
      URI rootCrl =
          URI.create(
              dcapRootCaCrl.orElse(
                  dcapPcs.get().replaceAll("/+$", "") + "/sgx/certification/v4/rootcacrl"));
      return Optional.of(
          new CachingCollateralSource(
              new PcsCollateralSource(base, rootCrl, HttpClient.newHttpClient(), timeout),
              Clock.systemUTC(),
              dcapCollateralMaxAge));
    }
    return dcapCollateral.map(dir -> new DirectoryCollateralSource(Path.of(dir)));
  }

  /** The simulated platform key file; created in sandbox mode if absent. */
  Path simulatedKeyFile() throws IOException {
    Path key =
        Path.of(
            simulatedKey.orElse(Path.of(dataDir, "keys", "tee-simulated-platform.pem").toString()));
    if (mode.equals("sandbox") && !Files.exists(key)) {
      try {
        SimulatedKeyFile.generate(key, new SecureRandom());
        LOG.infof("created the SIMULATED TEE platform key %s (not a hardware key)", key);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot create the simulated platform key", e);
      }
    }
    return key;
  }

  static X509Certificate readCertificate(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (java.security.cert.CertificateException e) {
      throw new IOException("not an X.509 certificate: " + pem, e);
    }
  }

  /** A pin that cannot be right stops the node at start rather than failing each job. */
  void onStart(@Observes StartupEvent event) {
    pinnedMeasurement();
  }

  void onStop(@Observes ShutdownEvent event) {
    synchronized (this) {
      if (process != null) {
        process.close();
        process = null;
      }
    }
  }
}
