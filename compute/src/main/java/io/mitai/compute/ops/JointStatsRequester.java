package io.mitai.compute.ops;

import static io.mitai.compute.ops.JointStats.F;
import static io.mitai.compute.ops.JointStats.ROUND_RESULT;

import io.mitai.compute.ops.JointStats.Column;
import io.mitai.compute.ops.JointStats.Contribution;
import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.share.DecimalFixedPoint;
import io.mitai.compute.share.DotProductTriples;
import io.mitai.compute.share.FixedPoint;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The requester's side of {@link JointStats}: it adds the input parties' contributions (exact own
 * sums and products, zero-masked cross-product shares) and derives DOT, COVARIANCE, CORRELATION and
 * REGRESSION in DECIMAL128.
 */
final class JointStatsRequester {
  private static final MathContext MC = MathContext.DECIMAL128;

  private JointStatsRequester() {}

  /** Collects every input party's contribution and computes the released statistics. */
  static JointStatsResult solve(
      PartyChannel ch,
      JointStatsSpec spec,
      List<Column> columns,
      List<DotProductTriples.Pair> pairs,
      int target,
      boolean needProducts,
      Optional<Contribution> mine)
      throws SessionFailedException {
    Roles roles = spec.roles();
    int k = columns.size();
    long n = -1;
    BigDecimal[] sum = new BigDecimal[k];
    BigDecimal[] centre = new BigDecimal[k];
    int[] exp = new int[k];
    BigDecimal[][] centred = new BigDecimal[k][k];
    BigDecimal[][] bound = new BigDecimal[k][k];
    long[] cross = new long[pairs.size()];
    for (PartyId p : roles.inputs()) {
      List<Integer> own = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        if (columns.get(i).owner().equals(p)) {
          own.add(i);
        }
      }
      int crossCount = needProducts ? pairs.size() : 0;
      Contribution c =
          mine.isPresent() && mine.get().from().equals(p)
              ? mine.get()
              : receive(ch, p, own.size(), crossCount);
      if (n >= 0 && c.rows() != n) {
        throw new SessionFailedException(
            FailureReason.PROTOCOL_VIOLATION, ch.session(), Optional.of(p), "row counts differ");
      }
      n = c.rows();
      for (int a = 0; a < own.size(); a++) {
        int j = own.get(a);
        sum[j] = DecimalFixedPoint.decode(c.sums().get(a));
        centre[j] = DecimalFixedPoint.decode(BigInteger.valueOf(c.centres().get(a)));
        exp[j] = c.exponents().get(a);
      }
      int idx = 0;
      for (int a = 0; a < own.size(); a++) {
        for (int b = a; b < own.size(); b++) {
          BigDecimal v = DecimalFixedPoint.decodeSquare(c.ownProducts().get(idx++));
          centred[own.get(a)][own.get(b)] = v;
          centred[own.get(b)][own.get(a)] = v;
          bound[own.get(a)][own.get(b)] = BigDecimal.ZERO;
          bound[own.get(b)][own.get(a)] = BigDecimal.ZERO;
        }
      }
      if (c.crossShares().length == cross.length) {
        for (int q = 0; q < cross.length; q++) {
          cross[q] += c.crossShares()[q];
        }
      }
    }
    BigDecimal nd = BigDecimal.valueOf(Math.max(n, 0));
    for (int q = 0; q < pairs.size(); q++) {
      int j = pairs.get(q).j();
      int kk = pairs.get(q).k();
      BigDecimal v =
          n > 0 && needProducts
              ? FixedPoint.scaleByPowerOfTwo(new BigDecimal(cross[q]), exp[j] + exp[kk] - 2 * F)
              : BigDecimal.ZERO;
      centred[j][kk] = v;
      centred[kk][j] = v;
      BigDecimal b =
          FixedPoint.scaleByPowerOfTwo(nd, exp[j] + exp[kk] - F)
              .multiply(BigDecimal.ONE.add(FixedPoint.scaleByPowerOfTwo(BigDecimal.ONE, -F)));
      bound[j][kk] = b;
      bound[kk][j] = b;
    }
    Set<Statistic> want = spec.statistics();
    List<String> names = columns.stream().map(Column::qualified).toList();
    BigDecimal[][] dot = new BigDecimal[k][k];
    BigDecimal[][] cov = new BigDecimal[k][k];
    for (int j = 0; j < k; j++) {
      for (int kk = 0; kk < k; kk++) {
        // sum x_j x_k = sum c_j c_k + m_k S_j + m_j S_k - n m_j m_k, with c = x - m.
        dot[j][kk] =
            centred[j][kk]
                .add(centre[kk].multiply(sum[j]))
                .add(centre[j].multiply(sum[kk]))
                .subtract(nd.multiply(centre[j]).multiply(centre[kk]));
        if (n >= 2) {
          BigDecimal tj = sum[j].subtract(nd.multiply(centre[j]));
          BigDecimal tk = sum[kk].subtract(nd.multiply(centre[kk]));
          cov[j][kk] =
              centred[j][kk]
                  .subtract(tj.multiply(tk).divide(nd, MC))
                  .divide(nd.subtract(BigDecimal.ONE), MC);
        }
      }
    }
    Optional<List<List<BigDecimal>>> covOut =
        n >= 2 && want.contains(Statistic.COVARIANCE) ? Optional.of(matrix(cov)) : Optional.empty();
    Optional<List<List<Optional<BigDecimal>>>> corrOut = Optional.empty();
    if (want.contains(Statistic.CORRELATION) && n >= 2) {
      List<List<Optional<BigDecimal>>> rows = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        List<Optional<BigDecimal>> r = new ArrayList<>();
        for (int kk = 0; kk < k; kk++) {
          BigDecimal den = cov[j][j].multiply(cov[kk][kk]);
          r.add(
              cov[j][j].signum() > 0 && cov[kk][kk].signum() > 0
                  ? Optional.of(cov[j][kk].divide(den.sqrt(MC), MC))
                  : Optional.empty());
        }
        rows.add(r);
      }
      corrOut = Optional.of(rows);
    }
    Optional<JointStatsResult.Regression> regression = Optional.empty();
    if (want.contains(Statistic.REGRESSION)) {
      regression = Optional.of(regress(names, target, cov, sum, nd, n));
    }
    TripleSource source =
        needProducts && n > 0 ? TripleSource.DEALER_NON_COLLUDING : TripleSource.NONE;
    return new JointStatsResult(
        names,
        Math.max(n, 0),
        want.contains(Statistic.SUM) ? Optional.of(Arrays.asList(sum)) : Optional.empty(),
        want.contains(Statistic.DOT) ? Optional.of(matrix(dot)) : Optional.empty(),
        covOut,
        corrOut,
        regression,
        matrix(bound),
        source);
  }

  private static JointStatsResult.Regression regress(
      List<String> names, int t, BigDecimal[][] cov, BigDecimal[] sum, BigDecimal nd, long n) {
    List<Integer> pred = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      if (j != t) {
        pred.add(j);
      }
    }
    List<String> predNames = pred.stream().map(names::get).toList();
    if (n < 2 || n <= pred.size()) {
      return new JointStatsResult.Regression(
          names.get(t), predNames, false, List.of(), Optional.empty());
    }
    int p = pred.size();
    BigDecimal[][] a = new BigDecimal[p][p + 1];
    for (int r = 0; r < p; r++) {
      for (int c = 0; c < p; c++) {
        a[r][c] = cov[pred.get(r)][pred.get(c)];
      }
      a[r][p] = cov[pred.get(r)][t];
    }
    Optional<BigDecimal[]> beta = gauss(a);
    if (beta.isEmpty()) {
      return new JointStatsResult.Regression(
          names.get(t), predNames, false, List.of(), Optional.empty());
    }
    BigDecimal intercept = sum[t].divide(nd, MC);
    for (int r = 0; r < p; r++) {
      intercept = intercept.subtract(beta.get()[r].multiply(sum[pred.get(r)].divide(nd, MC)), MC);
    }
    return new JointStatsResult.Regression(
        names.get(t), predNames, true, Arrays.asList(beta.get()), Optional.of(intercept));
  }

  /** Gaussian elimination with partial pivoting; empty if (numerically) singular. */
  static Optional<BigDecimal[]> gauss(BigDecimal[][] a) {
    int p = a.length;
    BigDecimal scale = BigDecimal.ZERO;
    for (int r = 0; r < p; r++) {
      scale = scale.max(a[r][r].abs());
    }
    if (scale.signum() == 0) {
      return Optional.empty();
    }
    BigDecimal tiny = scale.multiply(new BigDecimal("1e-24"));
    for (int col = 0; col < p; col++) {
      int best = col;
      for (int r = col + 1; r < p; r++) {
        if (a[r][col].abs().compareTo(a[best][col].abs()) > 0) {
          best = r;
        }
      }
      if (a[best][col].abs().compareTo(tiny) <= 0) {
        return Optional.empty();
      }
      BigDecimal[] tmp = a[col];
      a[col] = a[best];
      a[best] = tmp;
      for (int r = col + 1; r < p; r++) {
        BigDecimal f = a[r][col].divide(a[col][col], MC);
        for (int c = col; c <= p; c++) {
          a[r][c] = a[r][c].subtract(f.multiply(a[col][c]), MC);
        }
      }
    }
    BigDecimal[] x = new BigDecimal[p];
    for (int r = p - 1; r >= 0; r--) {
      BigDecimal s = a[r][p];
      for (int c = r + 1; c < p; c++) {
        s = s.subtract(a[r][c].multiply(x[c]), MC);
      }
      x[r] = s.divide(a[r][r], MC);
    }
    return Optional.of(x);
  }

  private static List<List<BigDecimal>> matrix(BigDecimal[][] m) {
    List<List<BigDecimal>> out = new ArrayList<>();
    for (BigDecimal[] r : m) {
      out.add(List.copyOf(Arrays.asList(r)));
    }
    return out;
  }

  private static Contribution receive(PartyChannel ch, PartyId from, int ownColumns, int crossPairs)
      throws SessionFailedException {
    Wire.In in = new Wire.In(ch, from, ch.receive(from, ROUND_RESULT));
    long rows = in.i64();
    if (in.i32() != ownColumns) {
      throw in.malformed("wrong column count");
    }
    List<BigInteger> sums = new ArrayList<>();
    List<Long> centres = new ArrayList<>();
    List<Integer> exps = new ArrayList<>();
    for (int j = 0; j < ownColumns; j++) {
      sums.add(in.big());
      centres.add(in.i64());
      int e = in.i32();
      if (e < -20 || e > 64) {
        throw in.malformed("bad exponent");
      }
      exps.add(e);
    }
    int products = in.i32();
    if (products != ownColumns * (ownColumns + 1) / 2) {
      throw in.malformed("wrong product count");
    }
    List<BigInteger> own = new ArrayList<>();
    for (int i = 0; i < products; i++) {
      own.add(in.big());
    }
    int count = rows == 0 ? 0 : crossPairs;
    long[] cross = in.longs(count);
    in.end();
    return new Contribution(from, rows, sums, centres, exps, own, cross);
  }
}
