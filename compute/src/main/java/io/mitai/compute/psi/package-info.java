/**
 * PSI building blocks. ECDH-PSI: RFC 9380 hashing to curve25519 ({@link
 * io.mitai.compute.psi.HashToCurve25519}) and per-session blinding with X25519 ({@link
 * io.mitai.compute.psi.EcdhBlinding}). Delegated PSI: the holders' X25519 + HKDF session key, HMAC
 * tags and element keys, and padded AES-GCM element ciphertexts ({@link
 * io.mitai.compute.psi.DelegatedPsiKey}). OT-extension PSI: {@code io.mitai.compute.psi.ot}. The
 * protocols live in {@code io.mitai.compute.ops}.
 */
package io.mitai.compute.psi;
