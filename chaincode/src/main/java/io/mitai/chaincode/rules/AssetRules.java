package io.mitai.chaincode.rules;

import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.model.AssetRequest;
import io.mitai.contract.model.AssetStatus;
import io.mitai.contract.model.Check;
import io.mitai.contract.model.DataAsset;
import java.time.Instant;

/** Rules of {@code RegisterAsset} and {@code DestroyAsset}. */
public final class AssetRules {

  private AssetRules() {}

  /**
   * Registers an asset owned by the caller.
   *
   * @param request validated input
   * @param caller the caller's MSP ID (the owner)
   * @param idTaken whether {@code asset:<id>} already exists
   * @param now the transaction time
   * @return the record to write
   */
  public static DataAsset register(
      AssetRequest request, String caller, boolean idTaken, Instant now) {
    if (idTaken) {
      throw ErrorCode.ALREADY_EXISTS.exception("asset '" + request.id() + "' already exists");
    }
    return new DataAsset(
        request.id(),
        caller,
        request.name(),
        request.columns(),
        request.rowCount(),
        request.commitment(),
        AssetStatus.ACTIVE,
        null,
        now,
        now);
  }

  /**
   * Validates a destruction reason given as a transaction argument.
   *
   * @param reason the argument
   * @return the reason
   */
  public static String reason(String reason) {
    return Check.text("reason", reason, Check.MAX_TEXT);
  }

  /**
   * Destroys an asset (crypto-shredding happens off-chain; this records it).
   *
   * @param asset the current record
   * @param caller the caller's MSP ID; must be the owner
   * @param reason validated reason
   * @param now the transaction time
   * @return the record to write
   */
  public static DataAsset destroy(DataAsset asset, String caller, String reason, Instant now) {
    Access.requireOwner(caller, asset.owner(), "asset '" + asset.id() + "'");
    if (asset.status() == AssetStatus.DESTROYED) {
      throw ErrorCode.INVALID_STATE.exception("asset '" + asset.id() + "' is already destroyed");
    }
    return asset.destroyed(reason, now);
  }
}
