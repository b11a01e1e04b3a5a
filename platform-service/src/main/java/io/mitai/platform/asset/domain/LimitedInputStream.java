package io.mitai.platform.asset.domain;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with {@link TooLarge} once more than {@code max} bytes have been read. */
public final class LimitedInputStream extends FilterInputStream {

  private final long max;
  private long count;

  public LimitedInputStream(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c != -1) {
      count(1);
    }
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(long n) throws TooLarge {
    count += n;
    if (count > max) {
      throw new TooLarge("the upload is larger than " + max + " bytes");
    }
  }

  /** The body exceeds the limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    public TooLarge(String message) {
      super(message);
    }
  }
}
