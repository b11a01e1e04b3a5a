package io.mitai.contract.model;

/** What an input's owner decided about releasing its key to a compute centre's worker. */
public enum KeyReleaseDecision {
  /** The owner verified the worker's evidence against its grant and released the key. */
  RELEASED,
  /** The owner refused; the record says why. */
  REFUSED
}
