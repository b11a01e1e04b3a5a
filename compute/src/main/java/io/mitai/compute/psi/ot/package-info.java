/**
 * OT-extension PSI building blocks (KKRT16): Chou-Orlandi base OTs on curve25519 ({@link
 * io.mitai.compute.psi.ot.BaseOt}), the IKNP-style OT extension and batched OPRF with its
 * pseudorandom code ({@link io.mitai.compute.psi.ot.Kkrt}), three-hash cuckoo hashing with its
 * table-size rule ({@link io.mitai.compute.psi.ot.Cuckoo}) and the receiver's lookup of OPRF
 * outputs ({@link io.mitai.compute.psi.ot.EncodingIndex}). AES-128 from the JDK (AES-NI) is the PRG
 * and the code; SHA-256 the output hash. The protocol over the party channel is {@code
 * io.mitai.compute.ops.OtPsi}; parameters and leakage are in {@code docs/protocols.md}.
 */
package io.mitai.compute.psi.ot;
