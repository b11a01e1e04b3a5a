package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.TcbStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One platform TCB level of a TCB info.
 *
 * @param sgxComponentSvns the 16 SGX component SVNs the platform must meet
 * @param pceSvn the PCE SVN the platform must meet
 * @param tdxComponentSvns the 16 TDX component SVNs (TDX TCB info only; empty for SGX)
 */
public record TcbLevel(
    List<Integer> sgxComponentSvns,
    int pceSvn,
    List<Integer> tdxComponentSvns,
    Instant tcbDate,
    TcbStatus status,
    List<String> advisoryIds) {
  public TcbLevel {
    sgxComponentSvns = List.copyOf(sgxComponentSvns);
    tdxComponentSvns = List.copyOf(tdxComponentSvns);
    advisoryIds = List.copyOf(advisoryIds);
    Objects.requireNonNull(tcbDate, "tcbDate");
    Objects.requireNonNull(status, "status");
    if (sgxComponentSvns.size() != 16
        || !(tdxComponentSvns.isEmpty() || tdxComponentSvns.size() == 16)) {
      throw new IllegalArgumentException("a TCB level has 16 SGX (and 0 or 16 TDX) components");
    }
  }
}
