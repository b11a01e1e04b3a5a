/**
 * Intel SGX / TDX DCAP ECDSA quotes, written to Intel's published quote and collateral formats with
 * the JDK and Bouncy Castle (ASN.1 only). Entry points: {@link
 * io.mitai.compute.tee.dcap.DcapQuoteVerifier} (the Intel SGX Root CA as trust anchor, a {@link
 * io.mitai.compute.tee.dcap.CollateralSource}, an evaluation time), {@link
 * io.mitai.compute.tee.dcap.SignedCollateral#fromPcsResponse} for PCS bodies, and {@link
 * io.mitai.compute.tee.dcap.GramineDcapAttester} inside a Gramine-SGX enclave. The check order is
 * documented on the verifier and in docs/tee.md.
 */
package io.mitai.compute.tee.dcap;
