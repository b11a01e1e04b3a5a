package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;

/** Little-endian integer reads from a byte string (every integer in a quote is little-endian). */
final class LittleEndian {
  private final Bytes b;

  LittleEndian(Bytes b) {
    this.b = b;
  }

  int u16(int at) {
    return b.unsignedAt(at) | b.unsignedAt(at + 1) << 8;
  }

  long u32(int at) {
    return (long) u16(at) | (long) u16(at + 2) << 16;
  }
}
