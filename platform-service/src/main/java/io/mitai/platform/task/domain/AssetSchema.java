package io.mitai.platform.task.domain;

import java.util.List;

/**
 * What planning needs to know of an input asset, from the ledger's record: owner, status, typed
 * columns (file order) and the row count its owner registered (it sizes the protocol choice).
 */
public record AssetSchema(
    String id, String owner, String status, List<Column> columns, long rowCount) {

  public AssetSchema {
    columns = List.copyOf(columns);
  }

  /** A column and its type name (INTEGER, DECIMAL, DATE, STRING). */
  public record Column(String name, String type) {
    public boolean numeric() {
      return type.equals("INTEGER") || type.equals("DECIMAL");
    }
  }

  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  public boolean isNumeric(String column) {
    return columns.stream().anyMatch(c -> c.name().equals(column) && c.numeric());
  }
}
