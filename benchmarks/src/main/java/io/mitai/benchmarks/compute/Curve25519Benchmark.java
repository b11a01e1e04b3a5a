package io.mitai.benchmarks.compute;

import io.mitai.compute.psi.EcdhBlinding;
import io.mitai.compute.psi.HashToCurve25519;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-key costs of ECDH-PSI on one core: an X25519 scalar multiplication (the limit; PSI needs
 * four per key pair) and RFC 9380 hash-to-curve, fast path and BigInteger reference.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar Curve25519Benchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Curve25519Benchmark {
  private final HashToCurve25519 hasher = new HashToCurve25519(EcdhBlinding.DST);
  private final byte[] scalar = new byte[32];
  private final byte[] point = new byte[32];
  private final byte[] out = new byte[32];
  private long key;

  {
    for (int i = 0; i < 32; i++) {
      scalar[i] = (byte) (31 * i + 7);
    }
    point[0] = 9;
  }

  @Benchmark
  public byte[] x25519ScalarMult() {
    X25519.scalarMult(scalar, 0, point, 0, out, 0);
    return out;
  }

  @Benchmark
  public byte[] hashToCurveFast() {
    return hasher.hashToCurveU(msg());
  }

  @Benchmark
  public Object hashToCurveReference() {
    return hasher.hashToCurve(msg());
  }

  private byte[] msg() {
    return ("customer-" + key++).getBytes(StandardCharsets.UTF_8);
  }
}
