package io.mitai.contract.model;

/**
 * One column of a data asset's schema.
 *
 * @param name the column name, 1..256 characters, unique within the schema
 * @param type the column's type
 */
public record Column(String name, ColumnType type) {
  /** Validates the column. */
  public Column {
    Check.text("columns[].name", name, Check.MAX_NAME);
    Check.present("columns[].type", type);
  }
}
