package io.mitai.chaincode.rules;

import io.mitai.contract.model.Grant;
import io.mitai.contract.model.Task;
import java.util.List;

/**
 * The decision on a task submission.
 *
 * @param task the task to record: SUBMITTED, or REJECTED with its reason
 * @param consumedGrants the grants to write back, each with one more use consumed; empty when
 *     rejected (nothing is consumed unless every input passes)
 */
public record Submission(Task task, List<Grant> consumedGrants) {
  /** Copies the list. */
  public Submission {
    consumedGrants = List.copyOf(consumedGrants);
  }
}
