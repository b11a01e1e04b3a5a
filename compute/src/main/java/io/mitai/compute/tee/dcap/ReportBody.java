package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;

/** The attested report inside a quote: an SGX enclave report or a TDX TD report. */
public sealed interface ReportBody permits SgxReportBody, TdReportBody {
  /** The 64 bytes of REPORTDATA, chosen by the attested software. */
  Bytes reportData();

  /** Whether the enclave / TD runs in debug mode (its memory is then readable by the host). */
  boolean debug();

  /** The body's exact bytes as they appear in the quote. */
  Bytes raw();
}
