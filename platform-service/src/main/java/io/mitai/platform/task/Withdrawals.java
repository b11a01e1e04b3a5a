package io.mitai.platform.task;

import io.mitai.contract.Tx;
import io.mitai.contract.model.AssetStatus;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.GrantStatus;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import io.mitai.ledger.LedgerException;
import io.mitai.platform.ledger.ContractReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Whether a task may still release a result: asks the ledger itself (not the projection) whether
 * any grant the task uses was revoked, or any input asset destroyed, since it was admitted. Every
 * party asks before it opens or releases an output; the chaincode asks again when the result is
 * recorded ({@code RecordTaskResult} refuses), so a revocation that lands after this check still
 * keeps the task from succeeding.
 */
@ApplicationScoped
public class Withdrawals {

  private static final Logger LOG = Logger.getLogger(Withdrawals.class);

  @Inject ContractReads reads;

  /**
   * The failure reason to record if the task's rights were withdrawn, e.g. {@code GRANT_REVOKED:
   * grant 'g' was revoked while task t ran; no result was released}, else empty. A ledger that
   * cannot be read answers empty (logged): the chaincode's check at RecordTaskResult still holds.
   *
   * @param as a hosted organisation taking part in the task (its identity reads the ledger)
   * @param taskId the task
   */
  public Optional<String> check(String as, String taskId) {
    try {
      Task task = reads.read(as, Tx.READ_TASK, taskId, Task.class);
      for (TaskInput input : task.inputs()) {
        String assetId = input.assetId();
        DataAsset asset = reads.read(as, Tx.READ_ASSET, assetId, DataAsset.class);
        if (asset.status() == AssetStatus.DESTROYED) {
          return Optional.of(
              "ASSET_DESTROYED: asset '"
                  + assetId
                  + "' was destroyed while task "
                  + taskId
                  + " ran; no result was released");
        }
        String grantId = input.grantId();
        if (grantId != null
            && reads.read(as, Tx.READ_GRANT, grantId, Grant.class).status()
                == GrantStatus.REVOKED) {
          return Optional.of(
              "GRANT_REVOKED: grant '"
                  + grantId
                  + "' was revoked while task "
                  + taskId
                  + " ran; no result was released");
        }
      }
      return Optional.empty();
    } catch (LedgerException e) {
      LOG.warnf(
          "task %s: cannot read the ledger to check its grants (%s); RecordTaskResult checks again",
          taskId, e.getMessage());
      return Optional.empty();
    }
  }

  /** Whether a refused RecordTaskResult was refused because the task's rights were withdrawn. */
  static boolean isWithdrawal(String refusal) {
    return refusal != null
        && (refusal.contains("GRANT_REVOKED") || refusal.contains("ASSET_DESTROYED"));
  }
}
