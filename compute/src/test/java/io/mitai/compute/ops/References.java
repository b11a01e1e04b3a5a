package io.mitai.compute.ops;

import io.mitai.compute.share.DecimalFixedPoint;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Plaintext reference implementations of every operation: what the protocols must equal. */
final class References {
  private References() {}

  static List<String> keys(Table t, String column) {
    int k = t.indexOf(column).orElseThrow();
    List<String> out = new ArrayList<>();
    for (List<String> r : t.rows()) {
      if (!Table.isMissing(r.get(k))) {
        out.add(r.get(k));
      }
    }
    return out;
  }

  static TreeSet<String> psi(Table requester, Table other, String column) {
    TreeSet<String> a = new TreeSet<>(keys(requester, column));
    a.retainAll(new TreeSet<>(keys(other, column)));
    return a;
  }

  /** Per group label (or "" without groupBy): rows, then per column [count, sum, sumSq]. */
  static TreeMap<String, BigDecimal[]> aggregate(
      List<Table> tables, List<String> columns, java.util.Optional<String> groupBy) {
    TreeMap<String, BigDecimal[]> out = new TreeMap<>();
    for (Table t : tables) {
      for (List<String> r : t.rows()) {
        String label =
            groupBy
                .map(g -> r.get(t.indexOf(g).orElseThrow()))
                .map(l -> l.isBlank() ? "" : l)
                .orElse("");
        BigDecimal[] acc = out.computeIfAbsent(label, l -> zeros(1 + 3 * columns.size()));
        acc[0] = acc[0].add(BigDecimal.ONE);
        for (int j = 0; j < columns.size(); j++) {
          String cell = r.get(t.indexOf(columns.get(j)).orElseThrow());
          if (Table.isMissing(cell)) {
            continue;
          }
          BigDecimal x = DecimalFixedPoint.normalize(new BigDecimal(cell.trim()));
          acc[1 + 3 * j] = acc[1 + 3 * j].add(BigDecimal.ONE);
          acc[2 + 3 * j] = acc[2 + 3 * j].add(x);
          acc[3 + 3 * j] = acc[3 + 3 * j].add(x.multiply(x));
        }
      }
    }
    return out;
  }

  static BigDecimal[] zeros(int n) {
    BigDecimal[] z = new BigDecimal[n];
    java.util.Arrays.fill(z, BigDecimal.ZERO);
    return z;
  }

  /** The joined rows (complete, unique keys at every party), columns in party order. */
  static List<BigDecimal[]> join(List<Table> tables, String key) {
    List<Map<String, List<BigDecimal>>> usable = new ArrayList<>();
    for (Table t : tables) {
      Map<String, Integer> count = new HashMap<>();
      Map<String, List<BigDecimal>> rows = new LinkedHashMap<>();
      int k = t.indexOf(key).orElseThrow();
      for (List<String> r : t.rows()) {
        if (Table.isMissing(r.get(k))) {
          continue;
        }
        count.merge(r.get(k), 1, Integer::sum);
        List<BigDecimal> vals = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < r.size(); i++) {
          if (i == k) {
            continue;
          }
          if (Table.isMissing(r.get(i))) {
            complete = false;
          } else {
            vals.add(DecimalFixedPoint.normalize(new BigDecimal(r.get(i).trim())));
          }
        }
        if (complete) {
          rows.put(r.get(k), vals);
        } else {
          rows.put(r.get(k), null);
        }
      }
      Map<String, List<BigDecimal>> ok = new HashMap<>();
      rows.forEach(
          (kk, v) -> {
            if (v != null && count.get(kk) == 1) {
              ok.put(kk, v);
            }
          });
      usable.add(ok);
    }
    Set<String> common = new TreeSet<>(usable.get(0).keySet());
    for (Map<String, List<BigDecimal>> u : usable) {
      common.retainAll(u.keySet());
    }
    List<BigDecimal[]> out = new ArrayList<>();
    for (String k : common) {
      List<BigDecimal> row = new ArrayList<>();
      for (Map<String, List<BigDecimal>> u : usable) {
        row.addAll(u.get(k));
      }
      out.add(row.toArray(new BigDecimal[0]));
    }
    return out;
  }

  static BigDecimal dot(List<BigDecimal[]> rows, int j, int k) {
    BigDecimal s = BigDecimal.ZERO;
    for (BigDecimal[] r : rows) {
      s = s.add(r[j].multiply(r[k]));
    }
    return s;
  }

  static BigDecimal sum(List<BigDecimal[]> rows, int j) {
    BigDecimal s = BigDecimal.ZERO;
    for (BigDecimal[] r : rows) {
      s = s.add(r[j]);
    }
    return s;
  }

  static BigDecimal cov(List<BigDecimal[]> rows, int j, int k) {
    BigDecimal n = BigDecimal.valueOf(rows.size());
    MathContext mc = MathContext.DECIMAL128;
    return dot(rows, j, k)
        .subtract(sum(rows, j).multiply(sum(rows, k)).divide(n, mc))
        .divide(n.subtract(BigDecimal.ONE), mc);
  }
}
