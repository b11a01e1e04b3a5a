package io.mitai.compute.ops;

/** Statistics SECURE_AGGREGATE can reveal per numeric column (and group). */
public enum Aggregate {
  /** Number of non-missing values. */
  COUNT,
  /** Sum of the non-missing values (exact, see DecimalFixedPoint). */
  SUM,
  /** SUM / COUNT, when COUNT >= 1. */
  MEAN,
  /** Sample variance (divisor COUNT - 1), when COUNT >= 2. */
  VARIANCE,
  /** Square root of VARIANCE. */
  STDDEV
}
