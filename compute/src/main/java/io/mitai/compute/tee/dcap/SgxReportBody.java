package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import java.util.Objects;

/**
 * An SGX enclave report body (384 bytes, Intel SGX {@code sgx_report_body_t}); used both as a
 * quote's body and as the QE report. Offsets: CPUSVN 0, MISCSELECT 16, ATTRIBUTES 48, MRENCLAVE 64,
 * MRSIGNER 128, ISVPRODID 256, ISVSVN 258, REPORTDATA 320; all integers little-endian.
 */
public record SgxReportBody(
    Bytes cpuSvn,
    long miscSelect,
    Bytes attributes,
    Bytes mrEnclave,
    Bytes mrSigner,
    int isvProdId,
    int isvSvn,
    Bytes reportData,
    Bytes raw)
    implements ReportBody {

  /** Size in bytes. */
  public static final int LENGTH = 384;

  /** ATTRIBUTES.FLAGS bit 1: the enclave was launched in debug mode. */
  private static final int FLAG_DEBUG = 0x02;

  public SgxReportBody {
    Objects.requireNonNull(raw, "raw");
    if (raw.length() != LENGTH) {
      throw new IllegalArgumentException("an SGX report body is 384 bytes");
    }
  }

  static SgxReportBody parse(Bytes raw) {
    LittleEndian le = new LittleEndian(raw);
    return new SgxReportBody(
        raw.slice(0, 16),
        le.u32(16),
        raw.slice(48, 64),
        raw.slice(64, 96),
        raw.slice(128, 160),
        le.u16(256),
        le.u16(258),
        raw.slice(320, 384),
        raw);
  }

  @Override
  public boolean debug() {
    return (attributes.unsignedAt(0) & FLAG_DEBUG) != 0;
  }
}
