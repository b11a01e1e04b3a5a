package io.mitai.contract.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.mitai.contract.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.TreeSet;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The one JSON codec of the chaincode: everything written to the world state, emitted as an event
 * or returned goes through it, so every peer produces the same bytes.
 *
 * <p>Canonical form:
 *
 * <ul>
 *   <li>object properties sorted by name (also map entries), no whitespace, UTF-8;
 *   <li>{@code null} properties omitted (absent and null mean the same thing); empty strings and
 *       empty lists are written;
 *   <li>numbers are integers only (no floating point anywhere in the model);
 *   <li>instants as {@link Instant#toString()} (ISO-8601 UTC, e.g. {@code
 *       2026-01-02T03:04:05.678Z}) &mdash; the one time format;
 *   <li>enums by name.
 * </ul>
 *
 * <p>Parsing is strict: unknown or duplicate properties, trailing content, numbers for strings or
 * enums, strings for numbers and fractions for integers are all {@link ErrorCode#INVALID_ARGUMENT}.
 */
public final class RecordJson {

  private static final JsonMapper MAPPER = buildMapper();

  private RecordJson() {}

  private static JsonMapper buildMapper() {
    SimpleModule instants = new SimpleModule("mitai-instant");
    instants.addSerializer(Instant.class, new InstantSerializer());
    instants.addDeserializer(Instant.class, new InstantDeserializer());
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(MapperFeature.AUTO_DETECT_FIELDS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .addModule(instants)
            .build();
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Enum)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    return mapper;
  }

  /**
   * Canonical bytes of a value.
   *
   * @param value a record, list of records or other model value
   * @return UTF-8 canonical JSON
   */
  public static byte[] toBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw ErrorCode.INTERNAL.exception("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Canonical JSON text of a value (the UTF-8 decoding of {@link #toBytes}).
   *
   * @param value a record, list of records or other model value
   * @return canonical JSON
   */
  public static String toJson(Object value) {
    return new String(toBytes(value), StandardCharsets.UTF_8);
  }

  /**
   * Parses client input strictly.
   *
   * @param json the transaction argument
   * @param type the request record type
   * @return the validated request
   * @throws ChaincodeException {@link ErrorCode#INVALID_ARGUMENT} on any problem
   */
  public static <T> T parseInput(String json, Class<T> type) {
    if (json == null || json.isBlank()) {
      throw ErrorCode.INVALID_ARGUMENT.exception("expected a JSON object, got nothing");
    }
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw ErrorCode.INVALID_ARGUMENT.exception("expected a JSON object, got null");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw inputError(e);
    }
  }

  /**
   * Reads a value written by {@link #toBytes}; failures are {@link ErrorCode#INTERNAL} since the
   * world state is not the caller's input.
   *
   * @param bytes stored bytes
   * @param type the record type
   * @return the record
   */
  public static <T> T fromState(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException | ChaincodeException e) {
      throw ErrorCode.INTERNAL.exception("stored " + type.getSimpleName() + " is unreadable", e);
    }
  }

  private static ChaincodeException inputError(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ChaincodeException ce) {
        return ce;
      }
    }
    String where = e instanceof JsonMappingException jme ? path(jme) : "";
    if (e instanceof UnrecognizedPropertyException upe) {
      return ErrorCode.INVALID_ARGUMENT.exception(
          "unknown field '" + where + "' (allowed: " + sortedNames(upe) + ")");
    }
    if (e instanceof InvalidFormatException ife && ife.getTargetType().isEnum()) {
      return ErrorCode.INVALID_ARGUMENT.exception(
          "field '"
              + where
              + "': '"
              + ife.getValue()
              + "' is not one of "
              + Arrays.toString(ife.getTargetType().getEnumConstants()));
    }
    String detail = e.getOriginalMessage();
    return ErrorCode.INVALID_ARGUMENT.exception(
        where.isEmpty() ? "malformed JSON: " + detail : "field '" + where + "': " + detail);
  }

  private static TreeSet<String> sortedNames(UnrecognizedPropertyException e) {
    TreeSet<String> names = new TreeSet<>();
    if (e.getKnownPropertyIds() != null) {
      for (Object id : e.getKnownPropertyIds()) {
        names.add(String.valueOf(id));
      }
    }
    return names;
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  /** Writes an instant in its one canonical form. */
  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  /** Reads an ISO-8601 instant; anything else is INVALID_ARGUMENT. */
  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String field = p.currentName();
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw ErrorCode.INVALID_ARGUMENT.exception(
            "field '" + field + "' must be an ISO-8601 UTC instant string");
      }
      String text = p.getText();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw ErrorCode.INVALID_ARGUMENT.exception(
            "field '"
                + field
                + "' must be an ISO-8601 UTC instant such as 2026-01-31T00:00:00Z, got '"
                + text
                + "'");
      }
    }
  }
}
