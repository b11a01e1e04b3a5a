package io.mitai.compute.enclave.algorithm;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** Decimal cells: plain notation only (as the node stores INTEGER and DECIMAL values). */
final class Numbers {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

  private Numbers() {}

  /** The cell as a decimal, or empty if it is not one (no exponents, no NaN, no infinities). */
  static Optional<BigDecimal> parse(String cell) {
    String t = cell.trim();
    if (t.length() > 64 || !DECIMAL.matcher(t).matches()) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(t));
  }
}
