package io.mitai.compute.tee.evidence;

/**
 * Why evidence was refused. Each constant has a stable numeric {@link #code()} (never reused): 1xx
 * binding and policy, 2xx simulated evidence, 3xx quote structure and signatures, 4xx certificates
 * and CRLs, 5xx signed collateral, 6xx TCB evaluation.
 */
public enum RefusalReason {
  /** The evidence bytes do not parse in their declared format (including trailing bytes). */
  MALFORMED_EVIDENCE(101),
  /** No verifier is configured for the evidence's format. */
  UNSUPPORTED_FORMAT(102),
  /** The report data is not the binding of the expected nonce and worker key. */
  REPORT_DATA_MISMATCH(103),
  /** A measurement is not among those the grant allows. */
  MEASUREMENT_NOT_ALLOWED(104),
  /** The evidence's assurance level is below the grant's minimum. */
  ASSURANCE_BELOW_MINIMUM(105),
  /** The enclave or trust domain runs in debug mode, which the expectation does not allow. */
  DEBUG_MODE_NOT_ALLOWED(106),

  /** Simulated evidence signed by a platform key other than the configured simulated key. */
  SIMULATED_KEY_NOT_TRUSTED(201),
  /** The simulated platform signature does not verify. */
  SIMULATED_SIGNATURE_INVALID(202),

  /** Quote version, attestation key type, TEE type or QE vendor not supported. */
  UNSUPPORTED_QUOTE(301),
  /** The quote's ECDSA signature over header and body does not verify with its attestation key. */
  QUOTE_SIGNATURE_INVALID(302),
  /** The QE report signature does not verify with the PCK leaf's public key. */
  QE_REPORT_SIGNATURE_INVALID(303),
  /** QE report data is not SHA-256(attestation key || QE auth data) followed by zeros. */
  ATTESTATION_KEY_NOT_BOUND(304),
  /** The certification data is not a well-formed PCK certificate chain. */
  PCK_CHAIN_MALFORMED(305),

  /** A certificate chain does not validate to the trust anchor (signature, names, constraints). */
  CERTIFICATE_CHAIN_INVALID(401),
  /** A certificate in a chain has expired at the evaluation time. */
  CERTIFICATE_EXPIRED(402),
  /** A certificate in a chain is not yet valid at the evaluation time. */
  CERTIFICATE_NOT_YET_VALID(403),
  /** A certificate in a chain is listed on its issuer's CRL. */
  CERTIFICATE_REVOKED(404),
  /** A CRL is not signed by, or not issued by, the certificate authority it must come from. */
  CRL_INVALID(405),

  /** TCB info or QE identity signature does not verify with the TCB signing key. */
  COLLATERAL_SIGNATURE_INVALID(501),
  /** The signed collateral does not parse or lacks a required field. */
  COLLATERAL_MALFORMED(502),
  /** A piece of collateral (TCB info, QE identity or CRL) is past its nextUpdate. */
  COLLATERAL_EXPIRED(503),
  /** A piece of collateral was issued after the evaluation time. */
  COLLATERAL_NOT_YET_VALID(504),
  /** Collateral for another TEE type, FMSPC or PCE-ID than the quote's. */
  COLLATERAL_MISMATCH(505),
  /** No collateral is available for the quote's platform. */
  COLLATERAL_UNAVAILABLE(506),

  /** The QE report does not match the QE identity (MRSIGNER, ISVPRODID, MISCSELECT, ATTRIBUTES). */
  QE_IDENTITY_MISMATCH(601),
  /** No TCB level of the collateral is met by the platform, QE or TDX module. */
  TCB_LEVEL_NOT_FOUND(602),
  /** The platform, QE or TDX module TCB is revoked. */
  TCB_REVOKED(603),
  /** The TCB status is valid but not among those the expectation accepts. */
  TCB_STATUS_NOT_ACCEPTED(604),
  /** The TDX module's MRSIGNERSEAM or SEAM attributes do not match the TCB info. */
  TDX_MODULE_MISMATCH(605);

  private final int code;

  RefusalReason(int code) {
    this.code = code;
  }

  /** The stable numeric code. */
  public int code() {
    return code;
  }
}
