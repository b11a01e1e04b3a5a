package io.mitai.chaincode.rules;

import io.mitai.contract.error.ErrorCode;
import io.mitai.contract.model.Algorithm;
import io.mitai.contract.model.AlgorithmRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Rules of {@code RegisterAlgorithm}. Any registered organisation may publish an algorithm, under
 * its own MSP ID; a published record is never altered or removed (a new build is a new
 * measurement). Owners decide which measurements their grants allow.
 */
public final class AlgorithmRules {

  private AlgorithmRules() {}

  /**
   * Publishes an algorithm on the allow-list.
   *
   * @param request validated input
   * @param caller the caller's MSP ID (the publisher; registration is checked by the contract)
   * @param existing the record at {@code algorithm:<measurement>}, if any (ALREADY_EXISTS)
   * @param now the transaction time
   * @return the record to write
   */
  public static Algorithm register(
      AlgorithmRequest request, String caller, Optional<Algorithm> existing, Instant now) {
    if (existing.isPresent()) {
      Algorithm found = existing.get();
      throw ErrorCode.ALREADY_EXISTS.exception(
          "algorithm measurement "
              + found.measurement()
              + " is already registered as "
              + found.name()
              + " "
              + found.version()
              + " by '"
              + found.publisher()
              + "'; a registered algorithm cannot be changed");
    }
    return new Algorithm(
        request.measurement(),
        request.name(),
        request.version(),
        caller,
        request.description(),
        now,
        now);
  }
}
