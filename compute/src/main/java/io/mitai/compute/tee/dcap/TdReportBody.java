package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * A TDX TD report body: TD 1.0 (584 bytes, quote v4 and v5 body type 2) or TD 1.5 (648 bytes, v5
 * body type 3, which appends TEE_TCB_SVN2 and MRSERVICETD). Offsets: TEE_TCB_SVN 0, MRSEAM 16,
 * MRSIGNERSEAM 64, SEAMATTRIBUTES 112, TDATTRIBUTES 120, XFAM 128, MRTD 136, MRCONFIGID 184,
 * MROWNER 232, MROWNERCONFIG 280, RTMR0..3 328, REPORTDATA 520.
 *
 * @param rtmrs the four runtime measurement registers
 * @param tdOneFive whether the body is the TD 1.5 layout
 */
public record TdReportBody(
    Bytes teeTcbSvn,
    Bytes mrSeam,
    Bytes mrSignerSeam,
    Bytes seamAttributes,
    Bytes tdAttributes,
    Bytes xfam,
    Bytes mrTd,
    Bytes mrConfigId,
    Bytes mrOwner,
    Bytes mrOwnerConfig,
    List<Bytes> rtmrs,
    Bytes reportData,
    boolean tdOneFive,
    Bytes raw)
    implements ReportBody {

  /** Size of a TD 1.0 body. */
  public static final int LENGTH_TD10 = 584;

  /** Size of a TD 1.5 body. */
  public static final int LENGTH_TD15 = 648;

  /** TDATTRIBUTES bit 0: the TD is debuggable. */
  private static final int TUD_DEBUG = 0x01;

  public TdReportBody {
    Objects.requireNonNull(raw, "raw");
    rtmrs = List.copyOf(rtmrs);
    if (raw.length() != (tdOneFive ? LENGTH_TD15 : LENGTH_TD10)) {
      throw new IllegalArgumentException("TD report body length " + raw.length());
    }
  }

  static TdReportBody parse(Bytes raw, boolean tdOneFive) {
    return new TdReportBody(
        raw.slice(0, 16),
        raw.slice(16, 64),
        raw.slice(64, 112),
        raw.slice(112, 120),
        raw.slice(120, 128),
        raw.slice(128, 136),
        raw.slice(136, 184),
        raw.slice(184, 232),
        raw.slice(232, 280),
        raw.slice(280, 328),
        List.of(raw.slice(328, 376), raw.slice(376, 424), raw.slice(424, 472), raw.slice(472, 520)),
        raw.slice(520, 584),
        tdOneFive,
        raw);
  }

  @Override
  public boolean debug() {
    return (tdAttributes.unsignedAt(0) & TUD_DEBUG) != 0;
  }
}
