package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.RefusalReason;

/**
 * Parses Intel DCAP ECDSA quotes to Intel's published layouts (all integers little-endian):
 *
 * <pre>
 * v3 (SGX):  header(48) body(384) sig_len(u32) sig(64) att_key(64) qe_report(384) qe_sig(64)
 *            qe_auth_len(u16) qe_auth cert_type(u16 = 5) cert_len(u32) pck_chain_pem
 * v4 (TDX):  header(48) body(584) sig_len(u32) sig(64) att_key(64)
 *            cert_type(u16 = 6) cert_len(u32) [ qe_report(384) qe_sig(64) qe_auth_len(u16) qe_auth
 *                                              cert_type(u16 = 5) cert_len(u32) pck_chain_pem ]
 * v5:        header(48) body_type(u16) body_len(u32) body sig_len(u32) ... as v4
 *            body_type 1 = SGX (384), 2 = TD 1.0 (584), 3 = TD 1.5 (648)
 * </pre>
 *
 * Every length must be consumed exactly: {@link #parse} refuses trailing bytes. Devices and sample
 * files often pad a quote; {@link #quoteLength} finds the quote's own length so that the producer
 * can cut the padding before the quote becomes evidence.
 */
public final class QuoteParser {
  /** ECDSA-256-with-P-256 attestation key type. */
  public static final int ATT_KEY_TYPE_ECDSA_P256 = 2;

  /** Intel's quoting enclave vendor id. */
  public static final Bytes INTEL_QE_VENDOR_ID = Bytes.fromHex("939a7233f79c4ca9940a0db3957f0607");

  private static final int CERT_TYPE_PCK_CHAIN = 5;
  private static final int CERT_TYPE_QE_REPORT = 6;

  private QuoteParser() {}

  /** Parses exactly one quote; any byte after its end is refused as malformed. */
  public static Quote parse(Bytes quote) throws EvidenceRejectedException {
    Reader r = new Reader(quote);
    Quote q = read(r);
    if (r.pos != quote.length()) {
      throw malformed((quote.length() - r.pos) + " bytes after the end of the quote");
    }
    return q;
  }

  /** The length of the quote at the start of {@code bytes}, ignoring anything after it. */
  public static int quoteLength(Bytes bytes) throws EvidenceRejectedException {
    Reader r = new Reader(bytes);
    read(r);
    return r.pos;
  }

  private static Quote read(Reader r) throws EvidenceRejectedException {
    int version = r.u16();
    int attKeyType = r.u16();
    long teeCode = r.u32();
    int qeSvn = r.u16();
    int pceSvn = r.u16();
    Bytes vendor = r.bytes(16);
    Bytes userData = r.bytes(20);
    if (attKeyType != ATT_KEY_TYPE_ECDSA_P256) {
      throw unsupported("attestation key type " + attKeyType);
    }
    if (!vendor.equals(INTEL_QE_VENDOR_ID)) {
      throw unsupported("QE vendor " + vendor.hex());
    }
    TeeType tee =
        TeeType.ofCode(teeCode)
            .orElseThrow(() -> unsupported("TEE type 0x" + Long.toHexString(teeCode)));
    QuoteHeader header = new QuoteHeader(version, attKeyType, tee, qeSvn, pceSvn, vendor, userData);

    ReportBody body;
    switch (version) {
      case 3 -> {
        if (tee != TeeType.SGX) {
          throw unsupported("quote v3 is SGX only");
        }
        body = SgxReportBody.parse(r.bytes(SgxReportBody.LENGTH));
      }
      case 4 ->
          body =
              tee == TeeType.SGX
                  ? SgxReportBody.parse(r.bytes(SgxReportBody.LENGTH))
                  : TdReportBody.parse(r.bytes(TdReportBody.LENGTH_TD10), false);
      case 5 -> {
        int bodyType = r.u16();
        long bodyLen = r.u32();
        body =
            switch (bodyType) {
              case 1 ->
                  sized(tee == TeeType.SGX, bodyLen, SgxReportBody.LENGTH)
                      ? SgxReportBody.parse(r.bytes(SgxReportBody.LENGTH))
                      : null;
              case 2 ->
                  sized(tee == TeeType.TDX, bodyLen, TdReportBody.LENGTH_TD10)
                      ? TdReportBody.parse(r.bytes(TdReportBody.LENGTH_TD10), false)
                      : null;
              case 3 ->
                  sized(tee == TeeType.TDX, bodyLen, TdReportBody.LENGTH_TD15)
                      ? TdReportBody.parse(r.bytes(TdReportBody.LENGTH_TD15), true)
                      : null;
              default -> throw unsupported("v5 body type " + bodyType);
            };
        if (body == null) {
          throw malformed("v5 body type " + bodyType + " with length " + bodyLen + " for " + tee);
        }
      }
      default -> throw unsupported("quote version " + version);
    }
    Bytes signedPart = r.src.slice(0, r.pos);

    long sigLen = r.u32();
    int sigEnd = r.end(sigLen);
    Bytes signature = r.bytes(64);
    Bytes attKey = r.bytes(64);
    QuoteSignatureData sig;
    if (version == 3) {
      sig = qeSection(r, signature, attKey, sigEnd);
    } else {
      int certType = r.u16();
      long certLen = r.u32();
      if (certType != CERT_TYPE_QE_REPORT) {
        throw malformed("expected certification data type 6, got " + certType);
      }
      int certEnd = r.end(certLen);
      sig = qeSection(r, signature, attKey, certEnd);
      r.expectAt(sigEnd, "signature data");
    }
    return new Quote(header, body, signedPart, sig);
  }

