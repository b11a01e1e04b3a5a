package io.mitai.compute.enclave.algorithm;

import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.enclave.EnclaveFailure;
import io.mitai.compute.ops.Table;
import io.mitai.compute.tee.dcap.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The relational part both built-in algorithms share: an inner join of the inputs on one key column
 * each, then a conjunctive filter.
 *
 * <p>Join semantics are SQL's inner join: keys compare as exact strings; a row whose key is missing
 * (empty) joins nothing; a key present k times in one input and m times in another yields k·m rows.
 * The joined row holds every column of every input, in input order, addressed as {@code
 * owner.column} or by the bare name when only one input has a column of that name. Row order: input
 * 0's order, then each match in its input's order, so the result is deterministic.
 *
 * <p>Parameters: {@code "key": column} (the same key name in every input) or {@code "keys": [column
 * per input]}; {@code "filter": [{"column", "op", "value"}]} with {@code op} one of EQ, NE, LT, LE,
 * GT, GE. EQ and NE compare numerically when both the value and the cell are decimals, else as
 * strings; LT..GE need a numeric value and numeric cells. A missing cell satisfies no condition.
 */
final class Join {
  /** Most joined rows a job may produce (memory bound of the worker). */
  static final int MAX_ROWS = 2_000_000;

  /** Comparison operators of a filter condition. */
  enum Op {
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE
  }

  record Condition(int column, String name, Op op, String value, Optional<BigDecimal> number) {}

  /** The joined table's columns and how names resolve to them. */
  static final class Schema {
    final List<String> owners;
    final List<List<String>> inputColumns;
    final List<String> qualified = new ArrayList<>();

    Schema(List<String> owners, List<List<String>> inputColumns) throws EnclaveException {
      this.owners = List.copyOf(owners);
      this.inputColumns = List.copyOf(inputColumns);
      if (owners.stream().distinct().count() != owners.size()) {
        throw Params.invalid("every input must belong to a different organisation");
      }
      for (int i = 0; i < owners.size(); i++) {
        for (String c : inputColumns.get(i)) {
          qualified.add(owners.get(i) + "." + c);
        }
      }
    }

    int width() {
      return qualified.size();
    }

    /**
     * The joined column {@code name} denotes: {@code owner.column}, or an unambiguous bare name.
     */
    int resolve(String name) throws EnclaveException {
      int exact = qualified.indexOf(name);
      if (exact >= 0) {
        return exact;
      }
      int found = -1;
      int offset = 0;
      for (List<String> columns : inputColumns) {
        int i = columns.indexOf(name);
        if (i >= 0) {
          if (found >= 0) {
            throw Params.invalid(
                "column '" + name + "' is ambiguous; qualify it as owner.column: " + qualified);
          }
          found = offset + i;
        }
        offset += columns.size();
      }
      if (found < 0) {
        throw Params.invalid("no input has a column '" + name + "'; columns: " + qualified);
      }
      return found;
    }
  }

  /** The join and filter parameters, resolved against the inputs' columns. */
  record Spec(Schema schema, List<Integer> keyColumns, List<Condition> filter) {
    static Spec parse(Params p, List<String> owners, List<List<String>> inputColumns)
        throws EnclaveException {
      if (owners.isEmpty()) {
        throw Params.invalid("a job needs at least one input");
      }
      Schema schema = new Schema(owners, inputColumns);
      List<String> keys;
      if (p.has("key") == p.has("keys")) {
        throw Params.invalid("give exactly one of `params.key` (one name) or `params.keys`");
      }
      if (p.has("key")) {
        String key = p.text("key");
        keys = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
          keys.add(key);
        }
      } else {
        keys = new ArrayList<>();
        for (Json.Node n : p.list("keys", true)) {
          if (!(n instanceof Json.Str s) || s.value().isBlank()) {
            throw Params.invalid("`params.keys` lists one column name per input");
          }
          keys.add(s.value());
        }
        if (keys.size() != owners.size()) {
          throw Params.invalid(
              "`params.keys` names " + keys.size() + " columns for " + owners.size() + " inputs");
        }
      }
      List<Integer> keyColumns = new ArrayList<>();
      int offset = 0;
      for (int i = 0; i < owners.size(); i++) {
        int k = inputColumns.get(i).indexOf(keys.get(i));
        if (k < 0) {
          throw Params.invalid(
              "input " + i + " (" + owners.get(i) + ") has no key column '" + keys.get(i) + "'");
        }
        keyColumns.add(offset + k);
        offset += inputColumns.get(i).size();
      }
      List<Condition> filter = new ArrayList<>();
      for (Json.Node n : p.list("filter", false)) {
        Params c = Params.of(n, "each `params.filter` entry", List.of("column", "op", "value"));
        String name = c.text("column");
        int column = schema.resolve(name);
        Op op;
        try {
          op = Op.valueOf(c.text("op"));
        } catch (IllegalArgumentException e) {
          throw Params.invalid("`op` must be one of " + List.of(Op.values()));
        }
        String value = literal(n);
        Optional<BigDecimal> number = Numbers.parse(value);
        if (op != Op.EQ && op != Op.NE && number.isEmpty()) {
          throw Params.invalid("filter on '" + name + "' with " + op + " needs a numeric value");
        }
        filter.add(new Condition(column, schema.qualified.get(column), op, value, number));
      }
      return new Spec(schema, List.copyOf(keyColumns), List.copyOf(filter));
    }

