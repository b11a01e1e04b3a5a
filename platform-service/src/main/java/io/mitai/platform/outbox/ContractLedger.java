package io.mitai.platform.outbox;

import io.mitai.contract.Tx;
import io.mitai.contract.model.AlgorithmRequest;
import io.mitai.contract.model.AssetRequest;
import io.mitai.contract.model.ComputeCentreRequest;
import io.mitai.contract.model.GrantRequest;
import io.mitai.contract.model.KeyReleaseRequest;
import io.mitai.contract.model.OrganisationRequest;
import io.mitai.contract.model.TaskRequest;
import io.mitai.contract.model.TaskResultRequest;
import io.mitai.platform.ledger.LedgerRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.function.Supplier;

/**
 * The node's writes to the ledger in the contract's language: one method per transaction, taking
 * the contract's request type, whose canonical JSON ({@link LedgerRecords#encode}) is exactly what
 * the contract parses. Every write goes through the durable {@link Outbox}, with its ordering and
 * exactly-once delivery: the {@code enqueue…} methods record it in the caller's database
 * transaction (deliver it with {@link Outbox#deliver} after that commits); the others record and
 * deliver a write that belongs to no other database change. Reads are {@link
 * io.mitai.platform.ledger.ContractReads}.
 */
@ApplicationScoped
public class ContractLedger {

  @Inject Outbox outbox;

  // --- writes of their own: recorded and delivered now ----------------------------------------

  public LedgerWrite registerOrganisation(String org, OrganisationRequest request) {
    return outbox.submit(org, Tx.REGISTER_ORGANISATION, LedgerRecords.encode(request));
  }

  /**
   * Issues the grant that {@code checked} makes: it runs in the transaction that records the write,
   * so the node's checks of the request read its database in that one transaction, and a check that
   * throws records nothing.
   */
  public LedgerWrite issueGrant(String org, Supplier<GrantRequest> checked) {
    return outbox.submit(org, Tx.ISSUE_GRANT, () -> List.of(LedgerRecords.encode(checked.get())));
  }

  public LedgerWrite revokeGrant(String org, String grantId, String reason) {
    return outbox.submit(org, Tx.REVOKE_GRANT, grantId, reason);
  }

  public LedgerWrite registerAlgorithm(String org, AlgorithmRequest request) {
    return outbox.submit(org, Tx.REGISTER_ALGORITHM, LedgerRecords.encode(request));
  }

  public LedgerWrite recordTaskFailure(String org, String taskId, String reason) {
    return outbox.submit(org, Tx.RECORD_TASK_FAILURE, taskId, reason);
  }

  public LedgerWrite registerComputeCentre(String org, ComputeCentreRequest request) {
    return outbox.submit(org, Tx.REGISTER_COMPUTE_CENTRE, LedgerRecords.encode(request));
  }

  public LedgerWrite recordKeyRelease(String org, KeyReleaseRequest request) {
    return outbox.submit(org, Tx.RECORD_KEY_RELEASE, LedgerRecords.encode(request));
  }

  // --- writes that commit with the caller's database change; return the outbox id -------------

  @Transactional(Transactional.TxType.MANDATORY)
  public String enqueueRegisterAsset(String org, AssetRequest request) {
    return outbox.enqueue(org, Tx.REGISTER_ASSET, List.of(LedgerRecords.encode(request)));
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public String enqueueDestroyAsset(String org, String assetId, String reason) {
    return outbox.enqueue(org, Tx.DESTROY_ASSET, List.of(assetId, reason));
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public String enqueueSubmitTask(String org, TaskRequest request) {
    return outbox.enqueue(org, Tx.SUBMIT_TASK, List.of(LedgerRecords.encode(request)));
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public String enqueueTaskStarted(String org, String taskId) {
    return outbox.enqueue(org, Tx.RECORD_TASK_STARTED, List.of(taskId));
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public String enqueueTaskResult(String org, TaskResultRequest request) {
    return outbox.enqueue(org, Tx.RECORD_TASK_RESULT, List.of(LedgerRecords.encode(request)));
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public String enqueueTaskFailure(String org, String taskId, String reason) {
    return outbox.enqueue(org, Tx.RECORD_TASK_FAILURE, List.of(taskId, reason));
  }
}
