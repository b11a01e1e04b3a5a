package io.mitai.compute.tee.evidence;

/** Whether a debug-mode enclave or trust domain may be accepted. */
public enum DebugPolicy {
  /** Refuse debug mode: its memory can be read by the host, so it protects nothing. */
  REFUSE_DEBUG,
  /** Accept debug mode (development only); the result still reports {@code debug = true}. */
  ALLOW_DEBUG
}
