package io.mitai.benchmarks.compute;

import io.mitai.compute.ops.Aggregate;
import io.mitai.compute.ops.AggregateResult;
import io.mitai.compute.ops.AggregateSpec;
import io.mitai.compute.ops.Roles;
import io.mitai.compute.ops.Table;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.share.DecimalFixedPoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End-to-end SECURE_AGGREGATE: three input parties in one JVM, each on its own loopback TLS
 * transport, each reading its own CSV text (the way the node streams a decrypted file), grouped by
 * a 10-label column, all five aggregates of three decimal columns. Its limit, measured in the same
 * run on the same rows: reading and parsing the same three CSV texts in plaintext, one thread per
 * party as in the MPC run, splitting each line into cells and each numeric cell into a double,
 * adding them up per group (a plaintext aggregate, with no privacy).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mitai.benchmarks.compute.AggregateThroughput 333334 1000000} (rows per party). Each size runs
 * the two plaintext limits and the MPC alternately, five times after a warm-up, and reports the
 * medians; the ratio is to the faster limit.
 */
public final class AggregateThroughput {
  private static final List<PartyId> PARTIES =
      List.of(PartyId.of("org1"), PartyId.of("org2"), PartyId.of("org3"));
  private static final List<String> COLUMNS = List.of("id", "region", "amount", "units", "delta");
  private static final int REPS = 5;

