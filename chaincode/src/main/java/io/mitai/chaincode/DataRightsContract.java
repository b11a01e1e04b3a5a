package io.mitai.chaincode;

import io.mitai.chaincode.rules.Access;
import io.mitai.chaincode.rules.AlgorithmRules;
import io.mitai.chaincode.rules.AssetRules;
import io.mitai.chaincode.rules.CentreRules;
import io.mitai.chaincode.rules.GrantRules;
import io.mitai.chaincode.rules.OrganisationRules;
import io.mitai.chaincode.rules.Submission;
import io.mitai.chaincode.rules.TaskRules;
import io.mitai.chaincode.state.Keys;
import io.mitai.chaincode.state.LedgerStore;
import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.json.RecordJson;
import io.mitai.contract.model.Algorithm;
import io.mitai.contract.model.AlgorithmRequest;
import io.mitai.contract.model.AssetRequest;
import io.mitai.contract.model.Check;
import io.mitai.contract.model.ComputeCentre;
import io.mitai.contract.model.ComputeCentreRequest;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.GrantRequest;
import io.mitai.contract.model.HistoryEntry;
import io.mitai.contract.model.KeyRelease;
import io.mitai.contract.model.KeyReleaseRequest;
import io.mitai.contract.model.LedgerEvent;
import io.mitai.contract.model.Organisation;
import io.mitai.contract.model.OrganisationRequest;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskRequest;
import io.mitai.contract.model.TaskResultRequest;
import io.mitai.contract.model.TaskStatus;
import java.util.List;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * The Mitai data-rights contract: organisations, data assets, grants and tasks, the allow-list of
 * TEE algorithms, with their full history. Each transaction parses its arguments, calls the pure
 * rules and writes through {@link LedgerStore}; it keeps no state in fields. Arguments and results
 * are JSON strings in the canonical form of {@link RecordJson}; failures are {@code
 * ChaincodeException}s whose payload is an {@link ErrorCode} name and which write nothing.
 *
 * <p>Every write requires the caller (its MSP ID) to be a registered organisation, except {@code
 * RegisterOrganisation}, by which an organisation registers or updates itself. Reads are open to
 * every channel member.
 */
@Contract(
    name = "mitai",
    info =
        @Info(
            title = "Mitai data rights",
            description = "Rules of data rights and the audit trail of computations",
            version = "0.1.0",
            license = @License(name = "Apache-2.0"),
            contact = @Contact(name = "Mitai")))
@Default
public final class DataRightsContract implements ContractInterface {

  /** Creates the contract; it holds no state. */
  public DataRightsContract() {}

  // --- organisations -----------------------------------------------------------------------

  /**
   * Registers the calling organisation, or updates its record.
   *
   * @param ctx the transaction context
   * @param json an {@link OrganisationRequest}
   * @return the Organisation
   */
  @Transaction(name = "RegisterOrganisation", intent = Transaction.TYPE.SUBMIT)
  public String registerOrganisation(Context ctx, String json) {
    OrganisationRequest request = RecordJson.parseInput(json, OrganisationRequest.class);
    String caller = callerOf(ctx);
    LedgerStore store = new LedgerStore(ctx.getStub());
    Organisation organisation =
        OrganisationRules.register(request, caller, store.organisation(caller), store.now());
    store.putOrganisation(organisation);
    store.emit(LedgerEvent.ORGANISATION_REGISTERED.eventName(), organisation);
    return RecordJson.toJson(organisation);
  }

  /**
   * Reads an organisation.
   *
   * @param ctx the transaction context
   * @param id the MSP ID
   * @return the Organisation
   */
  @Transaction(name = "ReadOrganisation", intent = Transaction.TYPE.EVALUATE)
  public String readOrganisation(Context ctx, String id) {
    Check.id("id", id);
    LedgerStore store = new LedgerStore(ctx.getStub());
    return RecordJson.toJson(
        store.organisation(id).orElseThrow(() -> notFound("organisation", id)));
  }

  /**
   * Lists every organisation.
   *
   * @param ctx the transaction context
   * @return a JSON array of Organisation, in id order
   */
  @Transaction(name = "ListOrganisations", intent = Transaction.TYPE.EVALUATE)
  public String listOrganisations(Context ctx) {
    return RecordJson.toJson(new LedgerStore(ctx.getStub()).organisations());
  }

  // --- assets ------------------------------------------------------------------------------

