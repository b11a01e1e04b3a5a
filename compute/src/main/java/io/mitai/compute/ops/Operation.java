package io.mitai.compute.ops;

/** The operations a grant can name and the compute module runs. */
public enum Operation {
  /** ECDH-PSI; the requester learns which of its own keys the other party also holds. */
  PSI,
  /** ECDH-PSI; the requester learns only the size of the intersection. */
  PSI_CARDINALITY,
  /** Count, sum, mean, variance over horizontal partitions, optionally grouped. */
  SECURE_AGGREGATE,
  /** PSI alignment, then sums, dot products, covariance, correlation, regression. */
  JOINT_STATS
}
