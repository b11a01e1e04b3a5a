/**
 * The attestation seam. Entry points: {@link io.mitai.compute.tee.evidence.Attester} (in the
 * worker), {@link io.mitai.compute.tee.evidence.EvidenceVerifier} (in the node, usually the {@link
 * io.mitai.compute.tee.evidence.EvidenceVerifiers} router) with an {@link
 * io.mitai.compute.tee.evidence.Expectation} built by {@link
 * io.mitai.compute.tee.evidence.Expectation#bindingTo}. A refusal is an {@link
 * io.mitai.compute.tee.evidence.EvidenceRejectedException} carrying a stable {@link
 * io.mitai.compute.tee.evidence.RefusalReason}; the binding of nonce and key is {@link
 * io.mitai.compute.tee.evidence.ReportDataBinding}.
 */
package io.mitai.compute.tee.evidence;
