package io.mitai.platform.tee;

import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.contract.Tx;
import io.mitai.contract.model.Algorithm;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.problem.LedgerProblems;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.task.TeeJobPlanner;
import io.mitai.platform.task.domain.AssetSchema;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.domain.TaskRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The node's TEE side of task submission: plans a TEE_JOB ({@link TeePlanning}) against the
 * ledger's allow-list and this node's worker; holds the worker's algorithm catalog (measured once
 * from the loaded classes).
 */
@ApplicationScoped
public class TeeTasks implements TeeJobPlanner {

  @Inject EnclaveWorkers workers;
  @Inject ContractReads reads;
  @Inject HostedOrganisations hosted;
  @Inject io.mitai.platform.keys.KeyVault keys;

  private volatile AlgorithmCatalog catalog;

  /** The built-in algorithms with their measurements. */
  public AlgorithmCatalog catalog() {
    if (catalog == null) {
      catalog = AlgorithmCatalog.builtIn();
    }
    return catalog;
  }

  @Override
  public TaskPlan plan(
      String taskId,
      String requester,
      TaskRequest request,
      Function<String, Optional<AssetSchema>> schemas) {
    if (!workers.enabled()) {
      throw new ProblemException(
          ProblemType.OPERATION_UNAVAILABLE,
          "TEE jobs are disabled on this node (mitai.tee.worker.mode); nothing was submitted");
    }
    List<TeePlanning.Listed> allowList = allowList(requester);
    TaskRequest planned = withResultKey(requester, request);
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                TeePlanning.plan(
                    taskId,
                    requester,
                    planned,
                    schemas,
                    hosted.ids(),
                    catalog(),
                    allowList,
                    workers.assurance(),
                    workers.pinnedMeasurement()));
  }

  /**
   * A compute centre's task carries the requester's result key in its parameters (so the ledger's
   * parameter hash commits to it and every owner checks the worker seals to exactly that key); a
   * request may not set it itself.
   */
  private TaskRequest withResultKey(String requester, TaskRequest request) {
    if (request.params() == null
        || !request.params().isObject()
        || request.params().get(TaskPlan.COMPUTE_CENTRE) == null) {
      return request;
    }
    if (request.params().has(TaskPlan.RESULT_KEY)) {
      throw new ProblemException(
          ProblemType.INVALID_ARGUMENT,
          "`params.resultKey` is set by the requester's node, not by the request");
    }
    com.fasterxml.jackson.databind.node.ObjectNode params =
        ((com.fasterxml.jackson.databind.node.ObjectNode) request.params()).deepCopy();
    params.put(
        TaskPlan.RESULT_KEY,
        java.util.HexFormat.of().formatHex(keys.resultKey(requester).publicKey()));
    return request.withParams(params);
  }

  List<TeePlanning.Listed> allowList(String as) {
    List<Algorithm> records;
    try {
      records = reads.list(as, Tx.LIST_ALGORITHMS, Algorithm.class);
    } catch (EndorsementException e) {
      throw LedgerProblems.of(e);
    }
    List<TeePlanning.Listed> out = new ArrayList<>();
    for (Algorithm r : records) {
      out.add(new TeePlanning.Listed(r.name(), r.version(), r.measurement()));
    }
    return out;
  }
}
