package io.mitai.compute.deliver;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The canonical encoding of a result, and its SHA-256 (the hash that goes on the ledger).
 *
 * <p>Rules: UTF-8 JSON with no whitespace; object keys sorted by their UTF-16 code units (Java
 * {@code String} order); strings escaped minimally (quote, backslash, and control characters below
 * U+0020 as {@code \\uXXXX} except the short forms \b \f \n \r \t); integers ({@code Long}, {@code
 * Integer}) as JSON numbers; decimals ({@code BigDecimal}) as JSON strings of their plain form with
 * trailing zeros stripped ("0" for zero) so that no float parsing is ever involved; booleans as
 * true/false; an empty {@code Optional} as null.
 */
public final class DocumentJson {
  private DocumentJson() {}

  public static byte[] encode(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** SHA-256 of the canonical encoding. */
  public static byte[] sha256(Object value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(encode(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(StringBuilder sb, Object v) {
    if (v instanceof Optional<?> o) {
      if (o.isEmpty()) {
        sb.append("null");
      } else {
        write(sb, o.get());
      }
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Long || v instanceof Integer) {
      sb.append(v);
    } else if (v instanceof BigDecimal d) {
      string(sb, d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
    } else if (v instanceof Boolean b) {
      sb.append(b ? "true" : "false");
    } else if (v instanceof Map<?, ?> m) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      m.forEach(
          (k, val) -> {
            if (!(k instanceof String key)) {
              throw new IllegalArgumentException("object keys must be strings");
            }
            sorted.put(key, val);
          });
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, e.getKey());
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, l.get(i));
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException(
          "not canonically encodable: " + (v == null ? "null" : v.getClass().getName()));
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
