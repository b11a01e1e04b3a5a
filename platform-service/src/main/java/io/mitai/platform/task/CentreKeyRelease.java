package io.mitai.platform.task;

import io.mitai.contract.model.Task;
import java.util.Optional;

/**
 * An input owner's part in a TEE_JOB run at a compute centre: its node attaches to the centre's
 * worker, verifies the evidence and the job against its own grant and the ledger, and releases its
 * input or refuses, recording the decision on the ledger. The task package owns this interface; the
 * TEE package implements it ({@code tee.OwnerKeyRelease}).
 */
public interface CentreKeyRelease {

  /**
   * Decides and carries out {@code owner}'s release for {@code task} (RUNNING on the ledger).
   *
   * @return empty when the input was released, else why not, as recorded on the ledger (at most
   *     {@link io.mitai.contract.model.KeyReleaseRequest#MAX_REASON} characters)
   */
  Optional<String> release(String owner, Task task);
}
