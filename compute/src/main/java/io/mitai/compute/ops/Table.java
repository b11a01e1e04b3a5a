package io.mitai.compute.ops;

import java.util.List;
import java.util.Optional;

/**
 * One party's input: a header and rows of text cells, as decrypted from its own store.
 *
 * <p>{@code rows} is re-iterable and is read in a streaming fashion (an operation may pass over it
 * twice), so the node can back it by a decrypting reader instead of a list in memory. Every row
 * must have exactly as many cells as there are columns. An empty (or all-whitespace) cell is a
 * missing value.
 */
public record Table(List<String> columns, Iterable<List<String>> rows) {
  public Table {
    columns = List.copyOf(columns);
    if (columns.stream().distinct().count() != columns.size()) {
      throw new IllegalArgumentException("duplicate column names");
    }
  }

  /** The position of a column, if present. */
  public Optional<Integer> indexOf(String column) {
    int i = columns.indexOf(column);
    return i < 0 ? Optional.empty() : Optional.of(i);
  }

  /** Whether a cell is a missing value. */
  public static boolean isMissing(String cell) {
    return cell == null || cell.isBlank();
  }
}
