package io.mitai.platform.asset.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The type of a data set column, with its accepted text syntax and its canonical form (the form
 * that enters the content commitment). An empty cell is a null of any type.
 */
public enum ColumnType {
  /** A signed 64-bit integer: {@code [+-]?[0-9]+}; canonical: no sign for positives, no zeros. */
  INTEGER,
  /**
   * A decimal number: {@code [+-]?(digits[.digits]|.digits)}; canonical: plain notation without
   * trailing zeros ({@code 1.50} is {@code 1.5}, {@code -0.0} is {@code 0}).
   */
  DECIMAL,
  /** An ISO-8601 calendar date {@code yyyy-MM-dd}; canonical: the same. */
  DATE,
  /** Any text; canonical: unchanged. */
  STRING;

  private static final Pattern INTEGER_SYNTAX = Pattern.compile("[+-]?[0-9]{1,19}");
  private static final Pattern DECIMAL_SYNTAX =
      Pattern.compile("[+-]?([0-9]{1,64}(\\.[0-9]{0,64})?|\\.[0-9]{1,64})");
  private static final Pattern DATE_SYNTAX = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /** The canonical form of {@code text}, or empty if it is not a value of this type. */
  public Optional<String> canonical(String text) {
    return switch (this) {
      case INTEGER -> {
        if (!INTEGER_SYNTAX.matcher(text).matches()) {
          yield Optional.empty();
        }
        try {
          yield Optional.of(Long.toString(Long.parseLong(text)));
        } catch (NumberFormatException e) {
          yield Optional.empty();
        }
      }
      case DECIMAL -> {
        if (!DECIMAL_SYNTAX.matcher(text).matches()) {
          yield Optional.empty();
        }
        BigDecimal value = new BigDecimal(text);
        yield Optional.of(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString());
      }
      case DATE -> {
        if (!DATE_SYNTAX.matcher(text).matches()) {
          yield Optional.empty();
        }
        try {
          yield Optional.of(LocalDate.parse(text).toString());
        } catch (DateTimeParseException e) {
          yield Optional.empty();
        }
      }
      case STRING -> Optional.of(text);
    };
  }

  public boolean accepts(String text) {
    return canonical(text).isPresent();
  }

  /** Parses {@code integer}, {@code DECIMAL}, ... (case-insensitive). */
  public static Optional<ColumnType> parse(String name) {
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
