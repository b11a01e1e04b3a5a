package io.mitai.compute.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * All parties of one session in one JVM, linked by in-memory queues instead of TLS. Same framing,
 * validation, bounds and failure semantics as the gRPC transport; used for fast protocol tests and
 * never by the node (sandbox mode goes through TLS too).
 */
public final class LocalNetwork {
  private final Map<PartyId, LocalChannel> channels = new TreeMap<>();

  private LocalNetwork(SessionId session, List<PartyId> parties, Duration timeout) {
    for (PartyId p : parties) {
      channels.put(p, new LocalChannel(session, p, parties, timeout));
    }
  }

  /** One channel per party, linked to each other. */
  public static Map<PartyId, PartyChannel> create(
      SessionId session, List<PartyId> parties, Duration timeout) {
    return Map.copyOf(new LocalNetwork(session, parties, timeout).channels);
  }

  private final class LocalChannel extends AbstractPartyChannel {
    LocalChannel(SessionId session, PartyId self, List<PartyId> parties, Duration timeout) {
      super(session, self, parties, timeout);
    }

    @Override
    protected void transmit(PartyId to, byte[] frame) throws SessionFailedException {
      LocalChannel peer = channels.get(to);
      Inbox in = peer.inbox(self()).orElseThrow();
      try {
        if (!in.offer(frame, timeout())) {
          throw failure(
              peer.isClosed() ? FailureReason.PEER_DISCONNECTED : FailureReason.TIMEOUT,
              Optional.of(to),
              "peer did not accept the message in time");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(FailureReason.CANCELLED, Optional.empty(), "interrupted while sending");
      }
    }

    @Override
    protected void release() {
      for (Map.Entry<PartyId, LocalChannel> e : channels.entrySet()) {
        if (!e.getKey().equals(self())) {
          e.getValue()
              .inbox(self())
              .ifPresent(i -> i.end(FailureReason.PEER_DISCONNECTED, "peer closed its channel"));
        }
      }
    }
  }
}
