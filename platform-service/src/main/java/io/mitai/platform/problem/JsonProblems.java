package io.mitai.platform.problem;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request body the strict JSON rules refuse ({@code io.mitai.platform.validation.StrictJson}) is
 * a 400 {@link ProblemType#INVALID_JSON} problem naming the field and what is wrong, never echoing
 * the rejected value. Listed types take precedence over Quarkus' own mappers for them.
 */
public final class JsonProblems {

  private static final Logger LOG = Logger.getLogger(JsonProblems.class);
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^']{0,128})'");

  @ServerExceptionMapper({
    JsonProcessingException.class,
    JsonParseException.class,
    StreamReadException.class,
    JsonMappingException.class,
    MismatchedInputException.class,
    InvalidFormatException.class,
    UnrecognizedPropertyException.class,
    ValueInstantiationException.class
  })
  public Response json(JsonProcessingException e, UriInfo uri) {
    if (e.getProcessor() instanceof JsonGenerator) {
      // Writing a response failed: the node's fault, not the client's.
      LOG.error("a response could not be serialised", e);
      return ProblemMappers.respond(
          new ProblemException(
              ProblemType.INTERNAL, "the node failed unexpectedly; the failure is logged"),
          uri);
    }
    return ProblemMappers.respond(new ProblemException(ProblemType.INVALID_JSON, detail(e)), uri);
  }

  /** What is wrong with the body, naming the field by its path ({@code inputs[0].assetId}). */
  static String detail(JsonProcessingException thrown) {
    JsonProcessingException e =
        thrown instanceof JsonMappingException && thrown.getCause() instanceof StreamReadException s
            ? s
            : thrown;
    if (e instanceof StreamConstraintsException) {
      return "the body exceeds the JSON limits (nesting depth, number or string length)";
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String at = parentPath(u);
      return "unknown field `"
          + printable(u.getPropertyName())
          + "`"
          + (at.isEmpty() ? "" : " in `" + at + "`")
          + "; unknown fields are refused";
    }
    if (e instanceof JsonMappingException m) {
      String at = path(m);
      String field = at.isEmpty() ? "the body" : "field `" + at + "`";
      if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
        return field + " must be " + expected(mi.getTargetType()) + " (no coercion is applied)";
      }
      return field + " has the wrong type or an invalid value";
    }
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher duplicate = DUPLICATE.matcher(original);
    if (duplicate.find()) {
      return "duplicate field `" + printable(duplicate.group(1)) + "`; each key may appear once";
    }
    JsonLocation where = e.getLocation();
    return "the body is not well-formed JSON"
        + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr())
        + (where == null ? "" : ")");
  }

  private static String expected(Class<?> type) {
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String path(JsonMappingException e) {
    return render(e, e.getPath().size());
  }

  private static String parentPath(JsonMappingException e) {
    return render(e, Math.max(0, e.getPath().size() - 1));
  }

  private static String render(JsonMappingException e, int size) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < size; i++) {
      JsonMappingException.Reference r = e.getPath().get(i);
      if (r.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(printable(r.getFieldName()));
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String printable(String value) {
    String shortened = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    StringBuilder out = new StringBuilder(shortened.length());
    shortened
        .codePoints()
        .forEach(
            cp ->
                out.appendCodePoint(
                    Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                        ? '?'
                        : cp));
    return out.toString();
  }
}
