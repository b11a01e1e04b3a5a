package io.mitai.compute.session;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The framed message format every party-to-party message uses, on every transport.
 *
 * <pre>
 * magic    4 bytes  "MTC1"
 * kind     1 byte   1 = DATA, 2 = ABORT (payload: int32 FailureReason code, then optionally the
 *                   UTF-8 id of the party the sender blames, at most 256 bytes), 3 = HEARTBEAT
 *                   (empty payload; round and seq are -1: it is outside the protocol's sequence)
 * session  1 byte length + ASCII
 * sender   1 byte length + ASCII
 * receiver 1 byte length + ASCII
 * round    int32    protocol round, chosen by the protocol
 * seq      int64    per-link sequence number, 0, 1, 2, ... with no gaps
 * length   int32    payload length, at most MAX_PAYLOAD
 * payload  bytes
 * </pre>
 *
 * All integers big-endian. Nothing may follow the payload.
 */
public record Frame(
    Kind kind,
    SessionId session,
    PartyId sender,
    PartyId receiver,
    int round,
    long seq,
    byte[] payload) {

  /** The largest payload a frame may carry (protocols batch below this). */
  public static final int MAX_PAYLOAD = 3 * 1024 * 1024;

  private static final byte[] MAGIC = "MTC1".getBytes(StandardCharsets.US_ASCII);

  /** What a frame carries. */
  public enum Kind {
    /** A protocol message. */
    DATA(1),
    /** The sender failed; the payload is the reason code. The receiver must fail too. */
    ABORT(2),
    /**
     * The sender's process is alive and its session open; carries nothing. Resets the receiver's
     * liveness window for this sender and is never delivered to protocol code.
     */
    HEARTBEAT(3);

    private final int tag;

    Kind(int tag) {
      this.tag = tag;
    }
  }

  public Frame {
    payload = payload.clone();
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("payload exceeds " + MAX_PAYLOAD + " bytes");
    }
    if (kind == Kind.HEARTBEAT && (payload.length != 0 || round != -1 || seq != -1)) {
      throw new IllegalArgumentException("a heartbeat carries no payload, round or sequence");
    }
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload without a defensive copy, for the channel's own decoding. */
  byte[] payloadUnsafe() {
    return payload;
  }

  public byte[] encode() {
    byte[] s = session.value().getBytes(StandardCharsets.US_ASCII);
    byte[] f = sender.value().getBytes(StandardCharsets.US_ASCII);
    byte[] r = receiver.value().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b =
        ByteBuffer.allocate(
            4 + 1 + 3 + s.length + f.length + r.length + 4 + 8 + 4 + payload.length);
    b.put(MAGIC).put((byte) kind.tag);
    b.put((byte) s.length).put(s).put((byte) f.length).put(f).put((byte) r.length).put(r);
    b.putInt(round).putLong(seq).putInt(payload.length).put(payload);
    return b.array();
  }

  /** A heartbeat from {@code sender} to {@code receiver} in {@code session}. */
  public static Frame heartbeat(SessionId session, PartyId sender, PartyId receiver) {
    return new Frame(Kind.HEARTBEAT, session, sender, receiver, -1, -1, new byte[0]);
  }

  /** Whether encoded bytes claim to be a heartbeat (checks the magic and kind only). */
  static boolean looksLikeHeartbeat(byte[] bytes) {
    return bytes.length >= 5
        && bytes[0] == MAGIC[0]
        && bytes[1] == MAGIC[1]
        && bytes[2] == MAGIC[2]
        && bytes[3] == MAGIC[3]
        && bytes[4] == (byte) Kind.HEARTBEAT.tag;
  }

  /** Decodes a frame, rejecting anything not exactly in the format above. */
  public static Frame decode(byte[] bytes) throws MalformedFrameException {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte[] magic = new byte[4];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new MalformedFrameException("bad magic");
      }
      int tag = b.get();
      Kind kind =
          switch (tag) {
            case 1 -> Kind.DATA;
            case 2 -> Kind.ABORT;
            case 3 -> Kind.HEARTBEAT;
            default -> throw new MalformedFrameException("unknown frame kind " + tag);
          };
      SessionId session = new SessionId(ascii(b));
      PartyId sender = new PartyId(ascii(b));
      PartyId receiver = new PartyId(ascii(b));
      int round = b.getInt();
      long seq = b.getLong();
      int length = b.getInt();
      if (length < 0 || length > MAX_PAYLOAD || length != b.remaining()) {
        throw new MalformedFrameException("payload length does not match the frame");
      }
      byte[] payload = new byte[length];
      b.get(payload);
      return new Frame(kind, session, sender, receiver, round, seq, payload);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedFrameException("truncated or invalid frame: " + e.getMessage());
    }
  }

  private static String ascii(ByteBuffer b) {
    int n = b.get() & 0xff;
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.US_ASCII);
  }

  /** A frame that does not follow the format. */
  public static final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
      super(message);
    }
  }
}
