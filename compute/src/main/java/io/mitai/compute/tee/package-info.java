/**
 * Attestation evidence for TEE jobs: proving to a node what code a worker runs, on what platform,
 * bound to the node's fresh nonce and the worker's ephemeral key.
 *
 * <ul>
 *   <li>{@link io.mitai.compute.tee.evidence} — the seam: {@code Attester}, {@code
 *       EvidenceVerifier}, {@code Expectation}, {@code VerifiedEvidence}, typed refusals.
 *   <li>{@link io.mitai.compute.tee.simulated} — the simulated platform (always {@code
 *       TEE_SIMULATED}).
 *   <li>{@link io.mitai.compute.tee.dcap} — Intel SGX/TDX DCAP quote verification ({@code
 *       TEE_HARDWARE}) and the Gramine attester.
 * </ul>
 *
 * Worked example, in the node:
 *
 * <pre>{@code
 * Nonce nonce = Nonce.random(secureRandom);                       // send to the worker
 * Evidence evidence = ...;                                        // worker: attester.attest(nonce, workerKey)
 * EvidenceVerifier verifier = new EvidenceVerifiers(Map.of(
 *     EvidenceFormat.INTEL_DCAP_QUOTE, new DcapQuoteVerifier(intelRootCa, collateralSource),
 *     EvidenceFormat.MITAI_SIMULATED_V1, new SimulatedEvidenceVerifier(simulatedPlatformKey)));
 * VerifiedEvidence v = verifier.verify(evidence,
 *     Expectation.bindingTo(nonce, workerKey, grantMeasurements, grantMinimum), ledgerTime);
 * // v.assurance(), v.measurements(), v.tcbStatus(); v.evidenceSha256() goes on the task record
 * }</pre>
 *
 * Trust model and the DCAP steps: docs/tee.md.
 */
package io.mitai.compute.tee;
