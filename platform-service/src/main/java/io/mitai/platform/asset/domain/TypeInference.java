package io.mitai.platform.asset.domain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Infers column types from the values seen: the narrowest of INTEGER, DECIMAL, DATE that accepts
 * every non-empty value, else STRING (also for a column with no value at all).
 */
public final class TypeInference {

  private final List<EnumSet<ColumnType>> candidates = new ArrayList<>();

  public TypeInference(int columns) {
    for (int i = 0; i < columns; i++) {
      candidates.add(EnumSet.of(ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.DATE));
    }
  }

  public void observe(int column, String value) {
    if (value.isEmpty()) {
      return;
    }
    EnumSet<ColumnType> left = candidates.get(column);
    if (!left.isEmpty()) {
      left.removeIf(type -> !type.accepts(value));
    }
  }

  public ColumnType typeOf(int column) {
    EnumSet<ColumnType> left = candidates.get(column);
    for (ColumnType type : List.of(ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.DATE)) {
      if (left.contains(type)) {
        return type;
      }
    }
    return ColumnType.STRING;
  }
}
