package io.mitai.benchmarks.tee;

import io.mitai.compute.deliver.DocumentJson;
import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.compute.enclave.algorithm.InputTable;
import io.mitai.compute.ops.Table;
import io.mitai.compute.tee.dcap.Json;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The two algorithms with their parameters. */
enum Algo {
  JOIN_AGGREGATE("join-aggregate") {
    @Override
    SortedMap<String, Object> params() {
      SortedMap<String, Object> p = new TreeMap<>();
      p.put("key", "id");
      p.put("groupBy", List.of("region"));
      p.put(
          "aggregates",
          List.of(
              aggregate("COUNT", null), aggregate("SUM", "amount"), aggregate("MEAN", "score")));
      p.put("minGroupSize", 10L);
      return p;
    }
  },
  LOGISTIC_REGRESSION("logistic-regression") {
    @Override
    SortedMap<String, Object> params() {
      SortedMap<String, Object> p = new TreeMap<>();
      p.put("key", "id");
      p.put("target", "label");
      p.put("features", List.of("amount", "units", "score"));
      return p;
    }
  };

  static final List<String> COLUMNS_1 = List.of("id", "region", "amount", "units");
  static final List<String> COLUMNS_2 = List.of("id", "segment", "score", "label");

  private static final AlgorithmCatalog CATALOG = AlgorithmCatalog.builtIn();

  final String name;

  Algo(String name) {
    this.name = name;
  }

  abstract SortedMap<String, Object> params();

  AlgorithmCatalog.Entry entry() {
    return CATALOG.find(name, "1.0.0").orElseThrow();
  }

  /** The limit: the algorithm on the same rows in this JVM, without enclave or transport. */
  SortedMap<String, Object> runInProcess(Inputs in) throws Exception {
    Json.Obj p = (Json.Obj) Json.parse(DocumentJson.encode(params()));
    return entry()
        .algorithm()
        .run(
            p,
            List.of(
                new InputTable("org1", new Table(COLUMNS_1, in.org1())),
                new InputTable("org2", new Table(COLUMNS_2, in.org2()))));
  }

  private static SortedMap<String, Object> aggregate(String function, String column) {
    SortedMap<String, Object> a = new TreeMap<>();
    a.put("function", function);
    if (column != null) {
      a.put("column", column);
    }
    return a;
  }
}
