package io.mitai.compute.tee.dcap;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small strict JSON (RFC 8259) reader for Intel collateral, also used by the enclave worker for
 * its job descriptions. Every node remembers its byte span in the source, because Intel signs the
 * exact bytes of the {@code tcbInfo} / {@code enclaveIdentity} member and a re-serialisation would
 * not reproduce them. Duplicate object keys are rejected, so that no two readers of the same signed
 * bytes can disagree about a field's value.
 */
public final class Json {
  /** A parsed value and its {@code [start, end)} byte span in the source. */
  public sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {
    int start();

    int end();
  }

  public record Obj(Map<String, Node> members, int start, int end) implements Node {
    public Optional<Node> get(String key) {
      return Optional.ofNullable(members.get(key));
    }
  }

  public record Arr(List<Node> items, int start, int end) implements Node {}

  public record Str(String value, int start, int end) implements Node {}

  public record Num(BigDecimal value, int start, int end) implements Node {}

  public record Bool(boolean value, int start, int end) implements Node {}

  public record Null(int start, int end) implements Node {}

  /** The JSON text is not well-formed. */
  public static final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
      super(message);
    }
  }

  private static final int MAX_DEPTH = 32;

  private final byte[] src;
  private int pos;

  private Json(byte[] src) {
    this.src = src;
  }

  /** Parses a complete document; only whitespace may follow the value. */
  public static Node parse(byte[] src) throws JsonException {
    Json p = new Json(src);
    p.ws();
    Node n = p.value(0);
    p.ws();
    if (p.pos != src.length) {
      throw new JsonException("trailing characters at byte " + p.pos);
    }
    return n;
  }

  /** The exact source bytes of {@code node}. */
  static byte[] raw(byte[] src, Node node) {
    return Arrays.copyOfRange(src, node.start(), node.end());
  }

  private Node value(int depth) throws JsonException {
    if (depth > MAX_DEPTH) {
      throw new JsonException("nesting deeper than " + MAX_DEPTH);
    }
    if (pos >= src.length) {
      throw new JsonException("unexpected end of input");
    }
    int start = pos;
    byte c = src[pos];
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return new Str(string(), start, pos);
      case 't':
        literal("true");
        return new Bool(true, start, pos);
      case 'f':
        literal("false");
        return new Bool(false, start, pos);
      case 'n':
        literal("null");
        return new Null(start, pos);
      default:
        return number();
    }
  }

  private Obj object(int depth) throws JsonException {
    int start = pos++;
    Map<String, Node> members = new LinkedHashMap<>();
    ws();
    if (peek() == '}') {
      pos++;
      return new Obj(members, start, pos);
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw new JsonException("expected a key at byte " + pos);
      }
      String key = string();
      ws();
      expect(':');
      ws();
      Node v = value(depth + 1);
      if (members.put(key, v) != null) {
        throw new JsonException("duplicate key " + key);
      }
      ws();
      byte c = next();
      if (c == '}') {
        return new Obj(members, start, pos);
      }
      if (c != ',') {
        throw new JsonException("expected , or } at byte " + (pos - 1));
      }
    }
  }

  private Arr array(int depth) throws JsonException {
    int start = pos++;
    List<Node> items = new ArrayList<>();
    ws();
    if (peek() == ']') {
      pos++;
      return new Arr(items, start, pos);
    }
    while (true) {
      ws();
      items.add(value(depth + 1));
      ws();
      byte c = next();
      if (c == ']') {
        return new Arr(items, start, pos);
      }
      if (c != ',') {
        throw new JsonException("expected , or ] at byte " + (pos - 1));
      }
    }
  }

  private String string() throws JsonException {
    expect('"');
    StringBuilder sb = new StringBuilder();
    int runStart = pos;
    while (true) {
      byte c = next();
      if (c == '"') {
        sb.append(new String(src, runStart, pos - 1 - runStart, StandardCharsets.UTF_8));
        return sb.toString();
      }
      if ((c & 0xff) < 0x20) {
        throw new JsonException("control character in string at byte " + (pos - 1));
      }
      if (c == '\\') {
        sb.append(new String(src, runStart, pos - 1 - runStart, StandardCharsets.UTF_8));
        byte e = next();
        switch (e) {
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case '/' -> sb.append('/');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> sb.append((char) hex4());
          default -> throw new JsonException("bad escape at byte " + (pos - 1));
        }
        runStart = pos;
      }
    }
  }

  private int hex4() throws JsonException {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(next(), 16);
      if (d < 0) {
        throw new JsonException("bad \\u escape at byte " + pos);
      }
      v = v * 16 + d;
    }
    return v;
  }

  private Num number() throws JsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (pos < src.length && src[pos] == '.') {
      pos++;
      digits();
    }
    if (pos < src.length && (src[pos] == 'e' || src[pos] == 'E')) {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    return new Num(
        new BigDecimal(new String(src, start, pos - start, StandardCharsets.US_ASCII)), start, pos);
  }

  private void digits() throws JsonException {
    int start = pos;
    while (pos < src.length && src[pos] >= '0' && src[pos] <= '9') {
      pos++;
    }
    if (pos == start) {
      throw new JsonException("expected a digit at byte " + pos);
    }
  }

  private void literal(String word) throws JsonException {
    for (int i = 0; i < word.length(); i++) {
      if (next() != word.charAt(i)) {
        throw new JsonException("bad literal at byte " + (pos - 1));
      }
    }
  }

  private void ws() {
    while (pos < src.length
        && (src[pos] == ' ' || src[pos] == '\n' || src[pos] == '\r' || src[pos] == '\t')) {
      pos++;
    }
  }

  private byte peek() throws JsonException {
    if (pos >= src.length) {
      throw new JsonException("unexpected end of input");
    }
    return src[pos];
  }

  private byte next() throws JsonException {
    byte b = peek();
    pos++;
    return b;
  }

  private void expect(char c) throws JsonException {
    if (next() != c) {
      throw new JsonException("expected " + c + " at byte " + (pos - 1));
    }
  }
}
