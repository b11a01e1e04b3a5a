package io.mitai.platform.tee;

import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.ops.Table;
import io.mitai.contract.Tx;
import io.mitai.contract.model.ComputeCentre;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.KeyReleaseDecision;
import io.mitai.contract.model.KeyReleaseRequest;
import io.mitai.contract.model.Organisation;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskResultRequest;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.asset.domain.AssetReader;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.outbox.ContractLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.task.EnclaveJobRunner;
import io.mitai.platform.task.TaskJobs;
import io.mitai.platform.task.domain.DocumentValues;
import io.mitai.platform.task.domain.TaskPlan;
import io.mitai.platform.task.domain.TeeSpec;
import io.mitai.platform.task.persistence.StoredResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Runs a TEE_JOB task on the enclave worker: reads the task and its grants from the ledger, asks
 * the worker for evidence bound to a fresh nonce, lets every input's owner decide the key release
 * ({@link KeyRelease}) — all of them before any key leaves the node — then sends each input under a
 * fresh per-task key (wrapped to the attested worker key, wiped right after), and stores the result
 * the worker sealed to the requester. The evidence's SHA-256 goes on the ledger with the result.
 */
@ApplicationScoped
public class TeeJobRunner implements EnclaveJobRunner {

  private static final Logger LOG = Logger.getLogger(TeeJobRunner.class);

  @Inject EnclaveWorkers workers;
  @Inject ContractReads reads;
  @Inject AssetReader assets;
  @Inject KeyVault keys;
  @Inject TaskJobs jobs;
  @Inject io.mitai.platform.task.Withdrawals withdrawals;
  @Inject HostedOrganisations hosted;
  @Inject ContractLedger contract;

  private final SecureRandom random = new SecureRandom();

  /** The job failed; {@link #getMessage()} is the reason to record (no data values, no keys). */
  public static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;

