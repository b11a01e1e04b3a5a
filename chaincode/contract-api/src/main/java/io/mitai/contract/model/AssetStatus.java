package io.mitai.contract.model;

/** Lifecycle of a data asset: {@code ACTIVE -> DESTROYED}, and destroyed is final. */
public enum AssetStatus {
  /** Registered and usable by its owner and by grantees. */
  ACTIVE,
  /** Crypto-shredded by its owner; can no longer be granted or used. Terminal. */
  DESTROYED
}
