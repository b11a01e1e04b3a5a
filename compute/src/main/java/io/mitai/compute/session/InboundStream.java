package io.mitai.compute.session;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stream a peer opened to us, carrying its frames of one session. Its state is guarded by the
 * transport's lock (the session it belongs to may be opened or closed meanwhile); its own lock only
 * orders flow-control grants against closing the call.
 */
final class InboundStream extends ServerCall.Listener<byte[]> {
  private final TlsPartyTransport transport;
  private final ServerCall<byte[], byte[]> call;
  private final PartyId peer;
  private final List<byte[]> early = new ArrayList<>();
  private Optional<SessionId> session = Optional.empty();
  private Optional<Inbox> inbox = Optional.empty();
  private boolean done;

  InboundStream(TlsPartyTransport transport, ServerCall<byte[], byte[]> call, PartyId peer) {
    this.transport = transport;
    this.call = call;
    this.peer = peer;
  }

  @Override
  public void onMessage(byte[] frame) {
    synchronized (transport) {
      if (session.isEmpty()) {
        Frame f;
        try {
          f = Frame.decode(frame);
        } catch (Frame.MalformedFrameException e) {
          closeCall(Status.INVALID_ARGUMENT.withDescription("malformed first frame"));
          return;
        }
        if (!f.sender().equals(peer)) {
          closeCall(
              Status.PERMISSION_DENIED.withDescription("sender is not the authenticated peer"));
          return;
        }
        session = Optional.of(f.session());
        transport.route(this, f.session());
      }
      if (Frame.looksLikeHeartbeat(frame) && isHeartbeat(frame)) {
        // Out of band: proves the peer alive, takes no inbox space, and its credit is returned.
        inbox.ifPresent(Inbox::heard);
        grant();
        return;
      }
      if (inbox.isPresent()) {
        inbox.get().add(frame);
      } else {
        early.add(frame);
      }
    }
  }

  /**
   * Whether {@code frame} is a well-formed heartbeat from this stream's peer to us in its session.
   * Anything else that claims to be one is queued like data, and fails the session on receipt.
   */
  private boolean isHeartbeat(byte[] frame) {
    try {
      Frame f = Frame.decode(frame);
      return f.kind() == Frame.Kind.HEARTBEAT
          && f.sender().equals(peer)
          && f.receiver().equals(transport.self())
          && session.filter(f.session()::equals).isPresent();
    } catch (Frame.MalformedFrameException e) {
      return false;
    }
  }

  /** Attaches this stream to the local session channel (called under the transport lock). */
  void bind(TlsPartyTransport.TlsChannel ch) {
    Optional<Inbox> in = ch.inboxFor(peer);
    if (in.isEmpty()) {
      closeCall(Status.PERMISSION_DENIED.withDescription("not a party of the session"));
      return;
    }
    inbox = in;
    ch.inbound.add(this);
    in.get().onConsumed(this::grant);
    early.forEach(in.get()::add);
    early.clear();
  }

  private void grant() {
    synchronized (this) {
      if (!done) {
        call.request(1);
      }
    }
  }

  @Override
  public void onHalfClose() {
    synchronized (transport) {
      inbox.ifPresent(i -> i.end(FailureReason.PEER_DISCONNECTED, "peer closed its stream"));
      closeCall(Status.OK);
    }
  }

  @Override
  public void onCancel() {
    synchronized (transport) {
      inbox.ifPresent(i -> i.end(FailureReason.PEER_DISCONNECTED, "peer's stream broke"));
      session.ifPresent(s -> transport.unpark(this, s));
      synchronized (this) {
        done = true;
      }
    }
  }

  void closeCall(Status status) {
    synchronized (this) {
      if (!done) {
        done = true;
        try {
          call.close(status, new Metadata());
        } catch (IllegalStateException e) {
          // Already closed by the peer's cancellation.
        }
      }
    }
  }
}
