package io.mitai.compute.session;

import java.time.Duration;
import java.util.List;

/**
 * One party's view of one computation session: authenticated, ordered, per-peer message links.
 *
 * <p>Links are FIFO per (sender, receiver) pair. Every message carries the session id, the sender,
 * the receiver, a protocol round and a per-link sequence number; {@link #receive} verifies all of
 * them, so protocol code only has to receive in the order the peer sends.
 *
 * <p>Every blocking call is bounded: it fails once the peer it waits on has been silent (no frame,
 * no heartbeat) for {@link #timeout()}, the liveness window, and in any case at the session's
 * maximum duration; nothing here waits forever. A peer that is busy computing stays alive through
 * its transport's heartbeats, which never reach the caller. After any failure the channel is
 * unusable and {@link #close()} frees its resources; {@link #abort(SessionFailedException)}
 * additionally tells every peer to give up at once.
 */
public interface PartyChannel extends AutoCloseable {

  SessionId session();

  PartyId self();

  /** Every party of the session, in the session's canonical (sorted) order. */
  List<PartyId> parties();

  /**
   * The liveness window: how long a wait (for a message, or for flow-control credit to send) lasts
   * while nothing at all is heard from the peer.
   */
  Duration timeout();

  /**
   * The bound on the whole session: no wait of this channel lasts past this long after it opened,
   * however long its peers stay alive.
   */
  default Duration maxDuration() {
    return AbstractPartyChannel.DEFAULT_MAX_DURATION;
  }

  /** Sends one payload to a peer. Blocks (bounded) while the peer's flow control is full. */
  void send(PartyId to, int round, byte[] payload) throws SessionFailedException;

  /** Receives the next payload from a peer, which must be of the given round. */
  byte[] receive(PartyId from, int round) throws SessionFailedException;

  /** Best-effort: tells every peer this party failed, then closes. Never throws. */
  void abort(SessionFailedException failure);

  /** Frees the channel's streams and buffers. Idempotent; never throws. */
  @Override
  void close();
}
