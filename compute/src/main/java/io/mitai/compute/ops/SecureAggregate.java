package io.mitai.compute.ops;

import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.share.AdditiveSharing;
import io.mitai.compute.share.DecimalFixedPoint;
import io.mitai.compute.share.Ring128;
import io.mitai.compute.share.Seed;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * SECURE_AGGREGATE over horizontal partitions: additive secret sharing of each party's local
 * moments (rows, and per column: count, sum, sum of squares) in Z(2^128) with decimal fixed point;
 * only the totals are opened, to the requester.
 *
 * <p>Rounds: (1) input parties exchange their value columns and, with groupBy, their sorted label
 * sets; the group domain is the union. (2) Each input party shares its moment vector: one seed to
 * every other input party, the correction share kept. (3) With minGroupSize, the input parties open
 * the per-group row counts to one another and drop small groups. (4) Each input party sends its
 * summed share of the kept groups to the requester, who adds them up.
 */
public final class SecureAggregate {
  static final int ROUND_HEADER = 1;
  static final int ROUND_SEEDS = 2;
  static final int ROUND_COUNTS = 3;
  static final int ROUND_RESULT = 4;

  /** Bounds on the group domain (keeps messages and memory small; documented). */
  static final int MAX_GROUPS = 10_000;

  static final int MAX_LABEL_CHARS = 256;

  private static final MathContext MC = MathContext.DECIMAL128;

  /** The largest |cell| accepted (documented range). */
  private static final BigDecimal MAX_ABS = new BigDecimal("1e30");

  private SecureAggregate() {}

