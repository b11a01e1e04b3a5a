package io.mitai.contract;

/**
 * Every transaction of the data-rights contract, by the name Fabric and the embedded ledger know it
 * by. The contract's {@code @Transaction} annotations must spell exactly these names (an annotation
 * needs a constant string, so the chaincode's tests check the two lists are one); the node names a
 * transaction only through this enum.
 */
public enum Tx {
  REGISTER_ORGANISATION("RegisterOrganisation", Intent.SUBMIT),
  READ_ORGANISATION("ReadOrganisation", Intent.EVALUATE),
  LIST_ORGANISATIONS("ListOrganisations", Intent.EVALUATE),
  REGISTER_ASSET("RegisterAsset", Intent.SUBMIT),
  READ_ASSET("ReadAsset", Intent.EVALUATE),
  QUERY_ASSETS_BY_OWNER("QueryAssetsByOwner", Intent.EVALUATE),
  DESTROY_ASSET("DestroyAsset", Intent.SUBMIT),
  ISSUE_GRANT("IssueGrant", Intent.SUBMIT),
  REVOKE_GRANT("RevokeGrant", Intent.SUBMIT),
  READ_GRANT("ReadGrant", Intent.EVALUATE),
  QUERY_GRANTS_BY_ASSET("QueryGrantsByAsset", Intent.EVALUATE),
  QUERY_GRANTS_BY_GRANTEE("QueryGrantsByGrantee", Intent.EVALUATE),
  SUBMIT_TASK("SubmitTask", Intent.SUBMIT),
  RECORD_TASK_STARTED("RecordTaskStarted", Intent.SUBMIT),
  RECORD_TASK_RESULT("RecordTaskResult", Intent.SUBMIT),
  RECORD_TASK_FAILURE("RecordTaskFailure", Intent.SUBMIT),
  READ_TASK("ReadTask", Intent.EVALUATE),
  QUERY_TASKS_BY_ASSET("QueryTasksByAsset", Intent.EVALUATE),
  QUERY_TASKS_BY_REQUESTER("QueryTasksByRequester", Intent.EVALUATE),
  REGISTER_ALGORITHM("RegisterAlgorithm", Intent.SUBMIT),
  READ_ALGORITHM("ReadAlgorithm", Intent.EVALUATE),
  LIST_ALGORITHMS("ListAlgorithms", Intent.EVALUATE),
  GET_HISTORY("GetHistory", Intent.EVALUATE),
  REGISTER_COMPUTE_CENTRE("RegisterComputeCentre", Intent.SUBMIT),
  READ_COMPUTE_CENTRE("ReadComputeCentre", Intent.EVALUATE),
  LIST_COMPUTE_CENTRES("ListComputeCentres", Intent.EVALUATE),
  RECORD_KEY_RELEASE("RecordKeyRelease", Intent.SUBMIT),
  LIST_KEY_RELEASES("ListKeyReleases", Intent.EVALUATE);

  /** Whether a transaction changes the world state (ordered) or only reads it (evaluated). */
  public enum Intent {
    SUBMIT,
    EVALUATE
  }

  private final String txName;
  private final Intent intent;

  Tx(String txName, Intent intent) {
    this.txName = txName;
    this.intent = intent;
  }

  /** The transaction's name on the ledger. */
  public String txName() {
    return txName;
  }

  public Intent intent() {
    return intent;
  }

  /** The transaction of that ledger name. */
  public static java.util.Optional<Tx> named(String txName) {
    for (Tx tx : values()) {
      if (tx.txName.equals(txName)) {
        return java.util.Optional.of(tx);
      }
    }
    return java.util.Optional.empty();
  }
}