  /**
   * Registers a data asset owned by the caller.
   *
   * @param ctx the transaction context
   * @param json an {@link AssetRequest}
   * @return the DataAsset
   */
  @Transaction(name = "RegisterAsset", intent = Transaction.TYPE.SUBMIT)
  public String registerAsset(Context ctx, String json) {
    AssetRequest request = RecordJson.parseInput(json, AssetRequest.class);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    DataAsset asset =
        AssetRules.register(request, caller, store.asset(request.id()).isPresent(), store.now());
    store.createAsset(asset);
    store.emit(LedgerEvent.ASSET_REGISTERED.eventName(), asset);
    return RecordJson.toJson(asset);
  }

  /**
   * Reads a data asset.
   *
   * @param ctx the transaction context
   * @param id the asset id
   * @return the DataAsset
   */
  @Transaction(name = "ReadAsset", intent = Transaction.TYPE.EVALUATE)
  public String readAsset(Context ctx, String id) {
    Check.id("id", id);
    LedgerStore store = new LedgerStore(ctx.getStub());
    return RecordJson.toJson(store.asset(id).orElseThrow(() -> notFound("asset", id)));
  }

  /**
   * Lists the assets of one owner.
   *
   * @param ctx the transaction context
   * @param owner the owner's MSP ID
   * @return a JSON array of DataAsset, in id order
   */
  @Transaction(name = "QueryAssetsByOwner", intent = Transaction.TYPE.EVALUATE)
  public String queryAssetsByOwner(Context ctx, String owner) {
    Check.id("owner", owner);
    return RecordJson.toJson(new LedgerStore(ctx.getStub()).assetsByOwner(owner));
  }

  /**
   * Destroys an asset: records the crypto-shredding done off-chain. Its grants stay readable.
   *
   * @param ctx the transaction context
   * @param id the asset id
   * @param reason why, 1..1024 characters
   * @return the DataAsset
   */
  @Transaction(name = "DestroyAsset", intent = Transaction.TYPE.SUBMIT)
  public String destroyAsset(Context ctx, String id, String reason) {
    Check.id("id", id);
    AssetRules.reason(reason);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    DataAsset asset = store.asset(id).orElseThrow(() -> notFound("asset", id));
    DataAsset destroyed = AssetRules.destroy(asset, caller, reason, store.now());
    store.updateAsset(destroyed);
    store.emit(LedgerEvent.ASSET_DESTROYED.eventName(), destroyed);
    return RecordJson.toJson(destroyed);
  }

  // --- grants ------------------------------------------------------------------------------

  /**
   * Issues a grant on one of the caller's assets.
   *
   * @param ctx the transaction context
   * @param json a {@link GrantRequest}
   * @return the Grant
   */
  @Transaction(name = "IssueGrant", intent = Transaction.TYPE.SUBMIT)
  public String issueGrant(Context ctx, String json) {
    GrantRequest request = RecordJson.parseInput(json, GrantRequest.class);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    Grant grant = GrantRules.issue(request, caller, store, store.now());
    store.createGrant(grant);
    store.emit(LedgerEvent.GRANT_ISSUED.eventName(), grant);
    return RecordJson.toJson(grant);
  }

  /**
   * Revokes a grant.
   *
   * @param ctx the transaction context
   * @param id the grant id
   * @param reason why, 1..1024 characters
   * @return the Grant
   */
  @Transaction(name = "RevokeGrant", intent = Transaction.TYPE.SUBMIT)
  public String revokeGrant(Context ctx, String id, String reason) {
    Check.id("id", id);
    GrantRules.reason(reason);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    Grant grant = store.grant(id).orElseThrow(() -> notFound("grant", id));
    Grant revoked = GrantRules.revoke(grant, caller, reason, store.now());
    store.revokeGrant(revoked);
    store.emit(LedgerEvent.GRANT_REVOKED.eventName(), revoked);
    return RecordJson.toJson(revoked);
  }

  /**
   * Reads a grant.
   *
   * @param ctx the transaction context
   * @param id the grant id
   * @return the Grant
   */
  @Transaction(name = "ReadGrant", intent = Transaction.TYPE.EVALUATE)
  public String readGrant(Context ctx, String id) {
    Check.id("id", id);
    LedgerStore store = new LedgerStore(ctx.getStub());
    return RecordJson.toJson(store.grant(id).orElseThrow(() -> notFound("grant", id)));
  }

