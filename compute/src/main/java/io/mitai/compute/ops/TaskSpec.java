package io.mitai.compute.ops;

/** The parameters of one session, identical at every party. */
public sealed interface TaskSpec permits PsiSpec, AggregateSpec, JointStatsSpec {
  Operation operation();

  Roles roles();
}
