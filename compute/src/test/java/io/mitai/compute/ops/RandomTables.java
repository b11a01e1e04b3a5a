package io.mitai.compute.ops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random inputs with the awkward cases: negatives, decimals, missing cells, duplicates. */
final class RandomTables {
  private RandomTables() {}

  static String value(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> "";
      case 1 -> Long.toString(r.nextInt(2001) - 1000);
      case 2 -> new BigDecimal(r.nextLong() % 10_000_000_000L).movePointLeft(6).toPlainString();
      case 3 -> new BigDecimal(r.nextInt(1_000_000_000)).movePointLeft(8).negate().toPlainString();
      case 4 -> " " + (r.nextInt(100_000) + 50_000) + ".25 ";
      default -> new BigDecimal(r.nextLong() % 100_000_000L).movePointLeft(2).toPlainString();
    };
  }

  static String key(Random r, int keySpace) {
    return r.nextInt(20) == 0 ? "" : "k" + r.nextInt(keySpace);
  }

  static Table table(Random r, List<String> columns, int rows, int keySpace, int labels) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      List<String> row = new ArrayList<>();
      for (String c : columns) {
        if (c.equals("id")) {
          row.add(key(r, keySpace));
        } else if (c.equals("region")) {
          row.add(r.nextInt(15) == 0 ? "" : "region-" + (char) ('a' + r.nextInt(labels)));
        } else {
          row.add(value(r));
        }
      }
      out.add(row);
    }
    return new Table(columns, out);
  }
}
