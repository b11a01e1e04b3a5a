package io.mitai.compute.enclave.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.deliver.DocumentJson;
import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.enclave.EnclaveFailure;
import io.mitai.compute.ops.Table;
import io.mitai.compute.tee.dcap.Json;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** join-aggregate against a plaintext nested-loop reference on seeded random tables. */
class JoinAggregateTest {

  static Json.Obj params(String json) throws Exception {
    return (Json.Obj) Json.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static String cell(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> "";
      case 1 -> Long.toString(r.nextInt(2001) - 1000);
      case 2 -> new BigDecimal(r.nextLong() % 10_000_000_000L).movePointLeft(6).toPlainString();
      default -> Integer.toString(r.nextInt(100));
    };
  }

  static InputTable table(Random r, String owner, List<String> columns, int rows) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      List<String> row = new ArrayList<>();
      for (String c : columns) {
        if (c.equals("id")) {
          row.add(r.nextInt(25) == 0 ? "" : "k" + r.nextInt(40));
        } else if (c.equals("region")) {
          row.add(r.nextInt(10) == 0 ? "" : List.of("east", "west", "north").get(r.nextInt(3)));
        } else {
          row.add(cell(r));
        }
      }
      out.add(row);
    }
    return new InputTable(owner, new Table(columns, out));
  }

  /** The reference: nested loops over all row combinations, then plain grouping. */
  static SortedMap<String, Object> reference(
      List<InputTable> inputs, String sumColumnOwner, String sumColumn, int k, String threshold) {
    List<List<String>> joined = new ArrayList<>();
    joined.add(new ArrayList<>());
    List<String> names = new ArrayList<>();
    for (InputTable in : inputs) {
      for (String c : in.columns()) {
        names.add(in.owner() + "." + c);
      }
      List<List<String>> next = new ArrayList<>();
      for (List<String> left : joined) {
        for (List<String> row : in.table().rows()) {
          String key = row.get(in.columns().indexOf("id"));
          if (key.isBlank()) {
            continue;
          }
          if (!left.isEmpty()
              && !left.get(names.indexOf(inputs.get(0).owner() + ".id")).equals(key)) {
            continue;
          }
          List<String> j = new ArrayList<>(left);
          j.addAll(row);
          next.add(j);
        }
      }
      joined = next;
    }
    int region = names.indexOf("org1.region");
    int sum = names.indexOf(sumColumnOwner + "." + sumColumn);
    int filter = names.indexOf("org2.v");
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal> sums = new TreeMap<>();
    for (List<String> row : joined) {
      String f = row.get(filter);
      if (f.isBlank() || new BigDecimal(f.trim()).compareTo(new BigDecimal(threshold)) < 0) {
        continue;
      }
      String label = row.get(region).isBlank() ? "" : row.get(region);
      long[] c = counts.computeIfAbsent(label, x -> new long[2]);
      c[0]++;
      String s = row.get(sum);
      if (!s.isBlank()) {
        c[1]++;
        sums.merge(label, new BigDecimal(s.trim()), BigDecimal::add);
      }
    }
    List<Object> groups = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      if (e.getValue()[0] < k) {
        continue;
      }
      BigDecimal s = sums.getOrDefault(e.getKey(), BigDecimal.ZERO);
      long n = e.getValue()[1];
      SortedMap<String, Object> g = new TreeMap<>();
      g.put("labels", List.of(e.getKey()));
      g.put("rows", e.getValue()[0]);
      g.put(
          "aggregates",
          List.of(
              agg("COUNT", Optional.empty(), e.getValue()[0]),
              agg("SUM", Optional.of(sumColumnOwner + "." + sumColumn), s),
              agg(
                  "MEAN",
                  Optional.of(sumColumnOwner + "." + sumColumn),
                  n == 0
                      ? Optional.empty()
                      : s.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128))));
      groups.add(g);
    }
    SortedMap<String, Object> out = new TreeMap<>();
    out.put("groupBy", List.of("org1.region"));
    out.put("minGroupSize", (long) k);
    out.put("groups", groups);
    return out;
  }

  static SortedMap<String, Object> agg(String f, Optional<String> column, Object value) {
    SortedMap<String, Object> m = new TreeMap<>();
    m.put("function", f);
    m.put("column", column);
    m.put("value", value);
    return m;
  }

  @Test
  void equals_the_nested_loop_reference_on_random_tables() throws Exception {
    for (long seed = 1; seed <= 12; seed++) {
      Random r = new Random(seed);
      List<InputTable> inputs =
          List.of(
              table(r, "org1", List.of("id", "region", "amount"), 60 + r.nextInt(60)),
              table(r, "org2", List.of("id", "v"), 50 + r.nextInt(50)),
              table(r, "org3", List.of("id", "w"), 40));
      int k = 1 + r.nextInt(4);
      String json =
          "{\"key\":\"id\",\"groupBy\":[\"region\"],\"minGroupSize\":"
              + k
              + ",\"filter\":[{\"column\":\"org2.v\",\"op\":\"GE\",\"value\":\"0\"}],"
              + "\"aggregates\":[{\"function\":\"COUNT\"},{\"function\":\"SUM\",\"column\":\"amount\"},"
              + "{\"function\":\"MEAN\",\"column\":\"amount\"}]}";
      SortedMap<String, Object> got = new JoinAggregate().run(params(json), inputs);
      assertThat(new String(DocumentJson.encode(got), StandardCharsets.UTF_8))
          .as("seed %d", seed)
          .isEqualTo(
              new String(
                  DocumentJson.encode(reference(inputs, "org1", "amount", k, "0")),
                  StandardCharsets.UTF_8));
    }
  }

  @Test
  void suppresses_groups_below_the_minimum_size_without_mentioning_them() throws Exception {
    List<InputTable> inputs =
        List.of(
            new InputTable(
                "org1",
                new Table(
                    List.of("id", "g"),
                    List.of(List.of("1", "a"), List.of("2", "a"), List.of("3", "b")))),
            new InputTable(
                "org2",
                new Table(
                    List.of("id", "x"),
                    List.of(List.of("1", "10"), List.of("2", "20"), List.of("3", "30")))));
    SortedMap<String, Object> got =
        new JoinAggregate()
            .run(
                params(
                    "{\"key\":\"id\",\"groupBy\":[\"g\"],\"minGroupSize\":2,"
                        + "\"aggregates\":[{\"function\":\"SUM\",\"column\":\"x\"}]}"),
                inputs);
    assertThat(new String(DocumentJson.encode(got), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"groupBy\":[\"org1.g\"],\"groups\":[{\"aggregates\":[{\"column\":\"org2.x\","
                + "\"function\":\"SUM\",\"value\":\"30\"}],\"labels\":[\"a\"],\"rows\":2}],"
                + "\"minGroupSize\":2}");
  }

  @Test
  void refuses_parameters_that_do_not_fit_the_inputs() {
    List<String> owners = List.of("org1", "org2");
    List<List<String>> columns = List.of(List.of("id", "x"), List.of("id", "x"));
    JoinAggregate a = new JoinAggregate();
    assertThatThrownBy(
            () -> a.check(params("{\"key\":\"id\",\"groupBy\":[\"x\"]}"), owners, columns))
        .isInstanceOf(EnclaveException.class)
        .hasMessageContaining("ambiguous");
    assertThatThrownBy(() -> a.check(params("{\"key\":\"nope\"}"), owners, columns))
        .hasMessageContaining("no key column 'nope'");
    assertThatThrownBy(
            () ->
                a.check(
                    params("{\"key\":\"id\",\"aggregates\":[{\"function\":\"SUM\"}]}"),
                    owners,
                    columns))
        .hasMessageContaining("SUM needs a `column`");
    assertThatThrownBy(() -> a.check(params("{\"key\":\"id\",\"colour\":1}"), owners, columns))
        .hasMessageContaining("unknown parameter `colour`");
    assertThatThrownBy(
            () ->
                a.check(
                    params(
                        "{\"key\":\"id\",\"filter\":[{\"column\":\"org1.x\",\"op\":\"LT\",\"value\":\"abc\"}]}"),
                    owners,
                    columns))
        .hasMessageContaining("needs a numeric value");
  }

  @Test
  void a_non_numeric_cell_fails_as_invalid_input_without_revealing_it() throws Exception {
    List<InputTable> inputs =
        List.of(
            new InputTable(
                "org1", new Table(List.of("id", "x"), List.of(List.of("1", "secret-7")))));
    assertThatThrownBy(
            () ->
                new JoinAggregate()
                    .run(
                        params(
                            "{\"key\":\"id\",\"aggregates\":[{\"function\":\"SUM\",\"column\":\"x\"}]}"),
                        inputs))
        .isInstanceOfSatisfying(
            EnclaveException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(EnclaveFailure.INVALID_INPUT);
              assertThat(e.getMessage()).contains("org1.x").doesNotContain("secret-7");
            });
  }
}