  private AggregateThroughput() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {333_334} : new int[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Integer.parseInt(args[i]);
    }
    System.out.printf("cores %d, load before: %s%n", Harness.cores(), Harness.load());
    try (Harness.Parties parties = new Harness.Parties(PARTIES)) {
      Map<PartyId, byte[]> warm = csvs(100_000);
      for (int i = 0; i < 3; i++) {
        plaintext(warm, false);
        plaintext(warm, true);
        mpc(parties, warm);
      }
      for (int n : sizes) {
        Map<PartyId, byte[]> csv = csvs(n);
        long bytes = csv.values().stream().mapToLong(b -> b.length).sum();
        double[] plain = new double[REPS];
        double[] plainFast = new double[REPS];
        double[] secure = new double[REPS];
        String load = Harness.load();
        for (int r = 0; r < REPS; r++) {
          long t0 = System.nanoTime();
          Map<String, double[]> want = plaintext(csv, false);
          plain[r] = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          plaintext(csv, true);
          plainFast[r] = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          AggregateResult got = mpc(parties, csv);
          secure[r] = (System.nanoTime() - t0) / 1e9;
          check(want, got);
          System.out.printf(
              "  rep %d: plaintext (Double.parseDouble) %.2f s, plaintext (decimal fast path)"
                  + " %.2f s, SECURE_AGGREGATE %.2f s%n",
              r, plain[r], plainFast[r], secure[r]);
        }
        double p = median(plain);
        double pf = median(plainFast);
        double s = median(secure);
        double limit = Math.min(p, pf);
        System.out.printf(
            "RESULT aggregate parties=3 rows-per-party=%d total-rows=%d csv-MB=%.1f"
                + " plaintext-double-s=%.2f plaintext-fast-s=%.2f mpc-s=%.2f ratio=%.2f"
                + " mpc-rows/s=%.0f load-before=[%s] load-after=[%s]%n",
            n, 3L * n, bytes / 1e6, p, pf, s, s / limit, 3.0 * n / s, load, Harness.load());
      }
    }
  }

  private static AggregateResult mpc(Harness.Parties parties, Map<PartyId, byte[]> csv)
      throws Exception {
    AggregateSpec spec =
        new AggregateSpec(
            new Roles(PARTIES, PARTIES.get(2), Optional.empty()),
            List.of("amount", "units", "delta"),
            EnumSet.allOf(Aggregate.class),
            Optional.of("region"),
            10);
    Map<PartyId, Table> in = new TreeMap<>();
    for (PartyId p : PARTIES) {
      in.put(p, new Table(COLUMNS, new CsvRows(csv.get(p))));
    }
    return (AggregateResult) parties.run(spec, in, Duration.ofSeconds(600));
  }

  /**
   * The limit: the same CSV text split and parsed to numbers, per group, one thread per party;
   * numbers parsed by {@link Double#parseDouble} or, {@code fast}, by the same exact decimal reader
   * SECURE_AGGREGATE uses ({@link DecimalFixedPoint#parseScaled}), whichever is faster being the
   * limit.
   */
  static Map<String, double[]> plaintext(Map<PartyId, byte[]> csv, boolean fast) throws Exception {
    ExecutorService exec = Executors.newFixedThreadPool(csv.size());
    try {
      List<Future<Map<String, double[]>>> fs = new ArrayList<>();
      for (byte[] text : csv.values()) {
        fs.add(
            exec.submit(
                () -> {
                  Map<String, double[]> acc = new TreeMap<>();
                  for (List<String> row : new CsvRows(text)) {
                    double[] a = acc.computeIfAbsent(row.get(1), k -> new double[7]);
                    a[0]++;
                    for (int j = 0; j < 3; j++) {
                      String cell = row.get(2 + j);
                      if (!cell.isEmpty()) {
                        double x =
                            fast
                                ? DecimalFixedPoint.parseScaled(cell) / 1e6
                                : Double.parseDouble(cell);
                        a[1 + 2 * j]++;
                        a[2 + 2 * j] += x;
                      }
                    }
                  }
                  return acc;
                }));
      }
      Map<String, double[]> total = new TreeMap<>();
      for (Future<Map<String, double[]>> f : fs) {
        for (Map.Entry<String, double[]> e : f.get().entrySet()) {
          double[] t = total.computeIfAbsent(e.getKey(), k -> new double[7]);
          for (int i = 0; i < t.length; i++) {
            t[i] += e.getValue()[i];
          }
        }
      }
      return total;
    } finally {
      exec.shutdownNow();
    }
  }

  /** The MPC result must agree with the plaintext one: counts exactly, sums to 1e-9 relative. */
  private static void check(Map<String, double[]> want, AggregateResult got) {
    if (got.groups().size() != want.size()) {
      throw new AssertionError("groups " + got.groups().size() + " vs " + want.size());
    }
    for (AggregateResult.Group g : got.groups()) {
      double[] w = want.get(g.label().orElseThrow());
      if (g.rows() != (long) w[0]) {
        throw new AssertionError("rows of " + g.label());
      }
      for (int j = 0; j < 3; j++) {
        AggregateResult.ColumnStats c = g.columns().get(j);
        double sum = c.sum().orElseThrow().doubleValue();
        if (c.count().orElseThrow() != (long) w[1 + 2 * j]
            || Math.abs(sum - w[2 + 2 * j]) > 1e-9 * Math.max(1, Math.abs(sum))) {
          throw new AssertionError("column " + j + " of " + g.label());
        }
      }
    }
  }

  /**
   * Each party's rows as CSV text: an id, one of 10 regions, a 2-decimal amount, an integer count
   * and a signed 3-decimal delta; about 1% of the value cells are empty (missing).
   */
  static Map<PartyId, byte[]> csvs(int rows) {
    Map<PartyId, byte[]> out = new TreeMap<>();
    for (int p = 0; p < PARTIES.size(); p++) {
      SplittableRandom r = new SplittableRandom(42 + p);
      StringBuilder sb = new StringBuilder(rows * 40);
      sb.append(String.join(",", COLUMNS)).append('\n');
      for (int i = 0; i < rows; i++) {
        sb.append(PARTIES.get(p).value()).append('-').append(i).append(',');
        sb.append("region-").append(r.nextInt(10)).append(',');
        if (r.nextInt(100) != 0) {
          long cents = r.nextLong(1_000_000_00L);
          sb.append(cents / 100).append('.').append(String.format("%02d", cents % 100));
        }
        sb.append(',');
        if (r.nextInt(100) != 0) {
          sb.append(r.nextInt(1000));
        }
        sb.append(',');
        if (r.nextInt(100) != 0) {
          long milli = r.nextLong(-5_000_000L, 5_000_000L);
          sb.append(milli < 0 ? "-" : "")
              .append(Math.abs(milli) / 1000)
              .append('.')
              .append(String.format("%03d", Math.abs(milli) % 1000));
        }
        sb.append('\n');
      }
      out.put(PARTIES.get(p), sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /**
   * Rows streamed from CSV text (no quoting: the generated data has none), skipping the header;
   * re-iterable, as {@link Table} requires.
   */
  static final class CsvRows implements Iterable<List<String>> {
    private final byte[] text;

    CsvRows(byte[] text) {
      this.text = text;
    }

    @Override
    public Iterator<List<String>> iterator() {
      return new Iterator<>() {
        private int pos = skipLine(0);

        @Override
        public boolean hasNext() {
          return pos < text.length;
        }

        @Override
        public List<String> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          List<String> cells = new ArrayList<>(COLUMNS.size());
          int start = pos;
          while (true) {
            byte b = text[pos];
            if (b == ',' || b == '\n') {
              cells.add(new String(text, start, pos - start, StandardCharsets.UTF_8));
              start = pos + 1;
              if (b == '\n') {
                pos++;
                return cells;
              }
            }
            pos++;
          }
        }
      };
    }

    private int skipLine(int from) {
      int i = from;
      while (text[i] != '\n') {
        i++;
      }
      return i + 1;
    }
  }
}
