package io.mitai.contract.model;

/**
 * The chaincode events: every state-changing transaction emits exactly one, named by {@link
 * #eventName()}, whose payload is the canonical JSON of the record it wrote.
 */
public enum LedgerEvent {
  /** An organisation registered or updated itself; payload: the Organisation. */
  ORGANISATION_REGISTERED("OrganisationRegistered"),
  /** An asset was registered; payload: the DataAsset. */
  ASSET_REGISTERED("AssetRegistered"),
  /** An asset was destroyed; payload: the DataAsset. */
  ASSET_DESTROYED("AssetDestroyed"),
  /** A grant was issued; payload: the Grant. */
  GRANT_ISSUED("GrantIssued"),
  /** A grant was revoked; payload: the Grant. */
  GRANT_REVOKED("GrantRevoked"),
  /** A task was admitted and grant uses consumed; payload: the Task. */
  TASK_SUBMITTED("TaskSubmitted"),
  /** A task was refused and recorded as REJECTED; payload: the Task. */
  TASK_REJECTED("TaskRejected"),
  /** A task started running; payload: the Task. */
  TASK_STARTED("TaskStarted"),
  /** A task succeeded and its result hash was recorded; payload: the Task. */
  TASK_SUCCEEDED("TaskSucceeded"),
  /** A task failed; payload: the Task. */
  TASK_FAILED("TaskFailed"),
  /** A TEE algorithm was published on the allow-list; payload: the Algorithm. */
  ALGORITHM_REGISTERED("AlgorithmRegistered"),
  /** An organisation registered or updated its compute centre; payload: the ComputeCentre. */
  COMPUTE_CENTRE_REGISTERED("ComputeCentreRegistered"),
  /** An input owner recorded its key-release decision; payload: the KeyRelease. */
  KEY_RELEASE_RECORDED("KeyReleaseRecorded");

  private final String eventName;

  LedgerEvent(String eventName) {
    this.eventName = eventName;
  }

  /** The event name as seen by Fabric event listeners. */
  public String eventName() {
    return eventName;
  }
}
