package io.mitai.compute.tee.dcap;

import java.security.cert.X509CRL;
import java.util.Objects;

/**
 * The collateral one quote is verified with, all as issued by Intel PCS for the quote's FMSPC and
 * TEE type.
 *
 * @param tcbInfo signed TCB info for the platform's FMSPC
 * @param qeIdentity signed QE identity (QE for SGX, TD_QE for TDX)
 * @param rootCaCrl the Intel SGX Root CA's CRL (revokes intermediate CAs and the TCB signer)
 * @param pckCrl the CRL of the PCK leaf's issuer (Platform CA or Processor CA)
 */
public record DcapCollateral(
    SignedCollateral tcbInfo, SignedCollateral qeIdentity, X509CRL rootCaCrl, X509CRL pckCrl) {
  public DcapCollateral {
    Objects.requireNonNull(tcbInfo, "tcbInfo");
    Objects.requireNonNull(qeIdentity, "qeIdentity");
    Objects.requireNonNull(rootCaCrl, "rootCaCrl");
    Objects.requireNonNull(pckCrl, "pckCrl");
  }
}