    Failed(String reason) {
      super(reason.length() > 1000 ? reason.substring(0, 1000) : reason);
    }
  }

  /** What the worker returned: the sealed result and the evidence hash. */
  record Outcome(WorkerClient.SealedOutput sealed, String attestationHash) {}

  /**
   * Runs the job and queues its ledger outcome: RecordTaskResult with the result and attestation
   * hashes, or RecordTaskFailure with the reason. Returns that write's outbox id.
   */
  @Override
  public String complete(TaskPlan plan) {
    Outcome outcome;
    try {
      outcome = run(plan);
    } catch (Failed e) {
      LOG.infof("TEE task %s failed: %s", plan.taskId(), e.getMessage());
      return jobs.fail(plan.taskId(), e.getMessage());
    }
    // The enclave sealed the output to the requester; before it is stored or recorded, the
    // owners' grants must still stand (a revocation during the job ends it, nothing is kept).
    Optional<String> withdrawn = withdrawals.check(plan.requester(), plan.taskId());
    if (withdrawn.isPresent()) {
      LOG.infof("TEE task %s: %s", plan.taskId(), withdrawn.get());
      return jobs.fail(plan.taskId(), withdrawn.get());
    }
    StoredResult stored = new StoredResult();
    stored.taskId = plan.taskId();
    stored.requester = plan.requester();
    stored.enc = outcome.sealed().enc();
    stored.ciphertext = outcome.sealed().ciphertext();
    stored.resultHash = HexFormat.of().formatHex(outcome.sealed().resultHash());
    stored.createdAt = Instant.now();
    TaskResultRequest request =
        new TaskResultRequest(
            plan.taskId(),
            stored.resultHash,
            outcome.attestationHash(),
            List.of(plan.requester()),
            null);
    return jobs.succeed(plan.taskId(), stored, request);
  }

  /** The built-in algorithm whose groups the aggregation floor applies to. */
  static final String JOIN_AGGREGATE = "join-aggregate";

  Outcome run(TaskPlan plan) throws Failed {
    TeeSpec tee = plan.tee().orElseThrow(() -> new Failed("INTERNAL_ERROR: not a TEE job"));
    Task task = read(plan.requester(), Tx.READ_TASK, plan.taskId(), Task.class);
    String measurement = task.algorithmMeasurement();
    if (!tee.measurement().equals(measurement)) {
      throw new Failed("INTERNAL_ERROR: the ledger's task names another measurement");
    }
    if (task.computeCentre() != null) {
      return runAtCentre(plan, tee, task);
    }
    List<KeyRelease.Input> releases = new ArrayList<>();
    for (int i = 0; i < plan.inputs().size(); i++) {
      releases.add(releaseInput(task, i, plan.inputs().get(i)));
    }
    EnclaveWorkers.Endpoint endpoint;
    try {
      endpoint = workers.endpoint();
    } catch (IOException e) {
      throw new Failed("TEE_WORKER_UNAVAILABLE: " + e.getMessage());
    }
    try (WorkerClient client =
        WorkerClient.connect(
            endpoint.host(), endpoint.port(), endpoint.certificate(), workers.timeout(), random)) {
      WorkerClient.Attestation attestation = client.open(job(plan, tee, task));
      LOG.infof(
          "TEE task %s: evidence %s received (%s)",
          plan.taskId(), attestation.evidence().sha256().hex(), attestation.evidence().format());
      Instant now = Instant.now();
      for (KeyRelease.Input input : releases) {
        KeyRelease.Decision d =
            KeyRelease.decide(
                input,
                measurement,
                workers.measurementKind(),
                attestation,
                workers.verifier(),
                now);
        if (d instanceof KeyRelease.Decision.Refuse refuse) {
          client.abort("key release refused");
          throw new Failed(refuse.reason());
        }
      }
      for (int i = 0; i < plan.inputs().size(); i++) {
        TaskPlan.Input in = plan.inputs().get(i);
        Table table;
        try {
          table = assets.open(in.owner(), in.assetId(), in.columns(), in.columns());
        } catch (AssetReader.Unreadable e) {
          client.abort("input unreadable");
          throw new Failed("INVALID_INPUT at " + in.owner() + ": " + e.getMessage());
        }
        long rows = client.sendInput(i, table.rows());
        LOG.infof(
            "TEE task %s: released input %d of %d (%s, %d rows) to the attested worker",
            plan.taskId(), i, plan.inputs().size(), in.owner(), rows);
      }
      WorkerClient.SealedOutput sealed = client.run();
      return new Outcome(sealed, attestation.evidence().sha256().hex());
    } catch (EnclaveException
        | IOException
        | GeneralSecurityException
        | java.io.UncheckedIOException e) {
      throw failure(e, "the enclave worker");
    }
  }

  /**
   * A job at a compute centre: the requester's node opens it on the centre's worker (endpoint and
   * pinned certificate from the ledger), verifies the evidence itself, releases the inputs hosted
   * here (recording each release on the ledger first, as every owner does), and waits for the
   * result while the other owners' nodes attach, verify and release on their own connections.
   */
  private Outcome runAtCentre(TaskPlan plan, TeeSpec tee, Task task) throws Failed {
    String centreId = task.computeCentre();
    ComputeCentre centre =
        read(plan.requester(), Tx.READ_COMPUTE_CENTRE, centreId, ComputeCentre.class);
    CentreEndpoint endpoint = CentreEndpoint.of(centre);
    List<Optional<String>> ownerKeys = new ArrayList<>();
    for (TaskPlan.Input in : plan.inputs()) {
      if (hosted.hosts(in.owner())) {
        ownerKeys.add(Optional.empty());
      } else {
        ownerKeys.add(
            Optional.of(
                read(plan.requester(), Tx.READ_ORGANISATION, in.owner(), Organisation.class)
                    .publicKey()));
      }
    }
    WorkerClient.JobDescription local = job(plan, tee, task);
    List<WorkerClient.InputDescription> inputs = new ArrayList<>();
    for (int i = 0; i < local.inputs().size(); i++) {
      WorkerClient.InputDescription d = local.inputs().get(i);
      inputs.add(new WorkerClient.InputDescription(d.owner(), d.columns(), ownerKeys.get(i)));
    }
    byte[] parameters;
    try {
      parameters = DocumentValues.encode(plan.params());
    } catch (DocumentValues.NotCanonical e) {
      throw new Failed("INTERNAL_ERROR: the stored params are not canonical");
    }
    WorkerClient.JobDescription job =
        new WorkerClient.JobDescription(
            local.taskId(),
            local.algorithmName(),
            local.algorithmVersion(),
            local.measurementHex(),
            local.params(),
            inputs,
            local.resultPublicKey(),
            Optional.of(workers.attachWait()),
            Optional.of(parameters));
    try (WorkerClient client =
        WorkerClient.connect(
            endpoint.host(), endpoint.port(), endpoint.certificate(), workers.timeout(), random)) {
      WorkerClient.Attestation attestation = client.open(job);
      String evidenceHash = attestation.evidence().sha256().hex();
      LOG.infof(
          "TEE task %s: evidence %s from the worker of compute centre %s received (%s)",
          plan.taskId(), evidenceHash, centreId, attestation.evidence().format());
      Instant now = Instant.now();
      for (int i = 0; i < plan.inputs().size(); i++) {
        TaskPlan.Input in = plan.inputs().get(i);
        if (!hosted.hosts(in.owner())) {
          continue;
        }
        KeyRelease.Decision d =
            KeyRelease.decide(
                releaseInput(task, i, in),
                task.algorithmMeasurement(),
                workers.measurementKind(),
                attestation,
                workers.verifierFor(centreId, hosted.hosts(centreId)),
                now);
        if (d instanceof KeyRelease.Decision.Refuse refuse) {
          contract.recordKeyRelease(
              in.owner(),
              new KeyReleaseRequest(
                  task.id(),
                  i,
                  KeyReleaseDecision.REFUSED,
                  evidenceHash,
                  null,
                  clip(refuse.reason())));
          client.abort("key release refused");
          throw new Failed(refuse.reason());
        }
        recordReleased(in.owner(), task.id(), i, evidenceHash, task.algorithmMeasurement());
        Table table;
        try {
          table = assets.open(in.owner(), in.assetId(), in.columns(), in.columns());
        } catch (AssetReader.Unreadable e) {
          client.abort("input unreadable");
          throw new Failed("INVALID_INPUT at " + in.owner() + ": " + e.getMessage());
        }
        long rows = client.sendInput(i, table.rows());
        LOG.infof(
            "TEE task %s: released input %d (%s, %d rows) to the attested worker of %s",
            plan.taskId(), i, in.owner(), rows, centreId);
      }
      WorkerClient.SealedOutput sealed = client.run();
      return new Outcome(sealed, evidenceHash);
    } catch (EnclaveException
        | IOException
        | GeneralSecurityException
        | java.io.UncheckedIOException e) {
      throw failure(e, "the worker of compute centre " + centreId);
    }
  }

  /** The reason to record when a job on {@code worker} ended without a result. */
  private static Failed failure(Exception e, String worker) {
    if (e instanceof EnclaveException enclave) {
      return new Failed("TEE_" + enclave.describe());
    }
    if (e instanceof java.io.UncheckedIOException) {
      // Reading an input's ciphertext failed part-way (a segment does not authenticate).
      return new Failed("INVALID_INPUT: an input cannot be decrypted: " + e.getMessage());
    }
    if (e instanceof GeneralSecurityException) {
      return new Failed("TEE_VERIFIER_UNAVAILABLE: " + e.getMessage());
    }
    return new Failed(
        "TEE_WORKER_LOST: "
            + worker
            + " was lost before a result: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()));
  }

  /**
   * The owner's decision input for input {@code i}: its grant as the ledger holds it, read as the
   * owner (the release is the owner's decision).
   */
  KeyRelease.Input releaseInput(Task task, int i, TaskPlan.Input in) throws Failed {
    String grantId = i < task.inputs().size() ? task.inputs().get(i).grantId() : null;
    Optional<KeyRelease.GrantTerms> grant = Optional.empty();
    if (grantId != null) {
      Grant g = read(in.owner(), Tx.READ_GRANT, grantId, Grant.class);
      grant =
          Optional.of(
              new KeyRelease.GrantTerms(
                  grantId,
                  g.status().name(),
                  g.validFrom(),
                  g.validUntil(),
                  g.algorithms(),
                  g.minAssurance().name()));
    }
    return new KeyRelease.Input(i, in.assetId(), in.owner(), grant);
  }

  private void recordReleased(
      String owner, String taskId, int index, String evidenceHash, String measurement)
      throws Failed {
    LedgerWrite w =
        contract.recordKeyRelease(
            owner,
            new KeyReleaseRequest(
                taskId, index, KeyReleaseDecision.RELEASED, evidenceHash, measurement, null));
    if (!w.isDone()) {
      throw new Failed(
          "KEY_RELEASE_NOT_RECORDED: the ledger did not record the release of input "
              + index
              + " ("
              + w.state()
              + ")");
    }
  }

  static String clip(String reason) {
    return reason.length() > KeyReleaseRequest.MAX_REASON
        ? reason.substring(0, KeyReleaseRequest.MAX_REASON)
        : reason;
  }

  private WorkerClient.JobDescription job(TaskPlan plan, TeeSpec tee, Task task) throws Failed {
    SortedMap<String, Object> params;
    try {
      @SuppressWarnings("unchecked")
      SortedMap<String, Object> all =
          new TreeMap<>((java.util.Map<String, Object>) DocumentValues.of(plan.params()));
      params = all;
    } catch (DocumentValues.NotCanonical e) {
      throw new Failed("INTERNAL_ERROR: the stored params are not canonical");
    }
    params.remove("algorithm");
    params.remove("version");
    params.remove(TaskPlan.COMPUTE_CENTRE);
    params.remove(TaskPlan.RESULT_KEY);
    // join-aggregate drops groups below its minGroupSize: it runs at least at the floor the
    // ledger recorded for the task (the requested one, else the highest of its grants).
    Integer floor = task.minGroupSize();
    if (JOIN_AGGREGATE.equals(tee.algorithm()) && floor != null) {
      Object asked = params.get("minGroupSize");
      long given = asked instanceof Number n ? n.longValue() : 1L;
      params.put("minGroupSize", Math.max(given, floor.longValue()));
    }
    List<WorkerClient.InputDescription> inputs = new ArrayList<>();
    for (TaskPlan.Input in : plan.inputs()) {
      inputs.add(new WorkerClient.InputDescription(in.owner(), in.columns()));
    }
    return new WorkerClient.JobDescription(
        plan.taskId(),
        tee.algorithm(),
        tee.version(),
        tee.measurement(),
        params,
        inputs,
        keys.resultKey(plan.requester()).publicKey());
  }

  private <T> T read(String as, Tx tx, String id, Class<T> type) throws Failed {
    try {
      return reads.read(as, tx, id, type);
    } catch (EndorsementException e) {
      throw new Failed("LEDGER_READ_FAILED: " + tx.txName() + " " + id + ": " + e.getMessage());
    }
  }
}
