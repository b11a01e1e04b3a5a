package io.mitai.platform.task.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.compute.deliver.DocumentJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns parsed JSON into the value tree of the compute module's {@link DocumentJson}, the one
 * canonical encoding the node hashes: task parameters (the ledger's {@code parameterHash}) and
 * result documents (the ledger's {@code resultHash}).
 *
 * <p>Objects become sorted maps, arrays lists, strings strings, integral numbers longs, booleans
 * booleans and {@code null} an empty value. A fractional or exponent number is refused: canonical
 * documents write decimals as strings, so a float can only come from a hand-edited file, and
 * parsing it would make the hash depend on a float formatter.
 */
public final class DocumentValues {

  private DocumentValues() {}

  /** The value is not canonically encodable; the message says where. */
  public static final class NotCanonical extends Exception {
    private static final long serialVersionUID = 1L;

    NotCanonical(String message) {
      super(message);
    }
  }

  public static Object of(JsonNode node) throws NotCanonical {
    return of(node, "$");
  }

  /** The canonical bytes of a JSON value. */
  public static byte[] encode(JsonNode node) throws NotCanonical {
    return DocumentJson.encode(of(node));
  }

  /** SHA-256 of {@code bytes}, as 64 lowercase hex characters. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object of(JsonNode node, String path) throws NotCanonical {
    if (node.isObject()) {
      Map<String, Object> map = new TreeMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        map.put(field.getKey(), of(field.getValue(), path + "." + field.getKey()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        list.add(of(node.get(i), path + "[" + i + "]"));
      }
      return list;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isIntegralNumber()) {
      if (!node.canConvertToLong()) {
        throw new NotCanonical(path + " is an integer outside the signed 64-bit range");
      }
      return node.asLong();
    }
    if (node.isNumber()) {
      throw new NotCanonical(
          path + " is a fractional number; canonical documents write decimals as strings");
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNull()) {
      return Optional.empty();
    }
    throw new NotCanonical(path + " is not a JSON value");
  }
}