  /**
   * Lists the grants on one asset.
   *
   * @param ctx the transaction context
   * @param assetId the asset id
   * @return a JSON array of Grant, in grant-id order
   */
  @Transaction(name = "QueryGrantsByAsset", intent = Transaction.TYPE.EVALUATE)
  public String queryGrantsByAsset(Context ctx, String assetId) {
    Check.id("assetId", assetId);
    return RecordJson.toJson(new LedgerStore(ctx.getStub()).grantsByAsset(assetId));
  }

  /**
   * Lists the grants issued to one organisation.
   *
   * @param ctx the transaction context
   * @param grantee the grantee's MSP ID
   * @return a JSON array of Grant, in grant-id order
   */
  @Transaction(name = "QueryGrantsByGrantee", intent = Transaction.TYPE.EVALUATE)
  public String queryGrantsByGrantee(Context ctx, String grantee) {
    Check.id("grantee", grantee);
    return RecordJson.toJson(new LedgerStore(ctx.getStub()).grantsByGrantee(grantee));
  }

  // --- tasks -------------------------------------------------------------------------------

  /**
   * Submits a task. A refused task is recorded as REJECTED and returned normally; only malformed
   * input, an unregistered caller or a duplicate id are errors.
   *
   * @param ctx the transaction context
   * @param json a {@link TaskRequest}
   * @return the Task, SUBMITTED or REJECTED
   */
  @Transaction(name = "SubmitTask", intent = Transaction.TYPE.SUBMIT)
  public String submitTask(Context ctx, String json) {
    TaskRequest request = RecordJson.parseInput(json, TaskRequest.class);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    Submission submission =
        TaskRules.submit(request, caller, store.task(request.id()).isPresent(), store, store.now());
    for (Grant grant : submission.consumedGrants()) {
      store.updateGrant(grant);
    }
    Task task = submission.task();
    store.createTask(task);
    store.emit(
        (task.status() == TaskStatus.REJECTED
                ? LedgerEvent.TASK_REJECTED
                : LedgerEvent.TASK_SUBMITTED)
            .eventName(),
        task);
    return RecordJson.toJson(task);
  }

  /**
   * Records that a task started: SUBMITTED to RUNNING.
   *
   * @param ctx the transaction context
   * @param id the task id
   * @return the Task
   */
  @Transaction(name = "RecordTaskStarted", intent = Transaction.TYPE.SUBMIT)
  public String recordTaskStarted(Context ctx, String id) {
    Check.id("id", id);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    Task task = store.task(id).orElseThrow(() -> notFound("task", id));
    Task started = TaskRules.start(task, caller, store.now());
    store.updateTask(started);
    store.emit(LedgerEvent.TASK_STARTED.eventName(), started);
    return RecordJson.toJson(started);
  }

  /**
   * Records a task's result: RUNNING to SUCCEEDED.
   *
   * @param ctx the transaction context
   * @param json a {@link TaskResultRequest}
   * @return the Task
   */
  @Transaction(name = "RecordTaskResult", intent = Transaction.TYPE.SUBMIT)
  public String recordTaskResult(Context ctx, String json) {
    TaskResultRequest request = RecordJson.parseInput(json, TaskResultRequest.class);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    Task task = store.task(request.taskId()).orElseThrow(() -> notFound("task", request.taskId()));
    Task succeeded = TaskRules.succeed(task, request, caller, store, store.now());
    store.updateTask(succeeded);
    store.emit(LedgerEvent.TASK_SUCCEEDED.eventName(), succeeded);
    return RecordJson.toJson(succeeded);
  }

  /**
   * Records a task's failure: SUBMITTED or RUNNING to FAILED.
   *
   * @param ctx the transaction context
   * @param id the task id
   * @param reason why, 1..1024 characters
   * @return the Task
   */
  @Transaction(name = "RecordTaskFailure", intent = Transaction.TYPE.SUBMIT)
  public String recordTaskFailure(Context ctx, String id, String reason) {
    Check.id("id", id);
    TaskRules.reason(reason);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    Task task = store.task(id).orElseThrow(() -> notFound("task", id));
    Task failed = TaskRules.fail(task, caller, reason, store.now());
    store.updateTask(failed);
    store.emit(LedgerEvent.TASK_FAILED.eventName(), failed);
    return RecordJson.toJson(failed);
  }

  /**
   * Reads a task.
   *
   * @param ctx the transaction context
   * @param id the task id
   * @return the Task
   */
  @Transaction(name = "ReadTask", intent = Transaction.TYPE.EVALUATE)
  public String readTask(Context ctx, String id) {
    Check.id("id", id);
    LedgerStore store = new LedgerStore(ctx.getStub());
    return RecordJson.toJson(store.task(id).orElseThrow(() -> notFound("task", id)));
  }