    private static String literal(Json.Node condition) throws EnclaveException {
      Json.Node v = ((Json.Obj) condition).get("value").orElse(null);
      if (v instanceof Json.Str s) {
        return s.value();
      }
      if (v instanceof Json.Num num) {
        return num.value().toPlainString();
      }
      throw Params.invalid("each filter condition needs a `value` (string or integer)");
    }
  }

  private Join() {}

  /**
   * Joins and filters; the rows hold {@link Schema#width()} cells each ({@code null} = missing).
   */
  static List<String[]> rows(Spec spec, List<InputTable> inputs) throws EnclaveException {
    Schema schema = spec.schema();
    if (inputs.size() != schema.owners.size()) {
      throw new EnclaveException(
          EnclaveFailure.INVALID_INPUT,
          inputs.size() + " inputs arrived for " + schema.owners.size());
    }
    List<String[]> current = new ArrayList<>();
    int offset = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Table table = inputs.get(i).table();
      int width = table.columns().size();
      int key = spec.keyColumns().get(i) - offset;
      if (i == 0) {
        for (List<String> row : table.rows()) {
          check(row, width, i);
          if (!Table.isMissing(row.get(key))) {
            String[] joined = new String[schema.width()];
            copy(row, joined, 0);
            current.add(joined);
          }
        }
      } else {
        Map<String, List<List<String>>> byKey = new HashMap<>();
        for (List<String> row : table.rows()) {
          check(row, width, i);
          if (!Table.isMissing(row.get(key))) {
            byKey.computeIfAbsent(row.get(key), k -> new ArrayList<>()).add(row);
          }
        }
        int firstKey = spec.keyColumns().get(0);
        List<String[]> next = new ArrayList<>();
        for (String[] left : current) {
          for (List<String> right : byKey.getOrDefault(left[firstKey], List.of())) {
            if (next.size() >= MAX_ROWS) {
              throw new EnclaveException(
                  EnclaveFailure.LIMIT_EXCEEDED, "the join has more than " + MAX_ROWS + " rows");
            }
            String[] joined = left.clone();
            copy(right, joined, offset);
            next.add(joined);
          }
        }
        current = next;
      }
      offset += width;
    }
    List<String[]> kept = new ArrayList<>();
    for (String[] row : current) {
      if (matches(row, spec.filter())) {
        kept.add(row);
      }
    }
    return kept;
  }

  private static void check(List<String> row, int width, int input) throws EnclaveException {
    if (row.size() != width) {
      throw new EnclaveException(
          EnclaveFailure.INVALID_INPUT, "input " + input + " has a row of the wrong width");
    }
  }

  private static void copy(List<String> row, String[] into, int offset) {
    for (int c = 0; c < row.size(); c++) {
      String cell = row.get(c);
      into[offset + c] = Table.isMissing(cell) ? null : cell;
    }
  }

  private static boolean matches(String[] row, List<Condition> filter) throws EnclaveException {
    for (Condition c : filter) {
      String cell = row[c.column()];
      if (cell == null) {
        return false;
      }
      Optional<BigDecimal> n = Numbers.parse(cell);
      boolean ok =
          switch (c.op()) {
            case EQ -> equal(cell, n, c);
            case NE -> !equal(cell, n, c);
            default -> {
              BigDecimal x =
                  n.orElseThrow(
                      () ->
                          new EnclaveException(
                              EnclaveFailure.INVALID_INPUT,
                              "column '" + c.name() + "' has a non-numeric cell to compare"));
              int cmp = x.compareTo(c.number().orElseThrow());
              yield switch (c.op()) {
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                default -> cmp >= 0;
              };
            }
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean equal(String cell, Optional<BigDecimal> n, Condition c) {
    if (n.isPresent() && c.number().isPresent()) {
      return n.get().compareTo(c.number().get()) == 0;
    }
    return cell.equals(c.value());
  }
}
