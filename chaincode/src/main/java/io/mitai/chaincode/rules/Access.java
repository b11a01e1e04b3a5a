package io.mitai.chaincode.rules;

import io.mitai.contract.error.ErrorCode;

/** Who may write: every write needs a registered caller, except registering oneself. */
public final class Access {

  private Access() {}

  /**
   * Requires the caller to be a registered organisation.
   *
   * @param caller the caller's MSP ID
   * @param registered whether {@code org:<caller>} exists
   */
  public static void requireRegistered(String caller, boolean registered) {
    if (!registered) {
      throw ErrorCode.FORBIDDEN.exception(
          "organisation '" + caller + "' is not registered; call RegisterOrganisation first");
    }
  }

  /**
   * Requires the caller to be the owner.
   *
   * @param caller the caller's MSP ID
   * @param owner the owning organisation
   * @param what what is being acted on, for the message
   */
  public static void requireOwner(String caller, String owner, String what) {
    if (!owner.equals(caller)) {
      throw ErrorCode.FORBIDDEN.exception(
          "only the owner '" + owner + "' may do this to " + what + ", not '" + caller + "'");
    }
  }
}
