package io.mitai.compute.enclave.algorithm;

import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.tee.dcap.Json;
import java.util.List;
import java.util.SortedMap;

/**
 * A built-in algorithm the enclave worker runs. Identified by name, version and measurement (see
 * {@link AlgorithmMeasurement}); the worker runs nothing else.
 */
public sealed interface TeeAlgorithm permits JoinAggregate, LogisticRegression {
  /** The name on the ledger's allow-list, e.g. {@code join-aggregate}. */
  String name();

  /** The version on the allow-list, {@code MAJOR.MINOR.PATCH}. */
  String version();

  /** What it computes, what it outputs and what that output reveals (registered on the ledger). */
  String description();

  /**
   * Checks {@code params} against the inputs' owners and column names before any data is released.
   *
   * @throws EnclaveException INVALID_PARAMS, naming the mistake
   */
  void check(Json.Obj params, List<String> owners, List<List<String>> inputColumns)
      throws EnclaveException;

  /**
   * Runs over the decrypted inputs (in job order) and returns the canonical result value tree
   * (maps, lists, strings, longs, decimals, booleans; see {@code CanonicalJson}).
   */
  SortedMap<String, Object> run(Json.Obj params, List<InputTable> inputs) throws EnclaveException;
}
