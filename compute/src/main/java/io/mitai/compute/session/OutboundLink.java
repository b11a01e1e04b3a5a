package io.mitai.compute.session;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Our stream to one peer for one session. */
final class OutboundLink extends ClientCall.Listener<byte[]> {
  private final AbstractPartyChannel ch;
  private final PartyId peer;
  private final ClientCall<byte[], byte[]> call;
  private Optional<Status> closedWith = Optional.empty();

  OutboundLink(AbstractPartyChannel ch, PartyId peer, ManagedChannel channel) {
    this.ch = ch;
    this.peer = peer;
    this.call = channel.newCall(PartyWire.EXCHANGE, CallOptions.DEFAULT.withWaitForReady());
    call.start(this, new Metadata());
    call.request(1);
  }

  @Override
  public synchronized void onReady() {
    notifyAll();
  }

  @Override
  public synchronized void onClose(Status status, Metadata trailers) {
    closedWith = Optional.of(status);
    notifyAll();
  }

  synchronized void send(byte[] frame) throws SessionFailedException {
    long start = System.nanoTime();
    while (closedWith.isEmpty() && !call.isReady()) {
      // The peer may be busy computing: wait while it is heard from (its heartbeats).
      long left = ch.quietDeadline(peer, start) - System.nanoTime();
      if (left <= 0) {
        throw ch.waitTimedOut(peer, "while waiting for the peer to accept a message");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ch.failure(FailureReason.CANCELLED, Optional.of(peer), "interrupted while sending");
      }
    }
    if (closedWith.isPresent()) {
      Status s = closedWith.get();
      FailureReason r =
          s.getCode() == Status.Code.UNAVAILABLE && s.getCause() != null
              ? FailureReason.PEER_UNREACHABLE
              : s.getCode() == Status.Code.UNAUTHENTICATED
                      || s.getCode() == Status.Code.PERMISSION_DENIED
                  ? FailureReason.UNAUTHENTICATED_PEER
                  : FailureReason.PEER_DISCONNECTED;
      throw ch.failure(r, Optional.of(peer), "stream closed: " + s.getCode());
    }
    call.sendMessage(frame);
  }

  /** Best effort, never blocks: sends a heartbeat if the stream can take it now. */
  synchronized void heartbeat(byte[] frame) {
    if (closedWith.isEmpty() && call.isReady()) {
      try {
        call.sendMessage(frame);
      } catch (RuntimeException e) {
        // The stream is closing; the next data send reports why.
      }
    }
  }

  synchronized void finish() {
    if (closedWith.isEmpty()) {
      try {
        call.halfClose();
      } catch (IllegalStateException e) {
        // Already closed.
      }
    }
  }
}
