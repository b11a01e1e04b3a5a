package io.mitai.contract.model;

/** The type of a data set column, as parsed on upload. */
public enum ColumnType {
  /** A signed 64-bit integer. */
  INTEGER,
  /** A fixed-point decimal number. */
  DECIMAL,
  /** UTF-8 text. */
  STRING,
  /** A calendar date, ISO-8601 {@code yyyy-MM-dd}. */
  DATE
}
