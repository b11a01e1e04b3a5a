package io.mitai.compute.ops;

import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.share.DecimalFixedPoint;
import io.mitai.compute.share.DotProductTriples;
import io.mitai.compute.share.Prg;
import io.mitai.compute.share.Ring64;
import io.mitai.compute.share.Seed;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JOINT_STATS over vertical partitions: alignment on the key column ({@link JointAlignment}: ECDH
 * or OT-extension PSI), then inner products of columns held by different parties with
 * dealer-supplied Beaver matrix triples ({@link DotProductTriples}); everything else is computed
 * locally by each column's owner. Only the requester learns the statistics ({@link
 * JointStatsRequester}).
 *
 * <p>Encoding: each owner centres its column on its own rounded mean m_j and scales it by a power
 * of two, v = round((x - m_j) * 2^(F - e_j)) with F = {@value #F} and e_j the smallest integer with
 * max|x - m_j| &lt; 2^e_j, so |v| &lt;= 2^F and a sum of n &lt;= 2^22 products stays below 2^62: no
 * overflow, no truncation inside the ring. See docs/protocols.md.
 */
public final class JointStats {
  /** Fractional bits of the block-scaled encoding. */
  public static final int F = 20;

  /** The most aligned rows the overflow bound allows (2^22). */
  public static final int MAX_ROWS = 1 << 22;

  /** Inputs beyond this magnitude are refused (keeps x - m within a long at scale 10^6). */
  static final BigDecimal MAX_ABS = new BigDecimal("1e12");

  static final int ROUND_HEADER = 1;

  /** Alignment rounds: the ECDH ring's steps, or OT alignment's rounds 1..6 on top. */
  static final int ROUND_RING = 10;

  static final int ROUND_RETURN = 20;
  static final int ROUND_FULL = 21;
  static final int ROUND_COUNT = 30;
  static final int ROUND_DEAL = 31;
  static final int ROUND_ZERO = 32;
  static final int ROUND_OPEN = 40;
  static final int ROUND_RESULT = 50;

  private static final String ZERO_DOMAIN = "zero-share";

  private JointStats() {}

  /** A column of the joint table: its owner, its name and its position in the owner's table. */
  record Column(PartyId owner, String name) {
    String qualified() {
      return owner + "." + name;
    }
  }

  /** Runs this party's role (input party, dealer, requester, or input party and requester). */
  public static Optional<OperationResult> run(
      PartyChannel ch, JointStatsSpec spec, Optional<Table> input) throws SessionFailedException {
    Roles roles = spec.roles();
    PartyId self = ch.self();
    List<PartyId> everyone = roles.participants();
    // Round 1: every input party announces its value columns to every other participant.
    Map<PartyId, List<String>> columnsOf = new LinkedHashMap<>();
    Optional<Table> table = Optional.empty();
    if (roles.isInput(self)) {
      Table t = input.orElseThrow(() -> invalid(ch, "an input party needs its table"));
      t.indexOf(spec.keyColumn())
          .orElseThrow(() -> invalid(ch, "no key column '" + spec.keyColumn() + "'"));
      List<String> own = t.columns().stream().filter(c -> !c.equals(spec.keyColumn())).toList();
      byte[] header = new Wire.Out().strings(own).toBytes();
      for (PartyId p : everyone) {
        if (!p.equals(self)) {
          ch.send(p, ROUND_HEADER, header);
        }
      }
      table = Optional.of(t);
    }
    for (PartyId p : roles.inputs()) {
      if (p.equals(self)) {
        columnsOf.put(
            p,
            table.orElseThrow().columns().stream()
                .filter(c -> !c.equals(spec.keyColumn()))
                .toList());
      } else {
        Wire.In in = new Wire.In(ch, p, ch.receive(p, ROUND_HEADER));
        columnsOf.put(p, in.strings(1024));
        in.end();
      }
    }
    List<Column> columns = new ArrayList<>();
    columnsOf.forEach((p, cs) -> cs.forEach(c -> columns.add(new Column(p, c))));
    List<DotProductTriples.Pair> pairs = crossPairs(columns);
    boolean needProducts =
        !pairs.isEmpty()
            && spec.statistics().stream().anyMatch(s -> s != Statistic.COUNT && s != Statistic.SUM);
    int targetIndex = resolveTarget(ch, spec, columns);

    if (roles.dealer().filter(self::equals).isPresent()) {
      deal(ch, roles, columns.size(), pairs, needProducts);
      if (!self.equals(roles.requester())) {
        return Optional.empty();
      }
      return Optional.of(
          JointStatsRequester.solve(
              ch, spec, columns, pairs, targetIndex, needProducts, Optional.empty()));
    }
    Optional<Contribution> mine = Optional.empty();
    if (roles.isInput(self)) {
      mine = Optional.of(inputParty(ch, spec, table.orElseThrow(), columns, pairs, needProducts));
      if (!self.equals(roles.requester())) {
        sendContribution(ch, roles.requester(), mine.get());
        return Optional.empty();
      }
    }
    return Optional.of(
        JointStatsRequester.solve(ch, spec, columns, pairs, targetIndex, needProducts, mine));
  }

  /** Pairs (j, k), j &lt; k, of columns owned by different parties, in lexicographic order. */
  static List<DotProductTriples.Pair> crossPairs(List<Column> columns) {
    List<DotProductTriples.Pair> pairs = new ArrayList<>();
    for (int j = 0; j < columns.size(); j++) {
      for (int k = j + 1; k < columns.size(); k++) {
        if (!columns.get(j).owner().equals(columns.get(k).owner())) {
          pairs.add(new DotProductTriples.Pair(j, k));
        }
      }
    }
    return pairs;
  }

  private static int resolveTarget(PartyChannel ch, JointStatsSpec spec, List<Column> columns)
      throws SessionFailedException {
    if (spec.target().isEmpty()) {
      return -1;
    }
    String t = spec.target().get();
    List<Integer> hits = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).qualified().equals(t)) {
        return i;
      }
      if (columns.get(i).name().equals(t)) {
        hits.add(i);
      }
    }
    if (hits.size() != 1) {
      throw new SessionFailedException(
          FailureReason.INVALID_SESSION,
          ch.session(),
          Optional.empty(),
          "target column is unknown or ambiguous");
    }
    return hits.get(0);
  }

  // ---------------------------------------------------------------------------------------
  // The dealer.

  private static void deal(
      PartyChannel ch, Roles roles, int k, List<DotProductTriples.Pair> pairs, boolean needProducts)
      throws SessionFailedException {
    PartyId first = roles.inputs().get(0);
    Wire.In in = new Wire.In(ch, first, ch.receive(first, ROUND_COUNT));
    long n = in.i64();
    in.end();
    if (n < 0 || n > MAX_ROWS) {
      throw in.malformed("bad row count");
    }
    if (!needProducts || n == 0) {
      return;
    }
    List<DotProductTriples.Grant> grants =
        DotProductTriples.deal(roles.inputs().size(), k, n, pairs, new SecureRandom());
    for (int i = 0; i < grants.size(); i++) {
      DotProductTriples.Grant g = grants.get(i);
      Wire.Out out = new Wire.Out().bytes(g.seed().bytes());
      out.longs(g.correction().orElse(new long[0]));
      ch.send(roles.inputs().get(i), ROUND_DEAL, out.toBytes());
    }
  }

  // ---------------------------------------------------------------------------------------
  // An input party.

  /** What an input party sends the requester. */
  record Contribution(
      PartyId from,
      long rows,
      List<BigInteger> sums, // per own column, scale 10^6
      List<Long> centres, // per own column, scale 10^6
      List<Integer> exponents, // per own column
      List<BigInteger> ownProducts, // sum c_j c_k for own j <= k (row-major upper), scale 10^12
      long[] crossShares) {}

  private static Contribution inputParty(
      PartyChannel ch,
      JointStatsSpec spec,
      Table table,
      List<Column> columns,
      List<DotProductTriples.Pair> pairs,
      boolean needProducts)
      throws SessionFailedException {
    Roles roles = spec.roles();
    PartyId self = ch.self();
    int me = roles.inputIndex(self);
    List<String> own = table.columns().stream().filter(c -> !c.equals(spec.keyColumn())).toList();
    int[] ownIdx = own.stream().mapToInt(c -> table.indexOf(c).orElseThrow()).toArray();
    int keyIdx = table.indexOf(spec.keyColumn()).orElseThrow();

    // Pass 1: usable keys - present once, with every own value present.
    LinkedHashMap<String, Integer> seen = new LinkedHashMap<>();
    long row = 0;
    for (List<String> r : table.rows()) {
      row++;
      if (r.size() != table.columns().size()) {
        throw invalid(ch, "row " + row + " has the wrong number of cells");
      }
      String key = r.get(keyIdx);
      if (Table.isMissing(key)) {
        continue;
      }
      boolean complete = Arrays.stream(ownIdx).noneMatch(i -> Table.isMissing(r.get(i)));
      // 1 = usable so far, 2 = unusable (duplicate or incomplete).
      seen.merge(key, complete ? 1 : 2, (a, b) -> 2);
    }
    List<String> keys = new ArrayList<>();
    seen.forEach(
        (key, state) -> {
          if (state == 1) keys.add(key);
        });
    seen.clear();

    int[] position = JointAlignment.align(ch, spec, keys);
    int n = (int) Arrays.stream(position).filter(p -> p >= 0).count();
    if (n > MAX_ROWS) {
      throw invalid(ch, "more than " + MAX_ROWS + " aligned rows");
    }
    if (n < spec.minGroupSize()) {
      // Every input party sees the same n and refuses here, before any value leaves it.
      throw new SessionFailedException(
          FailureReason.GROUP_TOO_SMALL,
          ch.session(),
          Optional.empty(),
          "the inputs intersect in fewer rows than the task's floor of "
              + spec.minGroupSize()
              + "; no statistic is released");
    }
    if (me == 0) {
      byte[] count = new Wire.Out().i64(n).toBytes();
      ch.send(roles.dealer().orElseThrow(), ROUND_COUNT, count);
    }

    // Pass 2: the aligned rows' values, at decimal scale 10^6.
    Map<String, Integer> alignedRow = new HashMap<>(n * 2);
    for (int i = 0; i < keys.size(); i++) {
      if (position[i] >= 0) {
        alignedRow.put(keys.get(i), position[i]);
      }
    }
    long[][] x = new long[own.size()][n];
    row = 0;
    for (List<String> r : table.rows()) {
      row++;
      Integer at = Table.isMissing(r.get(keyIdx)) ? null : alignedRow.get(r.get(keyIdx));
      if (at == null) {
        continue;
      }
      for (int j = 0; j < own.size(); j++) {
        BigDecimal v = SecureAggregate.parse(ch, r.get(ownIdx[j]), own.get(j), row);
        if (v.abs().compareTo(MAX_ABS) > 0) {
          throw invalid(ch, "value beyond 1e12 in column '" + own.get(j) + "' at row " + row);
        }
        x[j][at] = DecimalFixedPoint.encode(v).longValueExact();
      }
    }
    alignedRow.clear();

    // Local, exact statistics of own columns; centred, block-scaled encodings for products.
    List<BigInteger> sums = new ArrayList<>();
    List<Long> centres = new ArrayList<>();
    List<Integer> exponents = new ArrayList<>();
    long[][] c = new long[own.size()][];
    for (int j = 0; j < own.size(); j++) {
      BigInteger s = BigInteger.ZERO;
      for (long v : x[j]) {
        s = s.add(BigInteger.valueOf(v));
      }
      sums.add(s);
      long m =
          n == 0
              ? 0
              : new BigDecimal(s)
                  .divide(BigDecimal.valueOf(n), 0, RoundingMode.HALF_EVEN)
                  .longValueExact();
      centres.add(m);
      c[j] = new long[n];
      long maxAbs = 0;
      for (int r = 0; r < n; r++) {
        c[j][r] = x[j][r] - m;
        maxAbs = Math.max(maxAbs, Math.abs(c[j][r]));
      }
      exponents.add(BlockScaling.exponent(maxAbs));
      x[j] = null;
    }
    List<BigInteger> ownProducts = new ArrayList<>();
    for (int j = 0; j < own.size(); j++) {
      for (int k = j; k < own.size(); k++) {
        ownProducts.add(BlockScaling.exactDot(c[j], c[k]));
      }
    }

    long[] crossShares = new long[needProducts && n > 0 ? pairs.size() : 0];
    if (crossShares.length > 0) {
      long[][] v = new long[columns.size()][];
      int ownStart = columns.indexOf(new Column(self, own.get(0)));
      for (int j = 0; j < own.size(); j++) {
        v[ownStart + j] = BlockScaling.encode(c[j], exponents.get(j));
      }
      crossShares = multiply(ch, roles, me, columns.size(), n, pairs, v);
    }
    return new Contribution(self, n, sums, centres, exponents, ownProducts, crossShares);
  }

  /**
   * The online phase: open D_j = V_j - A_j for every column in row batches, and accumulate this
   * party's shares of every cross-party inner product; then re-randomise them with a zero sharing
   * so the requester learns only their sums.
   */
  private static long[] multiply(
      PartyChannel ch,
      Roles roles,
      int me,
      int k,
      int n,
      List<DotProductTriples.Pair> pairs,
      long[][] v)
      throws SessionFailedException {
    List<PartyId> in = roles.inputs();
    PartyId dealer = roles.dealer().orElseThrow();
    Wire.In grantIn = new Wire.In(ch, dealer, ch.receive(dealer, ROUND_DEAL));
    byte[] seedBytes = grantIn.bytes(32);
    long[] correction = grantIn.longs(me == in.size() - 1 ? pairs.size() : 0);
    grantIn.end();
    if (seedBytes.length != 16 && seedBytes.length != 32) {
      throw grantIn.malformed("bad seed");
    }
    DotProductTriples.Grant grant =
        new DotProductTriples.Grant(
            new Seed(seedBytes), me == in.size() - 1 ? Optional.of(correction) : Optional.empty());
    long[] z = DotProductTriples.productShares(grant, pairs.size());
    DotProductTriples.MaskStream masks = new DotProductTriples.MaskStream(grant.seed(), k);

    // Pairwise seeds for the zero sharing: party i sends a seed to every party after it.
    SecureRandom random = new SecureRandom();
    long[] zero = new long[pairs.size()];
    for (int l = me + 1; l < in.size(); l++) {
      Seed s = Seed.random(random);
      ch.send(in.get(l), ROUND_ZERO, s.bytes());
      Ring64.addInPlace(zero, Prg.of(s, ZERO_DOMAIN).nextLongs(pairs.size()));
    }
    for (int l = 0; l < me; l++) {
      byte[] s = ch.receive(in.get(l), ROUND_ZERO);
      if (s.length != Seed.DEFAULT_LENGTH) {
        throw new Wire.In(ch, in.get(l), s).malformed("bad zero-sharing seed");
      }
      Ring64.subInPlace(zero, Prg.of(new Seed(s), ZERO_DOMAIN).nextLongs(pairs.size()));
    }

    int batchRows = Math.max(1, Chunks.CHUNK / k);
    long[] maskRow = new long[k];
    try (Async async = new Async(ch)) {
      for (int start = 0; start < n; start += batchRows) {
        int rows = Math.min(batchRows, n - start);
        long[] a = new long[rows * k]; // my mask shares, row-major
        long[] d = new long[rows * k]; // my share of D, then D
        for (int r = 0; r < rows; r++) {
          masks.nextRow(maskRow);
          for (int j = 0; j < k; j++) {
            a[r * k + j] = maskRow[j];
            d[r * k + j] = (v[j] == null ? 0 : v[j][start + r]) - maskRow[j];
          }
        }
        byte[] payload = new byte[d.length * 8];
        ByteBuffer.wrap(payload).asLongBuffer().put(d);
        for (PartyId p : in) {
          if (!p.equals(ch.self())) {
            async.submit(() -> ch.send(p, ROUND_OPEN, payload));
          }
        }
        for (PartyId p : in) {
          if (p.equals(ch.self())) {
            continue;
          }
          byte[] theirs = ch.receive(p, ROUND_OPEN);
          if (theirs.length != d.length * 8) {
            throw new Wire.In(ch, p, theirs).malformed("opening batch of the wrong size");
          }
          java.nio.LongBuffer lb = ByteBuffer.wrap(theirs).asLongBuffer();
          for (int i = 0; i < d.length; i++) {
            d[i] += lb.get(i);
          }
        }
        for (int q = 0; q < pairs.size(); q++) {
          int j = pairs.get(q).j();
          int kk = pairs.get(q).k();
          long acc = 0;
          for (int r = 0; r < rows; r++) {
            long dj = d[r * k + j];
            long dk = d[r * k + kk];
            acc += dj * a[r * k + kk] + a[r * k + j] * dk;
            if (me == 0) {
              acc += dj * dk;
            }
          }
          z[q] += acc;
        }
        async.awaitAll(in.size());
      }
    }
    Ring64.addInPlace(z, zero);
    return z;
  }

  private static void sendContribution(PartyChannel ch, PartyId to, Contribution c)
      throws SessionFailedException {
    Wire.Out out = new Wire.Out().i64(c.rows());
    out.i32(c.sums().size());
    for (int j = 0; j < c.sums().size(); j++) {
      out.big(c.sums().get(j)).i64(c.centres().get(j)).i32(c.exponents().get(j));
    }
    out.i32(c.ownProducts().size());
    c.ownProducts().forEach(out::big);
    out.longs(c.crossShares());
    ch.send(to, ROUND_RESULT, out.toBytes());
  }

  private static SessionFailedException invalid(PartyChannel ch, String why) {
    return new SessionFailedException(
        FailureReason.INVALID_INPUT, ch.session(), Optional.empty(), why);
  }
}
