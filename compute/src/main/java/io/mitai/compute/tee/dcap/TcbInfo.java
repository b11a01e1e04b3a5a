package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Intel's TCB info for one FMSPC (PCS {@code tcbInfo}, versions 2 and 3), parsed from the signed
 * bytes after their signature was verified.
 *
 * @param teeType SGX or TDX ({@code id}; a version 2 TCB info has no id and is SGX)
 * @param tcbLevels in the collateral's order (Intel lists them newest first)
 * @param tdxModule the generic TDX module entry, TDX only
 * @param tdxModuleIdentities per-major-version TDX module identities, TDX only
 */
public record TcbInfo(
    TeeType teeType,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    Bytes fmspc,
    Bytes pceId,
    int tcbEvaluationDataNumber,
    List<TcbLevel> tcbLevels,
    Optional<TdxModuleIdentity> tdxModule,
    List<TdxModuleIdentity> tdxModuleIdentities) {
  public TcbInfo {
    Objects.requireNonNull(teeType, "teeType");
    Objects.requireNonNull(issueDate, "issueDate");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
    Objects.requireNonNull(fmspc, "fmspc");
    Objects.requireNonNull(pceId, "pceId");
    Objects.requireNonNull(tdxModule, "tdxModule");
    tcbLevels = List.copyOf(tcbLevels);
    tdxModuleIdentities = List.copyOf(tdxModuleIdentities);
  }
}
