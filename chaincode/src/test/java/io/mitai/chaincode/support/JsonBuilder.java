package io.mitai.chaincode.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds request JSON for tests; keeps insertion order so tests can permute fields. */
public final class JsonBuilder {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();

  /** An empty object. */
  public static JsonBuilder object() {
    return new JsonBuilder();
  }

  /** Sets a field (null writes a JSON null). */
  public JsonBuilder with(String name, Object value) {
    fields.put(name, value instanceof JsonBuilder b ? b.fields : value);
    return this;
  }

  /** Removes a field. */
  public JsonBuilder without(String name) {
    fields.remove(name);
    return this;
  }

  /** A copy of this builder. */
  public JsonBuilder copy() {
    JsonBuilder copy = new JsonBuilder();
    copy.fields.putAll(fields);
    return copy;
  }

  /** The same fields in reverse order. */
  public JsonBuilder reversed() {
    List<String> names = new ArrayList<>(fields.keySet());
    Collections.reverse(names);
    JsonBuilder copy = new JsonBuilder();
    for (String name : names) {
      copy.fields.put(name, fields.get(name));
    }
    return copy;
  }

  /** The fields as a map (for nesting). */
  public Map<String, Object> map() {
    return fields;
  }

  /** The JSON text. */
  public String json() {
    try {
      return JSON.writeValueAsString(fields);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return json();
  }
}
