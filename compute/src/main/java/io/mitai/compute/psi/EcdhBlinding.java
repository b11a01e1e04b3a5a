package io.mitai.compute.psi;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * One party's secret for one ECDH-PSI session: hashes keys to curve25519 (RFC 9380 RO suite) and
 * multiplies points by its per-session scalar with Bouncy Castle's raw X25519 ladder.
 *
 * <p>Scalars are clamped by X25519 (a multiple of 8), so any small-order component a peer might
 * inject is killed, and [a]([b]H) = [b]([a]H) makes the double-blinded values of equal keys equal.
 * The scalar lives only in this object; create one per session and let it go when the session ends.
 * Work is split across the available cores.
 */
public final class EcdhBlinding {
  /** Domain separation tag of Mitai's PSI hash (RFC 9380 section 3.1 format). */
  public static final byte[] DST =
      "MITAI-V01-CS01-with-curve25519_XMD:SHA-512_ELL2_RO_".getBytes(StandardCharsets.US_ASCII);

  /** Encoded point size (an X25519 u-coordinate). */
  public static final int POINT_BYTES = 32;

  private static final HashToCurve25519 HASHER = new HashToCurve25519(DST);

  private final byte[] scalar = new byte[X25519.SCALAR_SIZE];

  public EcdhBlinding(SecureRandom random) {
    random.nextBytes(scalar);
  }

  /** H(key)^k for each key, as 32-byte u-coordinates, in input order. */
  public byte[][] hashAndBlind(List<String> keys) {
    byte[][] out = new byte[keys.size()][];
    IntStream.range(0, keys.size())
        .parallel()
        .forEach(
            i -> {
              byte[] h = HASHER.hashToCurve(keys.get(i).getBytes(StandardCharsets.UTF_8)).uBytes();
              out[i] = multiply(h);
            });
    return out;
  }

  /**
   * p^k for each point, in input order.
   *
   * @throws IllegalArgumentException if a point is not 32 bytes or yields the all-zero output (a
   *     low-order input: honest peers never send one)
   */
  public byte[][] blind(byte[][] points) {
    byte[][] out = new byte[points.length][];
    IntStream.range(0, points.length)
        .parallel()
        .forEach(
            i -> {
              if (points[i].length != POINT_BYTES) {
                throw new IllegalArgumentException("point of wrong length");
              }
              out[i] = multiply(points[i]);
            });
    return out;
  }

  private byte[] multiply(byte[] u) {
    byte[] r = new byte[POINT_BYTES];
    X25519.scalarMult(scalar, 0, u, 0, r, 0);
    if (Arrays.equals(r, new byte[POINT_BYTES])) {
      throw new IllegalArgumentException("low-order point");
    }
    return r;
  }
}