  /**
   * QE report, its signature, auth data and the type-5 PCK chain, which must end at {@code end}.
   */
  private static QuoteSignatureData qeSection(Reader r, Bytes signature, Bytes attKey, int end)
      throws EvidenceRejectedException {
    SgxReportBody qeReport = SgxReportBody.parse(r.bytes(SgxReportBody.LENGTH));
    Bytes qeSig = r.bytes(64);
    Bytes auth = r.bytes(r.u16());
    int certType = r.u16();
    long certLen = r.u32();
    if (certType != CERT_TYPE_PCK_CHAIN) {
      throw malformed("expected certification data type 5 (PCK chain), got " + certType);
    }
    Bytes chain = r.bytes(r.end(certLen) - r.pos);
    r.expectAt(end, "certification data");
    return new QuoteSignatureData(signature, attKey, qeReport, qeSig, auth, chain);
  }

  private static boolean sized(boolean teeMatches, long actual, int expected) {
    return teeMatches && actual == expected;
  }

  private static EvidenceRejectedException malformed(String detail) {
    return new EvidenceRejectedException(RefusalReason.MALFORMED_EVIDENCE, detail);
  }

  private static EvidenceRejectedException unsupported(String detail) {
    return new EvidenceRejectedException(RefusalReason.UNSUPPORTED_QUOTE, detail);
  }

  /** A bounds-checked cursor. */
  private static final class Reader {
    private final Bytes src;
    private int pos;

    Reader(Bytes src) {
      this.src = src;
    }

    Bytes bytes(int n) throws EvidenceRejectedException {
      if (n < 0 || n > src.length() - pos) {
        throw malformed("truncated: need " + n + " bytes at " + pos + " of " + src.length());
      }
      Bytes out = src.slice(pos, pos + n);
      pos += n;
      return out;
    }

    int u16() throws EvidenceRejectedException {
      return new LittleEndian(bytes(2)).u16(0);
    }

    long u32() throws EvidenceRejectedException {
      return new LittleEndian(bytes(4)).u32(0);
    }

    /** The end offset of a field of {@code len} bytes starting here, if it fits. */
    int end(long len) throws EvidenceRejectedException {
      if (len > src.length() - pos) {
        throw malformed("length " + len + " at " + pos + " exceeds the quote");
      }
      return pos + (int) len;
    }

    void expectAt(int end, String what) throws EvidenceRejectedException {
      if (pos != end) {
        throw malformed(what + " length does not match its content");
      }
    }
  }
}
