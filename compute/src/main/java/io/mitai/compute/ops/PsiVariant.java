package io.mitai.compute.ops;

/**
 * The PSI protocols, chosen by who asks and by {@link PsiProtocol}: the requester holds one of the
 * two inputs ({@link #ECDH} or {@link #OT}) or neither ({@link #DELEGATED}). All are semi-honest;
 * their leakage differs (see {@code docs/protocols.md}).
 */
public enum PsiVariant {
  /** Two-party ECDH-PSI between the requester and the other holder. */
  ECDH("ECDH-PSI/curve25519-RFC9380"),
  /**
   * Delegated PSI: the two holders agree on an HMAC key by X25519 and send tags (and, for PSI,
   * encrypted keys and element keys) to a requester holding no input; requester non-colluding.
   */
  DELEGATED("PSI-DELEGATED/X25519-HKDF-HMAC-SHA256-AES256GCM"),
  /**
   * OT-extension PSI: KKRT16 batched OPRF over IKNP-style OT extension, Chou-Orlandi base OTs on
   * curve25519, three-hash cuckoo hashing, AES-128 PRG/code and SHA-256 output hash.
   */
  OT("OT-PSI/KKRT16-IKNP-CO15-curve25519-AES128-SHA256");

  private final String protocol;

  PsiVariant(String protocol) {
    this.protocol = protocol;
  }

  /** The protocol label recorded on the ledger with the task. */
  public String protocol() {
    return protocol;
  }
}
