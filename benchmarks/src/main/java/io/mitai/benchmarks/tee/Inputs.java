package io.mitai.benchmarks.tee;

import io.mitai.compute.enclave.JobCrypto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Both inputs' rows, generated once per size (not timed). */
record Inputs(List<List<String>> org1, List<List<String>> org2) {
  /**
   * org1 holds ids 0..n-1, org2 ids n/2..n/2+n-1; each id's values come from its own seeded
   * generator, so both inputs agree on the shared ids' label model.
   */
  static Inputs generate(int n) {
    List<List<String>> a = new ArrayList<>(n);
    List<List<String>> b = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      a.add(org1Row(i));
      b.add(org2Row(n / 2 + i));
    }
    return new Inputs(a, b);
  }

  private static double amount(long id) {
    return new SplittableRandom(id * 0x9E3779B97F4A7C15L + 1).nextLong(1_000_000) / 100.0;
  }

  private static List<String> org1Row(long id) {
    SplittableRandom r = new SplittableRandom(id * 0x9E3779B97F4A7C15L + 1);
    long cents = r.nextLong(1_000_000);
    String[] row = {
      "cust-" + id,
      "region-" + r.nextInt(10),
      (cents / 100) + "." + String.format("%02d", cents % 100),
      Integer.toString(r.nextInt(1000))
    };
    return Arrays.asList(row);
  }

  private static List<String> org2Row(long id) {
    SplittableRandom r = new SplittableRandom(id * 0xC2B2AE3D27D4EB4FL + 7);
    long milli = r.nextLong(-5_000, 5_000);
    double score = milli / 1000.0;
    double eta = -1.0 + 0.0002 * amount(id) + 0.6 * score;
    boolean label = r.nextDouble() < 1 / (1 + Math.exp(-eta));
    String[] row = {
      "cust-" + id,
      "segment-" + r.nextInt(4),
      (milli < 0 ? "-" : "")
          + Math.abs(milli) / 1000
          + "."
          + String.format("%03d", Math.abs(milli) % 1000),
      label ? "1" : "0"
    };
    return Arrays.asList(row);
  }

  /** Bytes of AES-GCM segments both inputs travel as (framing headers excluded). */
  long sealedBytes() {
    return sealed(org1) + sealed(org2);
  }

  private static long sealed(List<List<String>> rows) {
    long plain = 0;
    for (List<String> row : rows) {
      for (String cell : row) {
        plain += 4 + cell.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    long segments = plain / JobCrypto.SEGMENT + 1;
    return plain + 16 * segments;
  }
}
