package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Where the verifier finds collateral for a quote's platform (a PCS/PCCS cache in production, a
 * fixed set in tests). The verifier checks everything it returns; a source needs no trust.
 */
@FunctionalInterface
public interface CollateralSource {
  /**
   * Collateral for a platform, or empty if none is known.
   *
   * @param fmspc the FMSPC from the PCK leaf (6 bytes)
   * @param pckIssuer the PCK leaf's issuer (selects the Platform or Processor CA CRL)
   */
  Optional<DcapCollateral> find(TeeType teeType, Bytes fmspc, X500Principal pckIssuer);

  /**
   * The verifier refused a quote because of the collateral this source returned for the platform (a
   * bad signature, a CRL or window that does not hold at the verification time, a revocation). A
   * source that keeps answers drops this one, so the next quote gets a fresh fetch.
   */
  default void rejected(TeeType teeType, Bytes fmspc, X500Principal pckIssuer) {}

  /** A source that always returns {@code collateral}. */
  static CollateralSource fixed(DcapCollateral collateral) {
    return (tee, fmspc, issuer) -> Optional.of(collateral);
  }
}
