package io.mitai.ledger;

/** A running event subscription; closing it stops delivery. */
public interface Subscription extends AutoCloseable {

  /** Whether it still delivers (false after close, or after its listener threw). */
  boolean isActive();

  @Override
  void close();
}
