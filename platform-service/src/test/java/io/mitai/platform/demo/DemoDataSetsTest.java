package io.mitai.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mitai.platform.demo.DemoDataSets.DataSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The demo data is the same on every machine (the SHA-256 of each CSV is pinned and documented in
 * docs/console.md), its data sets share the documented numbers of people, every categorical column
 * has groups well above the usual minimum group size, and the plaintext answers documented for the
 * "Try it" journeys are what these rows give.
 */
class DemoDataSetsTest {

  static final List<DataSet> SETS = DemoDataSets.all();
  static final Map<String, List<String>> PATIENTS = rows(SETS.get(0));
  static final Map<String, List<String>> CLAIMS = rows(SETS.get(1));
  static final Map<String, List<String>> CUSTOMERS = rows(SETS.get(2));

  @Test
  void the_data_is_deterministic_and_pinned() throws Exception {
    List<DataSet> again = DemoDataSets.all();
    for (int i = 0; i < SETS.size(); i++) {
      assertThat(again.get(i)).isEqualTo(SETS.get(i));
    }
    assertThat(SETS).extracting(DataSet::owner).containsExactly("org1", "org2", "org3");
    assertThat(SETS)
        .extracting(DataSet::name)
        .containsExactly("demo-patients", "demo-claims", "demo-customers");
    // The hashes in docs/console.md ("Try it"): a change to the generator changes them.
    assertThat(sha256(SETS.get(0).csv()))
        .isEqualTo("de66548a3922221bca7ad6abe06bd1aa8af827e119749ffd30aafbe7577ee1d0");
    assertThat(sha256(SETS.get(1).csv()))
        .isEqualTo("7fc697758d82b7b6fc628a02d32003eedb2c85c284f60c47b84d0f97e2d0228f");
    assertThat(sha256(SETS.get(2).csv()))
        .isEqualTo("48370255b0e7aed3afb6a31744ac41a3b59dca99f060cf63ac8a19b8eb2bd257");
  }

  @Test
  void the_data_sets_share_the_documented_numbers_of_people() {
    assertThat(PATIENTS).hasSize(2000);
    assertThat(CLAIMS).hasSize(1500);
    assertThat(CUSTOMERS).hasSize(1500);
    assertThat(common(PATIENTS.keySet(), CLAIMS.keySet())).hasSize(1200);
    assertThat(common(PATIENTS.keySet(), CUSTOMERS.keySet())).hasSize(500);
    assertThat(common(CLAIMS.keySet(), CUSTOMERS.keySet())).hasSize(800);
    assertThat(common(common(PATIENTS.keySet(), CLAIMS.keySet()), CUSTOMERS.keySet())).hasSize(500);
    // A person's age and region are the same wherever they appear.
    for (String id : common(PATIENTS.keySet(), CLAIMS.keySet())) {
      assertThat(CLAIMS.get(id).subList(1, 3))
          .isEqualTo(List.of(PATIENTS.get(id).get(2), PATIENTS.get(id).get(3)));
    }
  }

  @Test
  void every_categorical_column_has_groups_far_above_ten_rows() {
    for (DataSet set : SETS) {
      List<String> columns = List.copyOf(set.types().keySet());
      Map<String, List<String>> rows = rows(set);
      for (int c = 1; c < columns.size(); c++) {
        if (!set.types().get(columns.get(c)).equals("STRING")) {
          continue;
        }
        Map<String, Integer> groups = new TreeMap<>();
        for (List<String> row : rows.values()) {
          groups.merge(row.get(c), 1, Integer::sum);
        }
        assertThat(groups).as("%s.%s", set.name(), columns.get(c)).hasSizeBetween(2, 6);
        assertThat(groups.values()).as("%s.%s", set.name(), columns.get(c)).allMatch(n -> n > 100);
      }
    }
  }

  @Test
  void the_documented_plaintext_answers_hold() {
    Map<String, Integer> byRegion = new TreeMap<>();
    PATIENTS.values().forEach(r -> byRegion.merge(r.get(3), 1, Integer::sum));
    assertThat(byRegion)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of("central", 315, "east", 377, "north", 457, "south", 436, "west", 415)));

    // claim_amount on age, bmi and admissions over the 1200 people both hold; the generator
    // draws claim_amount = 150 + 14 age + 40 (bmi - 25) + 220 admissions + N(0, 250).
    List<double[]> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (Map.Entry<String, List<String>> p : PATIENTS.entrySet()) {
      List<String> claim = CLAIMS.get(p.getKey());
      if (claim != null) {
        List<String> r = p.getValue();
        x.add(new double[] {1, num(r.get(2)), num(r.get(5)), num(r.get(7))});
        y.add(num(claim.get(6)));
      }
    }
    double[] b = leastSquares(x, y);
    assertThat(b[0]).isCloseTo(-827.49, within(0.01));
    assertThat(b[1]).isCloseTo(13.74, within(0.01));
    assertThat(b[2]).isCloseTo(39.69, within(0.01));
    assertThat(b[3]).isCloseTo(216.59, within(0.01));

    long defaulted = CUSTOMERS.values().stream().filter(r -> r.get(7).equals("1")).count();
    assertThat(defaulted).isEqualTo(503);
  }

  /** Ordinary least squares by Gauss-Jordan elimination of the normal equations. */
  static double[] leastSquares(List<double[]> xs, List<Double> ys) {
    int k = xs.get(0).length;
    double[][] a = new double[k][k + 1];
    for (int i = 0; i < xs.size(); i++) {
      double[] x = xs.get(i);
      for (int p = 0; p < k; p++) {
        for (int q = 0; q < k; q++) {
          a[p][q] += x[p] * x[q];
        }
        a[p][k] += x[p] * ys.get(i);
      }
    }
    for (int p = 0; p < k; p++) {
      for (int r = 0; r < k; r++) {
        if (r != p) {
          double f = a[r][p] / a[p][p];
          for (int c = p; c <= k; c++) {
            a[r][c] -= f * a[p][c];
          }
        }
      }
    }
    double[] b = new double[k];
    for (int p = 0; p < k; p++) {
      b[p] = a[p][k] / a[p][p];
    }
    return b;
  }

  static Set<String> common(Set<String> a, Set<String> b) {
    Set<String> s = new HashSet<>(a);
    s.retainAll(b);
    return s;
  }

  static double num(String s) {
    return Double.parseDouble(s);
  }

  /** Rows by national id (the first column), in file order. */
  static Map<String, List<String>> rows(DataSet set) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    set.csv()
        .lines()
        .skip(1)
        .forEach(
            line -> {
              List<String> cells = List.of(line.split(",", -1));
              assertThat(cells).hasSize(set.types().size());
              assertThat(rows.put(cells.get(0), cells)).as("duplicate id").isNull();
            });
    return rows;
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
