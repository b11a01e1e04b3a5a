package io.mitai.compute.tee.evidence;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A verifier's fresh challenge, exactly {@value #LENGTH} bytes. Freshness is the verifier's job: it
 * draws a new nonce per attestation and never accepts evidence for a nonce it did not issue.
 */
public record Nonce(Bytes value) {
  /** Length in bytes; fixed so that the report-data encoding needs no length prefix. */
  public static final int LENGTH = 32;

  public Nonce {
    Objects.requireNonNull(value, "value");
    if (value.length() != LENGTH) {
      throw new IllegalArgumentException("a nonce is " + LENGTH + " bytes, got " + value.length());
    }
  }

  /** A new random nonce. */
  public static Nonce random(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    return new Nonce(Bytes.of(b));
  }
}
