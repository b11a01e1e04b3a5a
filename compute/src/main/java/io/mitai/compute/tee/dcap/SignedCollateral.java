package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A signed TCB info or QE identity: the exact signed JSON bytes, Intel's ECDSA P-256 signature over
 * them (r||s, 64 bytes, as PCS returns it), and the issuer chain (Intel SGX TCB Signing
 * certificate, optionally followed by the root) that PCS sends in its {@code *-Issuer-Chain}
 * header.
 *
 * @param body the exact bytes of the {@code tcbInfo} / {@code enclaveIdentity} JSON object
 * @param signature ECDSA r||s over {@code body}
 * @param issuerChain TCB signing certificate first
 */
public record SignedCollateral(Bytes body, Bytes signature, List<X509Certificate> issuerChain) {
  public SignedCollateral {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(signature, "signature");
    issuerChain = List.copyOf(issuerChain);
    if (signature.length() != 64) {
      throw new IllegalArgumentException("the collateral signature is r||s, 64 bytes");
    }
    if (issuerChain.isEmpty()) {
      throw new IllegalArgumentException("the issuer chain has at least the TCB signing cert");
    }
  }

  /**
   * From a PCS response body: {@code {"tcbInfo":{…},"signature":"…"}} (member {@code "tcbInfo"}) or
   * {@code {"enclaveIdentity":{…},"signature":"…"}} (member {@code "enclaveIdentity"}). The signed
   * bytes are cut from the body exactly as received.
   */
  public static SignedCollateral fromPcsResponse(
      Bytes responseBody, String member, List<X509Certificate> issuerChain)
      throws EvidenceRejectedException {
    return CollateralJson.signedMember(responseBody, member, issuerChain);
  }
}
