package io.mitai.platform.asset.domain;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A streaming {@code multipart/form-data} reader (RFC 7578) that never buffers a part to disk: each
 * part's content is an {@link InputStream} read straight from the request. (The framework's own
 * multipart support stores file parts in temporary files, which would put plaintext on disk.)
 */
public final class MultipartReader {

  private static final Pattern BOUNDARY =
      Pattern.compile("(?i)boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
  private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
  private static final int MAX_HEADER_BYTES = 8192;

  private final InputStream in;
  private final byte[] delimiter;
  private PartStream current;
  private boolean done;

  /** One part: its form field name and its content, valid until the next call of next(). */
  public record Part(String name, InputStream content) {}

  public MultipartReader(InputStream body, String contentType) throws MalformedException {
    Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
        || !m.find()) {
      throw new MalformedException("expected multipart/form-data with a boundary");
    }
    String boundary = m.group(1) != null ? m.group(1) : m.group(2);
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    // A virtual CRLF in front lets the first boundary be found like every other one.
    this.in =
        new BufferedInputStream(
            new SequenceInputStream(new ByteArrayInputStream(new byte[] {'\r', '\n'}), body),
            65536);
    this.current = new PartStream();
  }

  /** The next part, or empty after the closing boundary. */
  public Optional<Part> next() throws IOException {
    current.skipRest();
    if (done) {
      return Optional.empty();
    }
    int a = in.read();
    int b = in.read();
    if (a == '-' && b == '-') {
      done = true;
      return Optional.empty();
    }
    while (a == ' ' || a == '\t') {
      a = b;
      b = in.read();
    }
    if (a != '\r' || b != '\n') {
      throw new MalformedException("a boundary line is not terminated");
    }
    String name = null;
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    int total = 0;
    while (true) {
      header.reset();
      int c;
      while ((c = in.read()) != '\n') {
        if (c == -1) {
          throw new MalformedException("the body ends inside part headers");
        }
        if (++total > MAX_HEADER_BYTES) {
          throw new MalformedException("part headers are too long");
        }
        header.write(c);
      }
      String line = header.toString(StandardCharsets.UTF_8).strip();
      if (line.isEmpty()) {
        break;
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
        Matcher n = NAME.matcher(line);
        if (n.find()) {
          name = n.group(1);
        }
      }
    }
    if (name == null) {
      throw new MalformedException("a part has no form field name");
    }
    current = new PartStream();
    return Optional.of(new Part(name, current));
  }

  /** Reads a small text part (at most {@code max} bytes) as UTF-8. */
  public static String text(Part part, int max) throws IOException {
    byte[] bytes = part.content().readNBytes(max + 1);
    if (bytes.length > max) {
      throw new MalformedException("form field '" + part.name() + "' is longer than " + max);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A part's content: the bytes up to the next delimiter. */
  private final class PartStream extends InputStream {
    private final ArrayDeque<Integer> held = new ArrayDeque<>();
    private boolean pendingCr;
    private boolean ended;

    @Override
    public int read() throws IOException {
      if (!held.isEmpty()) {
        return held.poll();
      }
      if (ended) {
        return -1;
      }
      int matched = 0;
      if (pendingCr) {
        pendingCr = false;
        matched = 1;
      }
      while (true) {
        int c = in.read();
        if (c == -1) {
          throw new MalformedException("the body ends without a closing boundary");
        }
        if (c == (delimiter[matched] & 0xff)) {
          matched++;
          if (matched == delimiter.length) {
            ended = true;
            return -1;
          }
          continue;
        }
        if (matched == 0) {
          return c;
        }
        // Not the delimiter after all: give back what matched. The delimiter starts with CR,
        // which occurs nowhere else in it, so a new match can only start at c itself.
        for (int i = 1; i < matched; i++) {
          held.add(delimiter[i] & 0xff);
        }
        if (c == (delimiter[0] & 0xff)) {
          pendingCr = true;
        } else {
          held.add(c);
        }
        return delimiter[0] & 0xff;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = 0;
      while (n < len) {
        int c = read();
        if (c == -1) {
          return n == 0 ? -1 : n;
        }
        b[off + n++] = (byte) c;
      }
      return n;
    }

    void skipRest() throws IOException {
      while (read() != -1) {
        // discard
      }
    }
  }

  /** The body is not well-formed multipart. */
  public static final class MalformedException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedException(String message) {
      super(message);
    }
  }
}
