package io.mitai.compute.ops;

import java.util.SortedMap;

/**
 * A result, as only the requester sees it. {@link #canonical()} is the value tree that {@code
 * io.mitai.compute.deliver.DocumentJson} encodes and hashes: maps with string keys, lists, strings,
 * booleans, longs and decimals (written as strings), never doubles.
 */
public sealed interface OperationResult permits PsiResult, AggregateResult, JointStatsResult {
  Operation operation();

  SortedMap<String, Object> canonical();
}
