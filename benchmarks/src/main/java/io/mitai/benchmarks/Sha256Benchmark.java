package io.mitai.benchmarks;

import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The physical limit for hashing on this machine: SHA-256 throughput of the JDK provider. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Sha256Benchmark {

  @Param({"1024", "1048576"})
  int size;

  byte[] data;

  @Setup
  public void fill() {
    data = new byte[size];
    ThreadLocalRandom.current().nextBytes(data);
  }

  @Benchmark
  public byte[] sha256() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
