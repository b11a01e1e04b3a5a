package io.mitai.compute.psi;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * The fast path of {@link HashToCurve25519#hashToCurveU}: the same function as the BigInteger
 * reference ({@code clear_cofactor(map_to_curve(u0) + map_to_curve(u1))}, u-coordinate only),
 * computed with Bouncy Castle's 10-limb {@link X25519Field} arithmetic and a single field
 * inversion.
 *
 * <p>How: each field element goes through the RFC 9380 appendix G.2.1 straight-line Elligator 2 map
 * (one exponentiation, no inversion, output x = xn / xd, y); the two Montgomery points are sent
 * through the RFC 7748 birational map to edwards25519 in extended coordinates, where the unified
 * addition law is complete (a = -1 square, d non-square), so the sum and the three doublings of the
 * cofactor clearing need no special cases; the result's Montgomery u = (Z + Y) / (Z - Y) costs the
 * one inversion. The birational map is a group isomorphism, so this equals the reference's affine
 * Montgomery arithmetic. Its only exceptional inputs (a mapped point with y = 0 or x = -1) have
 * probability about 2^-250 for a hashed message; for them {@link #hashToU} returns empty and the
 * caller falls back to the reference.
 *
 * <p>Not constant-time, like the reference (see its javadoc for why that is acceptable here).
 */
final class FastHashToCurve25519 {
  private static final BigInteger P = HashToCurve25519.P;

  /** Montgomery A = J = 486662. */
  private static final int J = 486662;

  /** sqrt(-1). */
  private static final int[] SQRT_M1 = element(BigInteger.TWO.modPow(P.shiftRight(2), P));

  /** 2^((p + 3) / 8): maps y11 to a square root candidate of g(x2) (RFC 9380 G.2.1 c2). */
  private static final int[] C2 =
      element(BigInteger.TWO.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P));

  /** sqrt(-486664) with sgn0 = 0 (RFC 9380 G.2.2 c1): the Montgomery-to-Edwards scale. */
  private static final int[] SQRT_M486664 =
      element(sqrtWithSgn0(P.subtract(BigInteger.valueOf(486664))));

  /** 2d for edwards25519, d = -121665 / 121666. */
  private static final int[] D2 =
      element(
          BigInteger.valueOf(-121665)
              .multiply(BigInteger.valueOf(121666).modInverse(P))
              .shiftLeft(1)
              .mod(P));

  private FastHashToCurve25519() {}

  /**
   * The RFC 7748 little-endian u-coordinate of the hash of two field elements (each in [0, p)), or
   * empty on an exceptional input (the caller then uses the reference).
   */
  static Optional<byte[]> hashToU(BigInteger u0, BigInteger u1) {
    int[][] p = new int[4][];
    int[][] q = new int[4][];
    if (!toEdwards(map(element(u0)), p) || !toEdwards(map(element(u1)), q)) {
      return Optional.empty();
    }
    add(p, q, p);
    for (int i = 0; i < 3; i++) {
      add(p, p, p);
    }
    int[] num = X25519Field.create();
    int[] den = X25519Field.create();
    X25519Field.add(p[2], p[1], num);
    X25519Field.sub(p[2], p[1], den);
    X25519Field.normalize(den);
    byte[] out = new byte[32];
    if (X25519Field.isZeroVar(den)) {
      return Optional.of(out); // the identity: u = 0, as the reference encodes infinity
    }
    X25519Field.invVar(den, den);
    X25519Field.mul(num, den, num);
    X25519Field.normalize(num);
    X25519Field.encode(num, out, 0);
    return Optional.of(out);
  }

  /**
   * RFC 9380 appendix G.2.1 map_to_curve_elligator2_curve25519: returns {xn, xd, y} with the
   * Montgomery point (xn / xd, y).
   */
  static int[][] map(int[] u) {
    int[] tv1 = X25519Field.create();
    int[] tv2 = X25519Field.create();
    int[] tv3 = X25519Field.create();
    int[] xd = X25519Field.create();
    int[] x1n = X25519Field.create();
    int[] gxd = X25519Field.create();
    int[] gx1 = X25519Field.create();
    int[] y11 = X25519Field.create();
    int[] y12 = X25519Field.create();
    int[] y21 = X25519Field.create();
    int[] y22 = X25519Field.create();
    int[] gx2 = X25519Field.create();
    int[] x2n = X25519Field.create();
    X25519Field.sqr(u, tv1); // 1. tv1 = u^2
    X25519Field.add(tv1, tv1, tv1); // 2. tv1 = 2 u^2
    X25519Field.carry(tv1);
    X25519Field.copy(tv1, 0, xd, 0); // 3. xd = tv1 + 1 (non-zero: -1 is square, tv1 is not)
    X25519Field.addOne(xd);
    x1n[0] = J; // 4. x1n = -J
    X25519Field.negate(x1n, x1n);
    X25519Field.sqr(xd, tv2); // 5. tv2 = xd^2
    X25519Field.mul(tv2, xd, gxd); // 6. gxd = xd^3
    X25519Field.mul(tv1, J, gx1); // 7. gx1 = J tv1 = x1n + J xd
    X25519Field.mul(gx1, x1n, gx1); // 8.
    X25519Field.add(gx1, tv2, gx1); // 9.
    X25519Field.carry(gx1);
    X25519Field.mul(gx1, x1n, gx1); // 10. gx1 = x1n^3 + J x1n^2 xd + x1n xd^2
    X25519Field.sqr(gxd, tv3); // 11. tv3 = gxd^2
    X25519Field.sqr(tv3, tv2); // 12. tv2 = gxd^4
    X25519Field.mul(tv3, gxd, tv3); // 13. tv3 = gxd^3
    X25519Field.mul(tv3, gx1, tv3); // 14. tv3 = gx1 gxd^3
    X25519Field.mul(tv2, tv3, tv2); // 15. tv2 = gx1 gxd^7
    powPm5d8(tv2, y11); // 16. y11 = tv2^((p - 5) / 8)
    X25519Field.mul(y11, tv3, y11); // 17.
    X25519Field.mul(y11, SQRT_M1, y12); // 18.
    X25519Field.sqr(y11, tv2); // 19.
    X25519Field.mul(tv2, gxd, tv2); // 20.
    boolean e1 = equal(tv2, gx1); // 21.
    int[] y1 = e1 ? y11 : y12; // 22.
    X25519Field.mul(x1n, tv1, x2n); // 23. x2n = x1n tv1
    X25519Field.mul(y11, u, y21); // 24.
    X25519Field.mul(y21, C2, y21); // 25.
    X25519Field.mul(y21, SQRT_M1, y22); // 26.
    X25519Field.mul(gx1, tv1, gx2); // 27. gx2 = gx1 tv1
    X25519Field.sqr(y21, tv2); // 28.
    X25519Field.mul(tv2, gxd, tv2); // 29.
    boolean e2 = equal(tv2, gx2); // 30.
    int[] y2 = e2 ? y21 : y22; // 31.
    X25519Field.sqr(y1, tv2); // 32.
    X25519Field.mul(tv2, gxd, tv2); // 33.
    boolean e3 = equal(tv2, gx1); // 34.
    int[] xn = e3 ? x1n : x2n; // 35.
    int[] y = X25519Field.create();
    X25519Field.copy(e3 ? y1 : y2, 0, y, 0); // 36.
    X25519Field.normalize(y);
    boolean e4 = (y[0] & 1) == 1; // 37. sgn0(y): the parity of the canonical value
    if (e3 ^ e4) { // 38.
      X25519Field.negate(y, y);
    }
    return new int[][] {xn, xd, y};
  }

  /**
   * The RFC 7748 birational map to edwards25519, (x, y) = (sqrt(-486664) u / v, (u - 1) / (u + 1)),
   * into extended coordinates {X, Y, Z, T}. False on its exceptional points (v = 0 or u = -1).
   */
  private static boolean toEdwards(int[][] m, int[][] out) {
    int[] xn = m[0];
    int[] xd = m[1];
    int[] y = m[2];
    int[] exn = X25519Field.create();
    int[] exd = X25519Field.create();
    int[] eyn = X25519Field.create();
    int[] eyd = X25519Field.create();
    X25519Field.mul(xn, SQRT_M486664, exn);
    X25519Field.mul(xd, y, exd);
    X25519Field.sub(xn, xd, eyn);
    X25519Field.carry(eyn);
    X25519Field.add(xn, xd, eyd);
    X25519Field.carry(eyd);
    int[] t = X25519Field.create();
    X25519Field.mul(exd, eyd, t);
    X25519Field.normalize(t);
    if (X25519Field.isZeroVar(t)) {
      return false;
    }
    out[0] = X25519Field.create();
    out[1] = X25519Field.create();
    out[2] = t;
    out[3] = X25519Field.create();
    X25519Field.mul(exn, eyd, out[0]);
    X25519Field.mul(eyn, exd, out[1]);
    X25519Field.mul(exn, eyn, out[3]);
    return true;
  }

  /**
   * r = p + q on edwards25519 in extended coordinates (add-2008-hwcd-3, unified and complete for a
   * = -1); r may be p or q.
   */
  private static void add(int[][] p, int[][] q, int[][] r) {
    int[] a = X25519Field.create();
    int[] b = X25519Field.create();
    int[] c = X25519Field.create();
    int[] d = X25519Field.create();
    int[] t = X25519Field.create();
    X25519Field.sub(p[1], p[0], a);
    X25519Field.sub(q[1], q[0], t);
    X25519Field.mul(a, t, a); // A = (Y1 - X1)(Y2 - X2)
    X25519Field.add(p[1], p[0], b);
    X25519Field.add(q[1], q[0], t);
    X25519Field.mul(b, t, b); // B = (Y1 + X1)(Y2 + X2)
    X25519Field.mul(p[3], D2, c);
    X25519Field.mul(c, q[3], c); // C = 2d T1 T2
    X25519Field.mul(p[2], q[2], d);
    X25519Field.add(d, d, d); // D = 2 Z1 Z2
    X25519Field.carry(d);
    int[] e = X25519Field.create();
    int[] f = X25519Field.create();
    int[] g = X25519Field.create();
    int[] h = X25519Field.create();
    X25519Field.sub(b, a, e);
    X25519Field.sub(d, c, f);
    X25519Field.add(d, c, g);
    X25519Field.add(b, a, h);
    X25519Field.carry(e);
    X25519Field.carry(f);
    X25519Field.carry(g);
    X25519Field.carry(h);
    X25519Field.mul(e, f, r[0]);
    X25519Field.mul(g, h, r[1]);
    X25519Field.mul(f, g, r[2]);
    X25519Field.mul(e, h, r[3]);
  }

  /** z = x^((p - 5) / 8) = x^(2^252 - 3). */
  private static void powPm5d8(int[] x, int[] z) {
    int[] t0 = X25519Field.create();
    int[] t1 = X25519Field.create();
    int[] t2 = X25519Field.create();
    X25519Field.sqr(x, t0); // x^2
    X25519Field.sqr(t0, 2, t1); // x^8
    X25519Field.mul(x, t1, t1); // x^9
    X25519Field.mul(t0, t1, t0); // x^11
    X25519Field.sqr(t0, t0); // x^22
    X25519Field.mul(t1, t0, t0); // x^(2^5 - 1)
    X25519Field.sqr(t0, 5, t1);
    X25519Field.mul(t1, t0, t0); // x^(2^10 - 1)
    X25519Field.sqr(t0, 10, t1);
    X25519Field.mul(t1, t0, t1); // x^(2^20 - 1)
    X25519Field.sqr(t1, 20, t2);
    X25519Field.mul(t2, t1, t1); // x^(2^40 - 1)
    X25519Field.sqr(t1, 10, t1);
    X25519Field.mul(t1, t0, t0); // x^(2^50 - 1)
    X25519Field.sqr(t0, 50, t1);
    X25519Field.mul(t1, t0, t1); // x^(2^100 - 1)
    X25519Field.sqr(t1, 100, t2);
    X25519Field.mul(t2, t1, t1); // x^(2^200 - 1)
    X25519Field.sqr(t1, 50, t1);
    X25519Field.mul(t1, t0, t0); // x^(2^250 - 1)
    X25519Field.sqr(t0, 2, t0); // x^(2^252 - 4)
    X25519Field.mul(t0, x, z); // x^(2^252 - 3)
  }

  private static boolean equal(int[] x, int[] y) {
    int[] t = X25519Field.create();
    X25519Field.sub(x, y, t);
    X25519Field.normalize(t);
    return X25519Field.isZeroVar(t);
  }

  /** A field element in [0, p) as limbs. */
  static int[] element(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    int[] z = X25519Field.create();
    X25519Field.decode255(le, z);
    return z;
  }

  private static BigInteger sqrtWithSgn0(BigInteger x) {
    BigInteger r = x.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!r.multiply(r).mod(P).equals(x)) {
      r = r.multiply(BigInteger.TWO.modPow(P.shiftRight(2), P)).mod(P);
    }
    if (!r.multiply(r).mod(P).equals(x)) {
      throw new IllegalStateException("not a square");
    }
    return r.testBit(0) ? P.subtract(r) : r;
  }
}
