package io.mitai.compute.ops;

/** Statistics JOINT_STATS can reveal over the PSI-aligned rows. */
public enum Statistic {
  /** Number of aligned rows. */
  COUNT,
  /** Per-column sums (exact). */
  SUM,
  /** Matrix of inner products sum(x_j * x_k). */
  DOT,
  /** Sample covariance matrix (divisor n - 1). */
  COVARIANCE,
  /** Pearson correlation matrix. */
  CORRELATION,
  /** Least-squares coefficients (with intercept) of the target on every other column. */
  REGRESSION
}
