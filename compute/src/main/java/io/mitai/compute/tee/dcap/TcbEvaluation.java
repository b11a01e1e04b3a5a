package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.TcbStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of the TCB evaluation.
 *
 * @param platform the status of the platform's matching TCB info level
 * @param qe the status of the QE identity's matching level
 * @param tdxModule the status of the matching TDX module identity level, if the TCB info has one
 * @param combined the platform status converged with the QE and TDX module statuses
 * @param advisoryIds the advisories of every matched level, sorted, without duplicates
 */
public record TcbEvaluation(
    TcbStatus platform,
    TcbStatus qe,
    Optional<TcbStatus> tdxModule,
    TcbStatus combined,
    List<String> advisoryIds) {
  public TcbEvaluation {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(qe, "qe");
    Objects.requireNonNull(tdxModule, "tdxModule");
    Objects.requireNonNull(combined, "combined");
    advisoryIds = advisoryIds.stream().sorted().distinct().toList();
  }
}
