package io.mitai.contract.model;

import java.util.List;

/**
 * One input of a recorded task.
 *
 * @param assetId the asset
 * @param owner the asset's owner, copied by the chaincode; absent if the asset does not exist
 * @param grantId the grant that admitted the input; absent for the requester's own asset, and on a
 *     rejected task present only if the client named it
 * @param columns the columns used, in the order requested
 */
public record TaskInput(String assetId, String owner, String grantId, List<String> columns) {
  /** Checks presence and copies the columns. */
  public TaskInput {
    Check.present("assetId", assetId);
    columns = Check.list("columns", columns, true);
  }
}
