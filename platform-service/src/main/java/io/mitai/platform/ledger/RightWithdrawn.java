package io.mitai.platform.ledger;

/**
 * The projector projected a revoked grant or a destroyed asset. Fired as a synchronous CDI event
 * inside the projection's transaction; the task package aborts the running sessions that use it.
 *
 * @param kind what was withdrawn
 * @param id the grant's or the asset's id
 */
public record RightWithdrawn(Kind kind, String id) {

  /** A right a task holds on the ledger. */
  public enum Kind {
    ASSET("asset"),
    GRANT("grant");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The lower-case name the task worker keys its running rights by ({@code grant:<id>}). */
    public String label() {
      return label;
    }
  }
}
