package io.mitai.compute.ops;

/** Where the correlated randomness (Beaver triples) of a session came from. */
public enum TripleSource {
  /**
   * A participating organisation holding no input of the session dealt the triples; secure if it
   * does not collude with any input party (semi-honest, non-colluding).
   */
  DEALER_NON_COLLUDING,
  /** No cross-party product was needed (for example only COUNT and SUM were requested). */
  NONE
}
