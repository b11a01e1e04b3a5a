package io.mitai.compute.tee.simulated;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.ReportDataBinding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The decoded simulated evidence (format {@code MITAI_SIMULATED_V1}). Encoding, big-endian:
 *
 * <pre>
 *   magic        "MITAI SIMULATED TEE - NOT HW v1\0"   32 bytes (the label travels with the bytes)
 *   measurement  SHA-256 of the code artifact           32 bytes
 *   report data  see ReportDataBinding                   64 bytes
 *   key length   u16, then the platform key as X.509 SPKI DER
 *   sig length   u16, then the ECDSA P-256 / SHA-256 signature (DER) over every preceding byte
 * </pre>
 *
 * No trailing bytes are allowed.
 */
record SimulatedEvidence(
    Bytes measurement, Bytes reportData, Bytes platformKeySpki, Bytes signedPart, Bytes signature) {

  static final byte[] MAGIC =
      "MITAI SIMULATED TEE - NOT HW v1\0".getBytes(StandardCharsets.US_ASCII);

  SimulatedEvidence {
    Objects.requireNonNull(measurement);
    Objects.requireNonNull(reportData);
    Objects.requireNonNull(platformKeySpki);
    Objects.requireNonNull(signedPart);
    Objects.requireNonNull(signature);
    if (measurement.length() != MeasurementKind.CODE_SHA256.length()
        || reportData.length() != ReportDataBinding.LENGTH) {
      throw new IllegalArgumentException("measurement is 32 bytes and report data 64");
    }
  }

  /** The bytes the platform key signs. */
  static byte[] signedPart(Bytes measurement, Bytes reportData, Bytes platformKeySpki) {
    ByteBuffer b =
        ByteBuffer.allocate(MAGIC.length + 32 + 64 + 2 + platformKeySpki.length())
            .put(MAGIC)
            .put(measurement.toByteArray())
            .put(reportData.toByteArray())
            .putShort(u16(platformKeySpki.length()))
            .put(platformKeySpki.toByteArray());
    return b.array();
  }

  static byte[] encode(byte[] signedPart, byte[] signature) {
    return ByteBuffer.allocate(signedPart.length + 2 + signature.length)
        .put(signedPart)
        .putShort(u16(signature.length))
        .put(signature)
        .array();
  }

  static SimulatedEvidence decode(Bytes payload) throws EvidenceRejectedException {
    byte[] p = payload.toByteArray();
    ByteBuffer b = ByteBuffer.wrap(p);
    try {
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw malformed("not Mitai simulated evidence v1");
      }
      Bytes measurement = take(b, 32);
      Bytes reportData = take(b, 64);
      Bytes key = take(b, Short.toUnsignedInt(b.getShort()));
      int signedEnd = b.position();
      Bytes sig = take(b, Short.toUnsignedInt(b.getShort()));
      if (b.hasRemaining()) {
        throw malformed(b.remaining() + " trailing bytes");
      }
      return new SimulatedEvidence(measurement, reportData, key, Bytes.of(p, 0, signedEnd), sig);
    } catch (java.nio.BufferUnderflowException e) {
      throw new EvidenceRejectedException(
          RefusalReason.MALFORMED_EVIDENCE, "simulated evidence truncated", e);
    }
  }

  private static Bytes take(ByteBuffer b, int n) {
    byte[] out = new byte[n];
    b.get(out);
    return Bytes.of(out);
  }

  private static short u16(int n) {
    if (n > 0xffff) {
      throw new IllegalArgumentException("field longer than 65535 bytes");
    }
    return (short) n;
  }

  private static EvidenceRejectedException malformed(String detail) {
    return new EvidenceRejectedException(RefusalReason.MALFORMED_EVIDENCE, detail);
  }
}
