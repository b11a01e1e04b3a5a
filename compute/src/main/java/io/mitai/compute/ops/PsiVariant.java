package io.mitai.compute.ops;

/**
 * The two PSI protocols, chosen by who asks: the requester holds one of the two inputs ({@link
 * #ECDH}) or neither ({@link #DELEGATED}). Both are semi-honest; their leakage differs (see {@code
 * docs/protocols.md}).
 */
public enum PsiVariant {
  /** Two-party ECDH-PSI between the requester and the other holder. */
  ECDH("ECDH-PSI/curve25519-RFC9380"),
  /**
   * Delegated PSI: the two holders agree on an HMAC key by X25519 and send tags (and, for PSI,
   * encrypted keys and element keys) to a requester holding no input; requester non-colluding.
   */
  DELEGATED("PSI-DELEGATED/X25519-HKDF-HMAC-SHA256-AES256GCM");

  private final String protocol;

  PsiVariant(String protocol) {
    this.protocol = protocol;
  }

  /** The protocol label recorded on the ledger with the task. */
  public String protocol() {
    return protocol;
  }
}
