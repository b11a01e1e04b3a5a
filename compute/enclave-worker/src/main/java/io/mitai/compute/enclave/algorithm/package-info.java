/**
 * The enclave worker's built-in algorithms, each documented with its output and leakage: {@link
 * io.mitai.compute.enclave.algorithm.JoinAggregate} and {@link
 * io.mitai.compute.enclave.algorithm.LogisticRegression}, both over the inner join of their inputs.
 */
package io.mitai.compute.enclave.algorithm;