  /**
   * Lists the tasks with an input on one asset (including rejected ones).
   *
   * @param ctx the transaction context
   * @param assetId the asset id
   * @return a JSON array of Task, in task-id order
   */
  @Transaction(name = "QueryTasksByAsset", intent = Transaction.TYPE.EVALUATE)
  public String queryTasksByAsset(Context ctx, String assetId) {
    Check.id("assetId", assetId);
    return RecordJson.toJson(new LedgerStore(ctx.getStub()).tasksByAsset(assetId));
  }

  /**
   * Lists the tasks submitted by one organisation.
   *
   * @param ctx the transaction context
   * @param requester the requester's MSP ID
   * @return a JSON array of Task, in task-id order
   */
  @Transaction(name = "QueryTasksByRequester", intent = Transaction.TYPE.EVALUATE)
  public String queryTasksByRequester(Context ctx, String requester) {
    Check.id("requester", requester);
    return RecordJson.toJson(new LedgerStore(ctx.getStub()).tasksByRequester(requester));
  }

  // --- TEE algorithms ----------------------------------------------------------------------

  /**
   * Publishes a TEE algorithm on the allow-list, under the caller's MSP ID. Any registered
   * organisation may publish; the record can never be changed (a new build is a new measurement).
   *
   * @param ctx the transaction context
   * @param json an {@link AlgorithmRequest}
   * @return the Algorithm
   */
  @Transaction(name = "RegisterAlgorithm", intent = Transaction.TYPE.SUBMIT)
  public String registerAlgorithm(Context ctx, String json) {
    AlgorithmRequest request = RecordJson.parseInput(json, AlgorithmRequest.class);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    Algorithm algorithm =
        AlgorithmRules.register(
            request, caller, store.algorithm(request.measurement()), store.now());
    store.createAlgorithm(algorithm);
    store.emit(LedgerEvent.ALGORITHM_REGISTERED.eventName(), algorithm);
    return RecordJson.toJson(algorithm);
  }

  /**
   * Reads a TEE algorithm.
   *
   * @param ctx the transaction context
   * @param measurement the 64-hex measurement
   * @return the Algorithm
   */
  @Transaction(name = "ReadAlgorithm", intent = Transaction.TYPE.EVALUATE)
  public String readAlgorithm(Context ctx, String measurement) {
    Check.hex64("measurement", measurement);
    LedgerStore store = new LedgerStore(ctx.getStub());
    return RecordJson.toJson(
        store
            .algorithm(measurement)
            .orElseThrow(
                () ->
                    ErrorCode.NOT_FOUND.exception(
                        "algorithm measurement " + measurement + " is not registered")));
  }

  /**
   * Lists the allow-list.
   *
   * @param ctx the transaction context
   * @return a JSON array of Algorithm, in (name, version, measurement) order
   */
  @Transaction(name = "ListAlgorithms", intent = Transaction.TYPE.EVALUATE)
  public String listAlgorithms(Context ctx) {
    return RecordJson.toJson(new LedgerStore(ctx.getStub()).algorithms());
  }

  // --- compute centres and key releases ----------------------------------------------------

  /**
   * Registers the caller's compute centre (where its enclave workers listen), or updates it.
   *
   * @param ctx the transaction context
   * @param json a {@link ComputeCentreRequest}
   * @return the ComputeCentre
   */
  @Transaction(name = "RegisterComputeCentre", intent = Transaction.TYPE.SUBMIT)
  public String registerComputeCentre(Context ctx, String json) {
    ComputeCentreRequest request = RecordJson.parseInput(json, ComputeCentreRequest.class);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    ComputeCentre centre =
        CentreRules.register(request, caller, store.computeCentre(caller), store.now());
    store.putComputeCentre(centre);
    store.emit(LedgerEvent.COMPUTE_CENTRE_REGISTERED.eventName(), centre);
    return RecordJson.toJson(centre);
  }

  /**
   * Reads a compute centre.
   *
   * @param ctx the transaction context
   * @param id the organisation's MSP ID
   * @return the ComputeCentre
   */
  @Transaction(name = "ReadComputeCentre", intent = Transaction.TYPE.EVALUATE)
  public String readComputeCentre(Context ctx, String id) {
    Check.id("id", id);
    LedgerStore store = new LedgerStore(ctx.getStub());
    return RecordJson.toJson(
        store.computeCentre(id).orElseThrow(() -> notFound("compute centre", id)));
  }

