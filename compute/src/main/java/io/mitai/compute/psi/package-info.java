/**
 * ECDH-PSI building blocks: RFC 9380 hashing to curve25519 ({@link
 * io.mitai.compute.psi.HashToCurve25519}) and per-session blinding with X25519 ({@link
 * io.mitai.compute.psi.EcdhBlinding}). The protocols live in {@code io.mitai.compute.ops}.
 */
package io.mitai.compute.psi;
