package io.mitai.compute.enclave;

import io.mitai.compute.tee.dcap.GramineDcapAttester;
import io.mitai.compute.tee.evidence.Attester;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.simulated.SimulatedAttester;
import io.mitai.compute.tee.simulated.SimulatedPlatformKey;
import java.nio.file.Path;
import java.util.Objects;

/** Where the worker's evidence comes from. */
public sealed interface WorkerPlatform {
  /** The attester for a job running the algorithm of {@code measurement}. */
  Attester attester(Measurement measurement);

  /** The assurance of evidence from this platform (also written into the result document). */
  TeeAssurance assurance();

  /**
   * The simulated platform: the labelled software key signs the algorithm's artifact measurement
   * (computed by the worker from its own class files). Never hardware.
   */
  record Simulated(SimulatedPlatformKey key) implements WorkerPlatform {
    public Simulated {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Attester attester(Measurement measurement) {
      return new SimulatedAttester(key, measurement);
    }

    @Override
    public TeeAssurance assurance() {
      return TeeAssurance.TEE_SIMULATED;
    }
  }

  /**
   * Gramine-SGX with DCAP: the CPU measures the enclave (MRENCLAVE covers the manifest, the JRE and
   * every jar as trusted files, and the manifest pins the algorithm), so the artifact measurement
   * computed by the worker is informational only.
   */
  record GramineSgx(Path attestationDirectory) implements WorkerPlatform {
    public GramineSgx {
      Objects.requireNonNull(attestationDirectory, "attestationDirectory");
    }

    @Override
    public Attester attester(Measurement measurement) {
      return new GramineDcapAttester(attestationDirectory);
    }

    @Override
    public TeeAssurance assurance() {
      return TeeAssurance.TEE_HARDWARE;
    }
  }
}
