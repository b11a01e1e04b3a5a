/**
 * One class per operation ({@link io.mitai.compute.ops.PsiOperation}, which runs ECDH-PSI or {@code
 * DelegatedPsi} by the roles, {@link io.mitai.compute.ops.SecureAggregate}, {@link
 * io.mitai.compute.ops.JointStats}); {@link io.mitai.compute.ops.ComputeEngine#run} is the single
 * entry point that dispatches on the {@link io.mitai.compute.ops.TaskSpec} and guarantees
 * abort-and-close on failure.
 */
package io.mitai.compute.ops;
