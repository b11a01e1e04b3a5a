package io.mitai.ledger;

/**
 * A position in the ledger's event stream: events strictly after (block, txIndex) are delivered.
 * {@link #START} delivers everything.
 */
public record Checkpoint(long blockNumber, int txIndex) implements Comparable<Checkpoint> {

  public static final Checkpoint START = new Checkpoint(-1, -1);

  @Override
  public int compareTo(Checkpoint other) {
    int byBlock = Long.compare(blockNumber, other.blockNumber);
    return byBlock != 0 ? byBlock : Integer.compare(txIndex, other.txIndex);
  }
}
