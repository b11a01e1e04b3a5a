package io.mitai.chaincode.rules;

import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.model.Organisation;
import io.mitai.contract.model.OrganisationRequest;
import java.time.Instant;
import java.util.Optional;

/** Rules of {@code RegisterOrganisation}. */
public final class OrganisationRules {

  private OrganisationRules() {}

  /**
   * Registers the caller, or updates its record (keeping {@code registeredAt}).
   *
   * @param request validated input
   * @param caller the caller's MSP ID, which becomes the organisation id
   * @param existing the caller's current record, if any
   * @param now the transaction time
   * @return the record to write
   */
  public static Organisation register(
      OrganisationRequest request, String caller, Optional<Organisation> existing, Instant now) {
    if (request.id() != null && !request.id().equals(caller)) {
      throw ErrorCode.FORBIDDEN.exception(
          "an organisation can only register itself: caller is '"
              + caller
              + "', request names '"
              + request.id()
              + "'");
    }
    Instant registeredAt = existing.map(Organisation::registeredAt).orElse(now);
    return new Organisation(
        caller, request.displayName(), request.endpoint(), request.publicKey(), registeredAt, now);
  }
}
