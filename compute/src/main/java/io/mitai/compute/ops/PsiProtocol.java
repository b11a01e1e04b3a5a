package io.mitai.compute.ops;

/**
 * Which two-party PSI protocol runs when the requester holds one of the inputs. Both are
 * semi-honest and reveal the same sizes; they differ in cost and in what PSI_CARDINALITY can hide
 * (see {@code docs/protocols.md}).
 */
public enum PsiProtocol {
  /** ECDH-PSI over curve25519: bound by public-key operations; serves PSI and PSI_CARDINALITY. */
  ECDH,
  /**
   * OT-extension PSI (KKRT16): bound by AES and bandwidth. PSI only: its receiver learns which of
   * its own items are in the intersection, so it cannot hide the intersection for PSI_CARDINALITY.
   */
  OT
}