  /** Runs this party's side; the requester gets the result, others empty. */
  public static Optional<OperationResult> run(
      PartyChannel ch, AggregateSpec spec, Optional<Table> input) throws SessionFailedException {
    Roles roles = spec.roles();
    PartyId self = ch.self();
    int c = spec.valueColumns().size();
    int width = 1 + 3 * c; // ring elements per group
    Optional<SortedMap<String, long[]>> shareByGroup = Optional.empty();
    List<String> kept = List.of();
    if (roles.isInput(self)) {
      Table table = input.orElseThrow(() -> invalid(ch, "an input party needs its table"));
      SortedMap<String, BigInteger[]> local = localMoments(ch, spec, table);
      List<PartyId> others = roles.inputs().stream().filter(p -> !p.equals(self)).toList();
      // Round 1: schema and labels.
      byte[] header =
          new Wire.Out()
              .strings(spec.valueColumns())
              .strings(new ArrayList<>(local.keySet()))
              .toBytes();
      for (PartyId p : others) {
        ch.send(p, ROUND_HEADER, header);
      }
      TreeSet<String> domain = new TreeSet<>(local.keySet());
      for (PartyId p : others) {
        Wire.In in = new Wire.In(ch, p, ch.receive(p, ROUND_HEADER));
        if (!in.strings(c + 1).equals(spec.valueColumns())) {
          throw new SessionFailedException(
              FailureReason.INVALID_SESSION, ch.session(), Optional.of(p), "value columns differ");
        }
        domain.addAll(in.strings(MAX_GROUPS));
        in.end();
      }
      if (spec.groupBy().isEmpty()) {
        domain = new TreeSet<>(List.of(""));
      }
      if (domain.size() > MAX_GROUPS) {
        throw invalid(ch, "more than " + MAX_GROUPS + " groups");
      }
      List<String> labels = new ArrayList<>(domain);
      BigInteger[] flat = new BigInteger[labels.size() * width];
      for (int g = 0; g < labels.size(); g++) {
        BigInteger[] v = local.get(labels.get(g));
        for (int e = 0; e < width; e++) {
          flat[g * width + e] = v == null ? BigInteger.ZERO : v[e];
        }
      }
      // Round 2: seeds out, seeds in; my share = correction + expansions of received seeds.
      long[] vector = Ring128.encode(flat);
      AdditiveSharing.SeededShares shares =
          AdditiveSharing.shareWithSeeds(vector, others.size(), true, new SecureRandom());
      for (int i = 0; i < others.size(); i++) {
        ch.send(others.get(i), ROUND_SEEDS, shares.seeds().get(i).bytes());
      }
      long[] mine = shares.correction();
      for (PartyId p : others) {
        byte[] seed = ch.receive(p, ROUND_SEEDS);
        if (seed.length != Seed.DEFAULT_LENGTH) {
          throw new Wire.In(ch, p, seed).malformed("seed of wrong length");
        }
        Ring128.addInPlace(mine, AdditiveSharing.expand(new Seed(seed), vector.length));
      }
      // Round 3: optional suppression of small groups, on opened row counts.
      boolean[] keep = new boolean[labels.size()];
      java.util.Arrays.fill(keep, true);
      if (spec.minGroupSize() > 0) {
        long[] counts = new long[labels.size() * 2];
        for (int g = 0; g < labels.size(); g++) {
          counts[2 * g] = mine[2 * g * width];
          counts[2 * g + 1] = mine[2 * g * width + 1];
        }
        for (PartyId p : others) {
          Chunks.sendLongs(ch, p, ROUND_COUNTS, counts);
        }
        long[] total = counts.clone();
        for (PartyId p : others) {
          Ring128.addInPlace(total, Chunks.receiveLongs(ch, p, ROUND_COUNTS, counts.length));
        }
        BigInteger[] rows = Ring128.decodeSigned(total);
        for (int g = 0; g < labels.size(); g++) {
          keep[g] = rows[g].compareTo(BigInteger.valueOf(spec.minGroupSize())) >= 0;
        }
      }
      SortedMap<String, long[]> byGroup = new TreeMap<>();
      for (int g = 0; g < labels.size(); g++) {
        if (keep[g]) {
          byGroup.put(
              labels.get(g),
              java.util.Arrays.copyOfRange(mine, 2 * g * width, 2 * (g + 1) * width));
        }
      }
      kept = new ArrayList<>(byGroup.keySet());
      // Round 4: to the requester.
      if (!self.equals(roles.requester())) {
        ch.send(roles.requester(), ROUND_RESULT, new Wire.Out().strings(kept).toBytes());
        Chunks.sendLongs(ch, roles.requester(), ROUND_RESULT, concat(byGroup, width));
        return Optional.empty();
      }
      shareByGroup = Optional.of(byGroup);
    }
    // The requester: add up every input party's share of the kept groups.
    long[] sum = shareByGroup.map(m -> concat(m, width)).orElse(null);
    for (PartyId p : roles.inputs()) {
      if (p.equals(self)) {
        continue;
      }
      Wire.In in = new Wire.In(ch, p, ch.receive(p, ROUND_RESULT));
      List<String> theirs = in.strings(MAX_GROUPS);
      in.end();
      if (sum == null) {
        kept = theirs;
        sum = new long[kept.size() * width * 2];
      } else if (!theirs.equals(kept)) {
        throw new SessionFailedException(
            FailureReason.PROTOCOL_VIOLATION, ch.session(), Optional.of(p), "group lists differ");
      }
      Ring128.addInPlace(sum, Chunks.receiveLongs(ch, p, ROUND_RESULT, sum.length));
    }
    return Optional.of(finish(spec, kept, Ring128.decodeSigned(sum), width));
  }

  private static long[] concat(SortedMap<String, long[]> byGroup, int width) {
    long[] out = new long[byGroup.size() * width * 2];
    int g = 0;
    for (long[] v : byGroup.values()) {
      System.arraycopy(v, 0, out, g++ * width * 2, width * 2);
    }
    return out;
  }

