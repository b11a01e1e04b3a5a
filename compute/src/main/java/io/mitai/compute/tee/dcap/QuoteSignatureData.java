package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;

/**
 * The quote's signature data, flattened over the v3 layout and the v4/v5 nesting (certification
 * data type 6 wrapping the QE report and an inner type 5).
 *
 * @param quoteSignature ECDSA P-256 signature r||s (64 bytes) over header and body
 * @param attestationKey the attestation public key, x||y (64 bytes)
 * @param qeReport the quoting enclave's report, whose REPORTDATA binds the attestation key
 * @param qeReportSignature ECDSA r||s by the PCK key over the 384 QE report bytes
 * @param qeAuthData QE authentication data (hashed into the QE report data)
 * @param pckChainPem certification data type 5: PCK leaf, PCK CA and root, concatenated PEM
 */
public record QuoteSignatureData(
    Bytes quoteSignature,
    Bytes attestationKey,
    SgxReportBody qeReport,
    Bytes qeReportSignature,
    Bytes qeAuthData,
    Bytes pckChainPem) {}
