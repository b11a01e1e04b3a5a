package io.mitai.contract.model;

/** Lifecycle of a grant: {@code ACTIVE -> REVOKED}, and revoked is final. */
public enum GrantStatus {
  /** In force, subject to its validity window and uses left. */
  ACTIVE,
  /** Withdrawn by the owner; never usable again. Terminal. */
  REVOKED
}
