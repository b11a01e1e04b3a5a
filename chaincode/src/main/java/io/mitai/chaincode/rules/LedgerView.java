package io.mitai.chaincode.rules;

import io.mitai.contract.model.Algorithm;
import io.mitai.contract.model.ComputeCentre;
import io.mitai.contract.model.DataAsset;
import io.mitai.contract.model.Grant;
import io.mitai.contract.model.KeyRelease;
import java.util.List;
import java.util.Optional;

/**
 * Read-only lookups the rules may need, as of the committed state before the transaction. The
 * contract passes the store; rule tests pass an in-memory map. Never written through.
 */
public interface LedgerView {

  /** The asset {@code id}, if registered. */
  Optional<DataAsset> asset(String id);

  /** The grant {@code id}, if issued. */
  Optional<Grant> grant(String id);

  /** Grants on {@code assetId} in {@code grant~asset} key order. */
  List<Grant> grantsByAsset(String assetId);

  /** Whether {@code org} is a registered organisation. */
  boolean isRegistered(String org);

  /** The TEE algorithm with this measurement, if on the allow-list. */
  Optional<Algorithm> algorithm(String measurement);

  /** The compute centre of organisation {@code id}, if registered. */
  Optional<ComputeCentre> computeCentre(String id);

  /** The recorded key release of input {@code index} of task {@code taskId}, if any. */
  Optional<KeyRelease> keyRelease(String taskId, int index);
}
