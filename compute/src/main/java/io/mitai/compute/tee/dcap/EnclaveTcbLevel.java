package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.TcbStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One TCB level of a QE identity or TDX module identity: met when the ISVSVN is at least this. */
public record EnclaveTcbLevel(
    int isvSvn, Instant tcbDate, TcbStatus status, List<String> advisoryIds) {
  public EnclaveTcbLevel {
    Objects.requireNonNull(tcbDate, "tcbDate");
    Objects.requireNonNull(status, "status");
    advisoryIds = List.copyOf(advisoryIds);
  }
}
