package io.mitai.platform.asset.domain;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Streaming authenticated encryption of an asset's content: AES-256-GCM in segments.
 *
 * <p>Format: the 8 bytes {@code MITAISG1}, then segments, each a 4-byte big-endian length followed
 * by that many bytes of GCM ciphertext with its 16-byte tag. Segment {@code i} holds up to {@code
 * segmentSize} plaintext bytes; its nonce is {@code noncePrefix (4 bytes) || i (8 bytes)}; its
 * associated data is {@code "mitai-segment-v1" || assetId (UTF-8) || 0x00 || i (8 bytes) || final
 * (1 byte: 1 on the last segment, else 0)}. A reader therefore detects a changed, reordered,
 * removed, duplicated or appended segment, a truncated stream and a segment moved from another
 * asset. The data key is fresh per asset, so nonces never repeat under one key.
 */
public final class SegmentedCipher {

  static final byte[] MAGIC = "MITAISG1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONTEXT = "mitai-segment-v1".getBytes(StandardCharsets.US_ASCII);
  private static final int TAG_BITS = 128;
  public static final int MIN_SEGMENT = 16 * 1024;
  public static final int MAX_SEGMENT = 64 * 1024;

  private SegmentedCipher() {}

  static byte[] nonce(byte[] prefix, long index) {
    return ByteBuffer.allocate(12).put(prefix).putLong(index).array();
  }

  static byte[] aad(String assetId, long index, boolean last) {
    byte[] id = assetId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(CONTEXT.length + id.length + 10)
        .put(CONTEXT)
        .put(id)
        .put((byte) 0)
        .putLong(index)
        .put((byte) (last ? 1 : 0))
        .array();
  }

  /** Encrypts everything written to it; {@link #close()} writes the final segment. */
  public static final class Writer extends OutputStream {
    private final DataOutputStream out;
    private final SecretKey key;
    private final byte[] noncePrefix;
    private final String assetId;
    private final byte[] buffer;
    private int filled;
    private long index;
    private boolean closed;

    public Writer(
        OutputStream out, SecretKey key, byte[] noncePrefix, String assetId, int segmentSize)
        throws IOException {
      if (segmentSize < MIN_SEGMENT || segmentSize > MAX_SEGMENT) {
        throw new IllegalArgumentException("segments are 16..64 KiB");
      }
      if (noncePrefix.length != 4) {
        throw new IllegalArgumentException("the nonce prefix is 4 bytes");
      }
      this.out = new DataOutputStream(out);
      this.key = key;
      this.noncePrefix = noncePrefix.clone();
      this.assetId = assetId;
      this.buffer = new byte[segmentSize];
      this.out.write(MAGIC);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filled == buffer.length) {
          seal(false);
        }
        int n = Math.min(len, buffer.length - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }

    /** Number of segments written so far (all of them after close). */
    public long segments() {
      return index;
    }

    private void seal(boolean last) throws IOException {
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
            Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(noncePrefix, index)));
        cipher.updateAAD(aad(assetId, index, last));
        byte[] sealed = cipher.doFinal(buffer, 0, filled);
        out.writeInt(sealed.length);
        out.write(sealed);
      } catch (GeneralSecurityException e) {
        throw new IOException("segment encryption failed", e);
      } finally {
        Arrays.fill(buffer, 0, filled, (byte) 0);
      }
      filled = 0;
      index++;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      seal(true);
      out.close();
    }
  }

  /** Decrypts and authenticates a stream written by {@link Writer}. */
  public static final class Reader extends InputStream {
    private final PushbackInputStream in;
    private final SecretKey key;
    private final byte[] noncePrefix;
    private final String assetId;
    private final int maxSealed;
    private byte[] plain = new byte[0];
    private int position;
    private long index;
    private boolean finished;

    public Reader(InputStream in, SecretKey key, byte[] noncePrefix, String assetId)
        throws IOException {
      this.in = new PushbackInputStream(in, 1);
      this.key = key;
      this.noncePrefix = noncePrefix.clone();
      this.assetId = assetId;
      this.maxSealed = MAX_SEGMENT + TAG_BITS / 8;
      byte[] magic = this.in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IntegrityException("not an encrypted Mitai asset stream");
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (position == plain.length) {
        if (finished) {
          return -1;
        }
        openNext();
      }
      int n = Math.min(len, plain.length - position);
      System.arraycopy(plain, position, b, off, n);
      position += n;
      return n;
    }

    private void openNext() throws IOException {
      DataInputStream data = new DataInputStream(in);
      int length;
      try {
        length = data.readInt();
      } catch (EOFException e) {
        throw new IntegrityException("the stream ends before its final segment");
      }
      if (length < TAG_BITS / 8 || length > maxSealed) {
        throw new IntegrityException("segment " + index + " has an impossible length");
      }
      byte[] sealed = new byte[length];
      try {
        data.readFully(sealed);
      } catch (EOFException e) {
        throw new IntegrityException("segment " + index + " is cut short");
      }
      int next = in.read();
      boolean last = next == -1;
      if (!last) {
        in.unread(next);
      }
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
            Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(noncePrefix, index)));
        cipher.updateAAD(aad(assetId, index, last));
        Arrays.fill(plain, (byte) 0);
        plain = cipher.doFinal(sealed);
      } catch (AEADBadTagException e) {
        throw new IntegrityException(
            "segment "
                + index
                + " does not authenticate (changed, reordered, truncated or from another asset)");
      } catch (GeneralSecurityException e) {
        throw new IOException("segment decryption failed", e);
      }
      position = 0;
      index++;
      finished = last;
    }

    @Override
    public void close() throws IOException {
      Arrays.fill(plain, (byte) 0);
      in.close();
    }
  }

  /** The ciphertext does not authenticate. */
  public static final class IntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    public IntegrityException(String message) {
      super(message);
    }
  }
}