  /**
   * Lists every compute centre.
   *
   * @param ctx the transaction context
   * @return a JSON array of ComputeCentre, in id order
   */
  @Transaction(name = "ListComputeCentres", intent = Transaction.TYPE.EVALUATE)
  public String listComputeCentres(Context ctx) {
    return RecordJson.toJson(new LedgerStore(ctx.getStub()).computeCentres());
  }

  /**
   * Records an input owner's key-release decision for a task run at a compute centre.
   *
   * @param ctx the transaction context
   * @param json a {@link KeyReleaseRequest}
   * @return the KeyRelease
   */
  @Transaction(name = "RecordKeyRelease", intent = Transaction.TYPE.SUBMIT)
  public String recordKeyRelease(Context ctx, String json) {
    KeyReleaseRequest request = RecordJson.parseInput(json, KeyReleaseRequest.class);
    LedgerStore store = new LedgerStore(ctx.getStub());
    String caller = registeredCaller(ctx, store);
    Task task = store.task(request.taskId()).orElseThrow(() -> notFound("task", request.taskId()));
    KeyRelease release = CentreRules.record(request, task, caller, store, store.now());
    store.createKeyRelease(release);
    store.emit(LedgerEvent.KEY_RELEASE_RECORDED.eventName(), release);
    return RecordJson.toJson(release);
  }

  /**
   * Lists the recorded key releases of a task.
   *
   * @param ctx the transaction context
   * @param taskId the task id
   * @return a JSON array of KeyRelease, in input order (inputs without a record are left out)
   */
  @Transaction(name = "ListKeyReleases", intent = Transaction.TYPE.EVALUATE)
  public String listKeyReleases(Context ctx, String taskId) {
    Check.id("taskId", taskId);
    LedgerStore store = new LedgerStore(ctx.getStub());
    Task task = store.task(taskId).orElseThrow(() -> notFound("task", taskId));
    List<KeyRelease> releases = new java.util.ArrayList<>();
    for (int i = 0; i < task.inputs().size(); i++) {
      store.keyRelease(taskId, i).ifPresent(releases::add);
    }
    return RecordJson.toJson(releases);
  }

  // --- history -----------------------------------------------------------------------------

  /**
   * The full history of one record, oldest first.
   *
   * @param ctx the transaction context
   * @param key the record's primary key {@code <type>:<id>}, type in org, asset, grant, task,
   *     centre, algorithm (whose id is the measurement)
   * @return a JSON array of {@code {txId, timestamp, deleted, value}}
   */
  @Transaction(name = "GetHistory", intent = Transaction.TYPE.EVALUATE)
  public String getHistory(Context ctx, String key) {
    String primary =
        Keys.parsePrimary(key)
            .orElseThrow(
                () ->
                    ErrorCode.INVALID_ARGUMENT.exception(
                        "key must be <type>:<id> with type org, asset, grant, task or centre, or"
                            + " algorithm:<64 lowercase hex measurement>"));
    List<HistoryEntry> history = new LedgerStore(ctx.getStub()).history(primary);
    if (history.isEmpty()) {
      throw ErrorCode.NOT_FOUND.exception("no record was ever written at '" + primary + "'");
    }
    return RecordJson.toJson(history);
  }

  /** Refuses transaction names this contract does not define, with a typed error. */
  @Override
  public void unknownTransaction(Context ctx) {
    throw ErrorCode.INVALID_ARGUMENT.exception(
        "unknown transaction '" + new LedgerStore(ctx.getStub()).function() + "'");
  }

  // --- helpers -----------------------------------------------------------------------------

  private static String callerOf(Context ctx) {
    ClientIdentity identity = ctx.getClientIdentity();
    String msp = identity == null ? null : identity.getMSPID();
    if (msp == null || !Check.ID.matcher(msp).matches()) {
      throw ErrorCode.FORBIDDEN.exception("the caller has no usable MSP ID");
    }
    return msp;
  }

  private static String registeredCaller(Context ctx, LedgerStore store) {
    String caller = callerOf(ctx);
    Access.requireRegistered(caller, store.isRegistered(caller));
    return caller;
  }

  private static RuntimeException notFound(String type, String id) {
    return ErrorCode.NOT_FOUND.exception(type + " '" + id + "' does not exist");
  }
}
