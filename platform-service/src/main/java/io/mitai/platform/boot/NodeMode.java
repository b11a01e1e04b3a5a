package io.mitai.platform.boot;

import java.util.Locale;

/**
 * The node's deployment shape ({@code mitai.mode}). The code is the same in both; what differs is
 * how many organisations one node hosts and where the other parties of a session run.
 */
public enum NodeMode {
  /** One node hosts several (demo) organisations side by side; every party runs here. */
  SANDBOX,
  /**
   * One node per organisation: it hosts exactly one, publishes its compute endpoint on the ledger
   * and runs sessions with the other organisations' nodes, found through the ledger's registry.
   */
  FEDERATION;

  /** Parses the configured value ({@code sandbox} or {@code federation}, any case). */
  public static NodeMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "mitai.mode must be 'sandbox' or 'federation', not '" + value + "'", e);
    }
  }
}
