package io.mitai.compute.tee.evidence;

import java.util.Objects;

/** One measurement of a kind, e.g. an MRENCLAVE value. */
public record Measurement(MeasurementKind kind, Bytes value) {
  public Measurement {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (value.length() != kind.length()) {
      throw new IllegalArgumentException(
          kind + " is " + kind.length() + " bytes, got " + value.length());
    }
  }

  /** A measurement from its hex form. */
  public static Measurement of(MeasurementKind kind, String hex) {
    return new Measurement(kind, Bytes.fromHex(hex));
  }

  @Override
  public String toString() {
    return kind + ":" + value.hex();
  }
}
