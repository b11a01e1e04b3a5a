package io.mitai.contract.model;

import java.util.List;

/**
 * One input of {@code SubmitTask}.
 *
 * @param assetId required
 * @param grantId optional; if absent and the asset is not the requester's own, the chaincode picks
 *     the first usable grant to the requester in key order
 * @param columns required, non-empty, no duplicates; order is kept (it is meaningful to the
 *     operation, e.g. {@code [key, value...]})
 */
public record TaskInputRequest(String assetId, String grantId, List<String> columns) {
  /** Validates the shape of the input. */
  public TaskInputRequest {
    Check.id("inputs[].assetId", assetId);
    Check.optionalId("inputs[].grantId", grantId);
    columns = Check.list("inputs[].columns", columns, true);
    for (String column : columns) {
      Check.text("inputs[].columns[]", column, Check.MAX_NAME);
    }
    Check.distinct("inputs[].columns", columns, c -> c);
  }
}
