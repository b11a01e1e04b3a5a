package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;

/**
 * The 48-byte quote header. {@code qeSvn} and {@code pceSvn} are named reserved in the TDX v4
 * layout but carry the same values in practice; they are informational only (the TCB evaluation
 * uses the PCK certificate's values and the QE report).
 *
 * @param version 3, 4 or 5
 * @param attestationKeyType 2 = ECDSA-256-with-P-256
 * @param teeType SGX or TDX
 * @param qeVendorId 16 bytes; Intel's QE is {@code 939a7233f79c4ca9940a0db3957f0607}
 * @param userData 20 bytes of QE-defined data (unused here)
 */
public record QuoteHeader(
    int version,
    int attestationKeyType,
    TeeType teeType,
    int qeSvn,
    int pceSvn,
    Bytes qeVendorId,
    Bytes userData) {

  /** Size in bytes. */
  public static final int LENGTH = 48;
}
