package io.mitai.compute.ops;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The requester's PSI output.
 *
 * @param keys for PSI: the requester's own keys that the other party also holds, sorted by their
 *     UTF-16 string order; empty for PSI_CARDINALITY
 * @param size the number of distinct keys in the intersection
 */
public record PsiResult(Operation operation, Optional<List<String>> keys, long size)
    implements OperationResult {
  public PsiResult {
    keys = keys.map(List::copyOf);
  }

  @Override
  public SortedMap<String, Object> canonical() {
    SortedMap<String, Object> m = new TreeMap<>();
    m.put("size", size);
    keys.ifPresent(k -> m.put("keys", k));
    return m;
  }
}