  /**
   * The plaintext local moments of this party's own rows, per group label: [rows, (count, sum at
   * 10^6, sum of squares at 10^12) per column].
   *
   * <p>This pass over the rows is most of SECURE_AGGREGATE's work, so plain decimal cells take a
   * fast exact path ({@link DecimalFixedPoint#parseScaled} into {@link Sum128} accumulators) and
   * only other cells go through BigDecimal; both give the same exact integers.
   */
  private static SortedMap<String, BigInteger[]> localMoments(
      PartyChannel ch, AggregateSpec spec, Table table) throws SessionFailedException {
    int c = spec.valueColumns().size();
    int[] idx = new int[c];
    for (int j = 0; j < c; j++) {
      String col = spec.valueColumns().get(j);
      idx[j] = table.indexOf(col).orElseThrow(() -> invalid(ch, "no column '" + col + "'"));
    }
    int groupIdx = -1;
    if (spec.groupBy().isPresent()) {
      String g = spec.groupBy().get();
      groupIdx = table.indexOf(g).orElseThrow(() -> invalid(ch, "no groupBy column '" + g + "'"));
    }
    Map<String, GroupMoments> groups = new HashMap<>();
    long row = 0;
    for (List<String> r : table.rows()) {
      row++;
      if (r.size() != table.columns().size()) {
        throw invalid(ch, "row " + row + " has the wrong number of cells");
      }
      String label = "";
      if (groupIdx >= 0) {
        // A missing group label is its own group, labelled by the empty string.
        label = Table.isMissing(r.get(groupIdx)) ? "" : r.get(groupIdx);
        if (label.length() > MAX_LABEL_CHARS) {
          throw invalid(ch, "group label longer than " + MAX_LABEL_CHARS + " at row " + row);
        }
      }
      GroupMoments acc = groups.get(label);
      if (acc == null) {
        if (groups.size() >= MAX_GROUPS) {
          throw invalid(ch, "more than " + MAX_GROUPS + " groups");
        }
        acc = new GroupMoments(c);
        groups.put(label, acc);
      }
      acc.rows++;
      for (int j = 0; j < c; j++) {
        String cell = r.get(idx[j]);
        if (Table.isMissing(cell)) {
          continue;
        }
        acc.count[j]++;
        long v = DecimalFixedPoint.parseScaled(cell);
        if (v != DecimalFixedPoint.NOT_PLAIN) {
          acc.sum[j].add(v);
          acc.sumSq[j].addSquare(v);
        } else {
          BigDecimal x = parse(ch, cell, spec.valueColumns().get(j), row);
          acc.sum[j].add(DecimalFixedPoint.encode(x));
          acc.sumSq[j].add(DecimalFixedPoint.encodeSquare(x));
        }
      }
    }
    if (spec.groupBy().isPresent() && spec.minGroupSize() > 1 && 2L * groups.size() > row) {
      // A key-like column: most labels stand for one row each. The labels would reach the other
      // input parties (round 1) and every kept group would be few rows; refuse before sending.
      throw new SessionFailedException(
          FailureReason.KEY_LIKE_GROUP_BY,
          ch.session(),
          Optional.of(ch.self()),
          "groupBy column '"
              + spec.groupBy().get()
              + "' has more distinct values than half of this party's rows; grouping by a"
              + " key-like column is refused");
    }
    SortedMap<String, BigInteger[]> out = new TreeMap<>();
    for (Map.Entry<String, GroupMoments> e : groups.entrySet()) {
      BigInteger[] v = e.getValue().toIntegers();
      for (BigInteger x : v) {
        if (!Ring128.fitsSigned(x)) {
          throw invalid(ch, "a local sum exceeds the 2^127 range");
        }
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  /** One group's running moments. */
  private static final class GroupMoments {
    long rows;
    final long[] count;
    final Sum128[] sum;
    final Sum128[] sumSq;

    GroupMoments(int columns) {
      count = new long[columns];
      sum = new Sum128[columns];
      sumSq = new Sum128[columns];
      for (int j = 0; j < columns; j++) {
        sum[j] = new Sum128();
        sumSq[j] = new Sum128();
      }
    }

    BigInteger[] toIntegers() {
      BigInteger[] v = new BigInteger[1 + 3 * count.length];
      v[0] = BigInteger.valueOf(rows);
      for (int j = 0; j < count.length; j++) {
        v[1 + 3 * j] = BigInteger.valueOf(count[j]);
        v[2 + 3 * j] = sum[j].value();
        v[3 + 3 * j] = sumSq[j].value();
      }
      return v;
    }
  }

  /**
   * An exact integer sum: a signed 128-bit accumulator (hi, lo) for the fast path, spilled into a
   * BigInteger before it could overflow, plus BigInteger addends. Exact for any number of terms.
   */
  static final class Sum128 {
    /** |hi| stays below this, far from overflow: one addend moves hi by less than 2^57. */
    private static final long SPILL_AT = 1L << 61;

    private long hi;
    private long lo;
    private BigInteger spilled = BigInteger.ZERO;

    void add(long v) {
      long nlo = lo + v;
      hi += (v >> 63) + (Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0);
      lo = nlo;
      spillIfLarge();
    }

    /** Adds v^2 for |v| &lt; 2^60. */
    void addSquare(long v) {
      long plo = v * v;
      long phi = Math.multiplyHigh(v, v);
      long nlo = lo + plo;
      hi += phi + (Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0);
      lo = nlo;
      spillIfLarge();
    }

    void add(BigInteger v) {
      spilled = spilled.add(v);
    }

    private void spillIfLarge() {
      if (hi > SPILL_AT || hi < -SPILL_AT) {
        spilled = value();
        hi = 0;
        lo = 0;
      }
    }

    BigInteger value() {
      BigInteger low = BigInteger.valueOf(lo >>> 1).shiftLeft(1).or(BigInteger.valueOf(lo & 1));
      return spilled.add(BigInteger.valueOf(hi).shiftLeft(64).add(low));
    }
  }

  static BigDecimal parse(PartyChannel ch, String cell, String column, long row)
      throws SessionFailedException {
    try {
      BigDecimal x = new BigDecimal(cell.trim());
      if (x.abs().compareTo(MAX_ABS) > 0) {
        throw invalid(ch, "value out of range in column '" + column + "' at row " + row);
      }
      return x;
    } catch (NumberFormatException e) {
      // The cell's content is not echoed: failure reasons go on the ledger.
      throw invalid(ch, "non-numeric value in column '" + column + "' at row " + row);
    }
  }

  private static AggregateResult finish(
      AggregateSpec spec, List<String> labels, BigInteger[] totals, int width) {
    List<AggregateResult.Group> groups = new ArrayList<>();
    for (int g = 0; g < labels.size(); g++) {
      int base = g * width;
      List<AggregateResult.ColumnStats> cols = new ArrayList<>();
      for (int j = 0; j < spec.valueColumns().size(); j++) {
        long n = totals[base + 1 + 3 * j].longValueExact();
        BigDecimal sum = DecimalFixedPoint.decode(totals[base + 2 + 3 * j]);
        BigDecimal sumSq = DecimalFixedPoint.decodeSquare(totals[base + 3 + 3 * j]);
        cols.add(stats(spec, spec.valueColumns().get(j), n, sum, sumSq));
      }
      groups.add(
          new AggregateResult.Group(
              spec.groupBy().isPresent() ? Optional.of(labels.get(g)) : Optional.empty(),
              totals[base].longValueExact(),
              cols));
    }
    return new AggregateResult(spec.groupBy(), groups);
  }

  /** The statistics of one column from its exact count, sum and sum of squares. */
  static AggregateResult.ColumnStats stats(
      AggregateSpec spec, String column, long n, BigDecimal sum, BigDecimal sumSq) {
    Optional<BigDecimal> mean =
        n >= 1 ? Optional.of(sum.divide(BigDecimal.valueOf(n), MC)) : Optional.empty();
    Optional<BigDecimal> variance = Optional.empty();
    if (n >= 2) {
      // (sumSq - sum^2/n) / (n - 1), computed as (n*sumSq - sum^2) / (n(n-1)): exact numerator.
      BigDecimal num = sumSq.multiply(BigDecimal.valueOf(n)).subtract(sum.multiply(sum));
      BigDecimal v = num.divide(BigDecimal.valueOf(n).multiply(BigDecimal.valueOf(n - 1)), MC);
      variance = Optional.of(v.signum() < 0 ? BigDecimal.ZERO : v);
    }
    Requested s = new Requested(spec);
    return new AggregateResult.ColumnStats(
        column,
        s.has(Aggregate.COUNT) ? Optional.of(n) : Optional.empty(),
        s.has(Aggregate.SUM) ? Optional.of(sum.stripTrailingZeros()) : Optional.empty(),
        s.has(Aggregate.MEAN) ? mean : Optional.empty(),
        s.has(Aggregate.VARIANCE) ? variance : Optional.empty(),
        s.has(Aggregate.STDDEV) ? variance.map(v -> v.sqrt(MC)) : Optional.empty());
  }

  private record Requested(AggregateSpec spec) {
    boolean has(Aggregate a) {
      return spec.aggregates().contains(a);
    }
  }

  private static SessionFailedException invalid(PartyChannel ch, String why) {
    return new SessionFailedException(
        FailureReason.INVALID_INPUT, ch.session(), Optional.empty(), why);
  }
}
