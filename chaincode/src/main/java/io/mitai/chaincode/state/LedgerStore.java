package io.mitai.chaincode.state;

import io.mitai.chaincode.rules.LedgerView;
import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.json.RecordJson;
import io.mitai.contract.model.Algorithm;
import io.mitai.contract.model.ComputeCentre;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.HistoryEntry;
import io.mitai.contract.model.KeyRelease;
import io.mitai.contract.model.Organisation;
import io.mitai.contract.model.Task;
import io.mitai.contract.model.TaskInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement.RoleType;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * The only code that touches {@link ChaincodeStub}: reads and writes records under the {@link Keys}
 * scheme, maintains the secondary indexes, reads history and emits the event.
 *
 * <p>Fabric semantics the callers rely on: reads see the committed state only (never this
 * transaction's own writes); range and partial-composite-key queries return keys in order; {@code
 * getHistoryForKey} returns newest first (Fabric &ge; 2.0), which {@link #history} reverses; a
 * transaction keeps only its last event, so each transaction emits exactly one. Never a rich
 * (CouchDB) query.
 *
 * <p>State-based endorsement: an asset's key and its rights key ({@link Keys#ASSET_RIGHTS}) carry a
 * key-level policy naming the owner organisation's peer, set when the asset is registered. Every
 * transaction that changes rights over the asset (a grant issued or revoked, the asset destroyed)
 * writes the rights key, so Fabric's validator refuses it unless the owner's peer endorsed it,
 * whatever the chaincode definition's MAJORITY policy lets other organisations endorse.
 */
public final class LedgerStore implements LedgerView {

  private static final byte[] INDEX_VALUE = {0};

  private final ChaincodeStub stub;

  /**
   * Wraps the stub of the current transaction.
   *
   * @param stub the transaction's stub
   */
  public LedgerStore(ChaincodeStub stub) {
    this.stub = stub;
  }

  /** The transaction function name, for error messages. */
  public String function() {
    return stub.getFunction();
  }

  /** The transaction timestamp: the only "now" of the chaincode. */
  public Instant now() {
    Instant timestamp = stub.getTxTimestamp();
    if (timestamp == null) {
      throw ErrorCode.INTERNAL.exception("the transaction has no timestamp");
    }
    return timestamp;
  }

  // --- organisations -----------------------------------------------------------------------

  @Override
  public boolean isRegistered(String org) {
    return organisation(org).isPresent();
  }

  /** The organisation with MSP ID {@code id}, if registered. */
  public Optional<Organisation> organisation(String id) {
    return read(Keys.primary(Keys.ORG, id), Organisation.class);
  }

  /** Writes an organisation (new or updated). */
  public void putOrganisation(Organisation organisation) {
    write(Keys.primary(Keys.ORG, organisation.id()), organisation);
  }

  /** All organisations in key order. */
  public List<Organisation> organisations() {
    List<Organisation> out = new ArrayList<>();
    QueryResultsIterator<KeyValue> it =
        stub.getStateByRange(Keys.rangeStart(Keys.ORG), Keys.rangeEnd(Keys.ORG));
    try {
      for (KeyValue kv : it) {
        out.add(RecordJson.fromState(kv.getValue(), Organisation.class));
      }
    } finally {
      close(it);
    }
    return out;
  }

  // --- assets ------------------------------------------------------------------------------

  /** The asset {@code id}, if registered. */
  @Override
  public Optional<DataAsset> asset(String id) {
    return read(Keys.primary(Keys.ASSET, id), DataAsset.class);
  }

  /**
   * Writes a newly registered asset, its owner index entry and its rights key (version 0), and puts
   * the owner's key-level endorsement policy on the asset's key and its rights key.
   */
  public void createAsset(DataAsset asset) {
    String key = Keys.primary(Keys.ASSET, asset.id());
    String rights = rightsKey(asset.id());
    write(key, asset);
    index(Keys.ASSET_BY_OWNER, asset.owner(), asset.id());
    stub.putState(rights, version(0));
    byte[] policy = ownerPolicy(asset.owner());
    stub.setStateValidationParameter(key, policy);
    stub.setStateValidationParameter(rights, policy);
  }

  /** Writes a changed asset; every change of an asset (its destruction) changes rights over it. */
  public void updateAsset(DataAsset asset) {
    write(Keys.primary(Keys.ASSET, asset.id()), asset);
    touchRights(asset.id());
  }

  /**
   * The endorsement policy that the asset keys of {@code owner} carry: one signature of a peer of
   * the owner's organisation (MSP ID == organisation id). Same bytes on every peer.
   */
  public static byte[] ownerPolicy(String owner) {
    StateBasedEndorsement sbe =
        StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
    sbe.addOrgs(RoleType.RoleTypePeer, owner);
    return sbe.policy();
  }

  /** The version of the rights over asset {@code id}: how many rights changes it has had. */
  public long rightsVersion(String id) {
    byte[] bytes = stub.getState(rightsKey(id));
    if (bytes == null || bytes.length == 0) {
      throw ErrorCode.INTERNAL.exception("asset '" + id + "' has no rights key");
    }
    return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * Writes the next rights version of asset {@code id}: the write that makes Fabric's validator
   * require the owner's endorsement. It also serialises rights changes on one asset: two concurrent
   * ones conflict (MVCC_READ_CONFLICT) and the later is resubmitted by its client.
   */
  private void touchRights(String id) {
    stub.putState(rightsKey(id), version(rightsVersion(id) + 1));
  }

  private String rightsKey(String id) {
    return stub.createCompositeKey(Keys.ASSET_RIGHTS, id).toString();
  }

  private static byte[] version(long version) {
    return Long.toString(version).getBytes(StandardCharsets.UTF_8);
  }

  /** Assets of {@code owner} in asset-id order. */
  public List<DataAsset> assetsByOwner(String owner) {
    return lookup(Keys.ASSET_BY_OWNER, Keys.ASSET, DataAsset.class, owner);
  }

  // --- grants ------------------------------------------------------------------------------

  /** The grant {@code id}, if issued. */
  @Override
  public Optional<Grant> grant(String id) {
    return read(Keys.primary(Keys.GRANT, id), Grant.class);
  }

  /** Writes a newly issued grant, its index entries and the next rights version of its asset. */
  public void createGrant(Grant grant) {
    write(Keys.primary(Keys.GRANT, grant.id()), grant);
    index(Keys.GRANT_BY_ASSET, grant.assetId(), grant.id());
    index(Keys.GRANT_BY_GRANTEE, grant.grantee(), grant.id());
    touchRights(grant.assetId());
  }

  /** Writes a revoked grant and the next rights version of its asset. */
  public void revokeGrant(Grant revoked) {
    write(Keys.primary(Keys.GRANT, revoked.id()), revoked);
    touchRights(revoked.assetId());
  }

  /** Writes a grant whose use count changed (a task admitted); not a change of rights. */
  public void updateGrant(Grant grant) {
    write(Keys.primary(Keys.GRANT, grant.id()), grant);
  }

  /** Grants on {@code assetId} in {@code grant~asset} key order (grant-id order). */
  @Override
  public List<Grant> grantsByAsset(String assetId) {
    return lookup(Keys.GRANT_BY_ASSET, Keys.GRANT, Grant.class, assetId);
  }

  /** Grants to {@code grantee} in grant-id order. */
  public List<Grant> grantsByGrantee(String grantee) {
    return lookup(Keys.GRANT_BY_GRANTEE, Keys.GRANT, Grant.class, grantee);
  }

  // --- tasks -------------------------------------------------------------------------------

  /** The task {@code id}, if submitted. */
  public Optional<Task> task(String id) {
    return read(Keys.primary(Keys.TASK, id), Task.class);
  }

  /** Writes a newly submitted (or rejected) task and its index entries. */
  public void createTask(Task task) {
    write(Keys.primary(Keys.TASK, task.id()), task);
    index(Keys.TASK_BY_REQUESTER, task.requester(), task.id());
    for (TaskInput input : task.inputs()) {
      index(Keys.TASK_BY_ASSET, input.assetId(), task.id());
    }
  }

  /** Writes a changed task. */
  public void updateTask(Task task) {
    write(Keys.primary(Keys.TASK, task.id()), task);
  }

  /** Tasks with an input on {@code assetId}, in task-id order. */
  public List<Task> tasksByAsset(String assetId) {
    return lookup(Keys.TASK_BY_ASSET, Keys.TASK, Task.class, assetId);
  }

  /** Tasks submitted by {@code requester}, in task-id order. */
  public List<Task> tasksByRequester(String requester) {
    return lookup(Keys.TASK_BY_REQUESTER, Keys.TASK, Task.class, requester);
  }

  // --- algorithms --------------------------------------------------------------------------

  /** The TEE algorithm with this measurement, if registered. */
  @Override
  public Optional<Algorithm> algorithm(String measurement) {
    return read(Keys.primary(Keys.ALGORITHM, measurement), Algorithm.class);
  }

  /** Writes a newly registered algorithm and its name index entry. */
  public void createAlgorithm(Algorithm algorithm) {
    write(Keys.primary(Keys.ALGORITHM, algorithm.measurement()), algorithm);
    index(Keys.ALGORITHM_BY_NAME, algorithm.name(), algorithm.version(), algorithm.measurement());
  }

  /** Every registered algorithm, in (name, version, measurement) key order. */
  public List<Algorithm> algorithms() {
    return lookup(Keys.ALGORITHM_BY_NAME, Keys.ALGORITHM, Algorithm.class);
  }

  // --- compute centres and key releases ----------------------------------------------------

  @Override
  public Optional<ComputeCentre> computeCentre(String id) {
    return read(Keys.primary(Keys.CENTRE, id), ComputeCentre.class);
  }

  /** Writes a compute centre (new or updated). */
  public void putComputeCentre(ComputeCentre centre) {
    write(Keys.primary(Keys.CENTRE, centre.id()), centre);
  }

  /** All compute centres in key (organisation id) order. */
  public List<ComputeCentre> computeCentres() {
    List<ComputeCentre> out = new ArrayList<>();
    QueryResultsIterator<KeyValue> it =
        stub.getStateByRange(Keys.rangeStart(Keys.CENTRE), Keys.rangeEnd(Keys.CENTRE));
    try {
      for (KeyValue kv : it) {
        out.add(RecordJson.fromState(kv.getValue(), ComputeCentre.class));
      }
    } finally {
      close(it);
    }
    return out;
  }

  @Override
  public Optional<KeyRelease> keyRelease(String taskId, int index) {
    return read(Keys.release(taskId, index), KeyRelease.class);
  }

  /** Writes a key release (once per input). */
  public void createKeyRelease(KeyRelease release) {
    write(Keys.release(release.taskId(), release.inputIndex()), release);
  }

  // --- history and events ------------------------------------------------------------------

  /**
   * Every modification of a primary key, oldest first.
   *
   * @param key a primary key {@code <type>:<id>}
   * @return the modifications; empty if the key was never written
   */
  public List<HistoryEntry> history(String key) {
    List<HistoryEntry> out = new ArrayList<>();
    QueryResultsIterator<KeyModification> it = stub.getHistoryForKey(key);
    try {
      for (KeyModification mod : it) {
        String value =
            mod.isDeleted() || mod.getValue() == null || mod.getValue().length == 0
                ? null
                : new String(mod.getValue(), StandardCharsets.UTF_8);
        out.add(new HistoryEntry(mod.getTxId(), mod.getTimestamp(), mod.isDeleted(), value));
      }
    } finally {
      close(it);
    }
    Collections.reverse(out); // Fabric >= 2.0 returns newest first
    return out;
  }

  /**
   * Sets the transaction's one chaincode event.
   *
   * @param name the event name, e.g. {@code GrantIssued}
   * @param record the record whose canonical JSON is the payload
   */
  public void emit(String name, Object record) {
    stub.setEvent(name, RecordJson.toBytes(record));
  }

  // --- plumbing ----------------------------------------------------------------------------

  private <T> Optional<T> read(String key, Class<T> type) {
    byte[] bytes = stub.getState(key);
    if (bytes == null || bytes.length == 0) {
      return Optional.empty();
    }
    return Optional.of(RecordJson.fromState(bytes, type));
  }

  private void write(String key, Object record) {
    stub.putState(key, RecordJson.toBytes(record));
  }

  /** Writes an index entry; the last attribute is the indexed record's id. */
  private void index(String indexName, String... attributes) {
    stub.putState(stub.createCompositeKey(indexName, attributes).toString(), INDEX_VALUE);
  }

  /**
   * Reads the records behind the index entries that start with {@code prefix} (none: the whole
   * index), in key order; the last attribute of each entry is the record's id.
   */
  private <T> List<T> lookup(String indexName, String type, Class<T> clazz, String... prefix) {
    List<String> ids = new ArrayList<>();
    QueryResultsIterator<KeyValue> it =
        stub.getStateByPartialCompositeKey(stub.createCompositeKey(indexName, prefix));
    try {
      for (KeyValue kv : it) {
        List<String> attributes = stub.splitCompositeKey(kv.getKey()).getAttributes();
        ids.add(attributes.get(attributes.size() - 1));
      }
    } finally {
      close(it);
    }
    List<T> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      out.add(
          read(Keys.primary(type, id), clazz)
              .orElseThrow(
                  () ->
                      ErrorCode.INTERNAL.exception(
                          "index " + indexName + " points at missing " + type + ":" + id)));
    }
    return out;
  }

  private static void close(AutoCloseable iterator) {
    try {
      iterator.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ErrorCode.INTERNAL.exception("interrupted while closing a ledger iterator", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw ErrorCode.INTERNAL.exception("a ledger iterator failed to close", e);
    }
  }
}
