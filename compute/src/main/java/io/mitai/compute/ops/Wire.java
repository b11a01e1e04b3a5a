package io.mitai.compute.ops;

import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Payload encoding shared by the operations: big-endian, length-prefixed, no self-description (each
 * protocol message has one fixed layout, documented where it is sent). Decoding is strict: a short,
 * long or inconsistent payload is a MALFORMED_MESSAGE failure blamed on its sender.
 */
final class Wire {
  private Wire() {}

  /** A payload writer. */
  static final class Out {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    Out i32(int v) {
      try {
        out.writeInt(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out i64(long v) {
      try {
        out.writeLong(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out bytes(byte[] b) {
      i32(b.length);
      try {
        out.write(b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out str(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    Out big(BigInteger v) {
      return bytes(v.toByteArray());
    }

    Out longs(long[] v) {
      i32(v.length);
      for (long x : v) {
        i64(x);
      }
      return this;
    }

    Out strings(List<String> v) {
      i32(v.size());
      v.forEach(this::str);
      return this;
    }

    byte[] toBytes() {
      return bytes.toByteArray();
    }
  }

  /** A payload reader bound to the peer it came from, for blame. */
  static final class In {
    private final ByteBuffer b;
    private final PartyChannel ch;
    private final PartyId from;

    In(PartyChannel ch, PartyId from, byte[] payload) {
      this.b = ByteBuffer.wrap(payload);
      this.ch = ch;
      this.from = from;
    }

    int i32() throws SessionFailedException {
      try {
        return b.getInt();
      } catch (BufferUnderflowException e) {
        throw malformed("truncated payload");
      }
    }

    long i64() throws SessionFailedException {
      try {
        return b.getLong();
      } catch (BufferUnderflowException e) {
        throw malformed("truncated payload");
      }
    }

    byte[] bytes(int maxLength) throws SessionFailedException {
      int n = i32();
      if (n < 0 || n > maxLength || n > b.remaining()) {
        throw malformed("bad length " + n);
      }
      byte[] out = new byte[n];
      b.get(out);
      return out;
    }

    String str() throws SessionFailedException {
      return new String(bytes(4096), StandardCharsets.UTF_8);
    }

    BigInteger big() throws SessionFailedException {
      byte[] v = bytes(64);
      if (v.length == 0) {
        throw malformed("empty integer");
      }
      return new BigInteger(v);
    }

    long[] longs(int expectedLength) throws SessionFailedException {
      int n = i32();
      if (n != expectedLength || (long) n * 8 > b.remaining()) {
        throw malformed("expected " + expectedLength + " elements, got " + n);
      }
      long[] out = new long[n];
      b.asLongBuffer().get(out);
      b.position(b.position() + n * 8);
      return out;
    }

    List<String> strings(int maxCount) throws SessionFailedException {
      int n = i32();
      if (n < 0 || n > maxCount) {
        throw malformed("bad count " + n);
      }
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(str());
      }
      return out;
    }

    /** Asserts the whole payload was consumed. */
    void end() throws SessionFailedException {
      if (b.hasRemaining()) {
        throw malformed("trailing bytes");
      }
    }

    SessionFailedException malformed(String why) {
      return new SessionFailedException(
          FailureReason.MALFORMED_MESSAGE, ch.session(), Optional.of(from), why);
    }
  }
}
