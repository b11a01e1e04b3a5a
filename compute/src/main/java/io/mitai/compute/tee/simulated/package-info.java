/**
 * The simulated TEE platform, for running the attestation flow where no TEE exists. Entry points:
 * {@link io.mitai.compute.tee.simulated.SimulatedAttester} (worker) and {@link
 * io.mitai.compute.tee.simulated.SimulatedEvidenceVerifier} (node, configured with the one trusted
 * {@link io.mitai.compute.tee.simulated.SimulatedPlatformKey} public key). Evidence is only ever
 * {@code TEE_SIMULATED}: it proves that the holder of a software key signed the claims, nothing
 * about the code that ran.
 */
package io.mitai.compute.tee.simulated;
