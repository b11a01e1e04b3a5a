package io.mitai.contract.model;

import io.mitai.contract.error.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Precondition checks shared by the records' canonical constructors. Every failure throws {@link
 * ErrorCode#INVALID_ARGUMENT} naming the offending field.
 */
public final class Check {

  /** Record ids, chosen by the client: 1..128 characters, starting with a letter or digit. */
  public static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

  /** A SHA-256 digest (or enclave measurement) as 64 lowercase hex characters. */
  public static final Pattern HEX64 = Pattern.compile("^[0-9a-f]{64}$");

  /** Longest free-text field (purpose, legal basis, reasons), in UTF-16 chars. */
  public static final int MAX_TEXT = 1024;

  /** Longest short name (display name, asset name, column name, protocol), in UTF-16 chars. */
  public static final int MAX_NAME = 256;

  private Check() {}

  /** Throws INVALID_ARGUMENT with the given message. */
  public static org.hyperledger.fabric.shim.ChaincodeException invalid(String message) {
    return ErrorCode.INVALID_ARGUMENT.exception(message);
  }

  /** Requires a non-null value. */
  public static <T> T present(String field, T value) {
    if (value == null) {
      throw invalid("field '" + field + "' is required");
    }
    return value;
  }

  /** Requires an id matching {@link #ID}. */
  public static String id(String field, String value) {
    present(field, value);
    if (!ID.matcher(value).matches()) {
      throw invalid(
          "field '"
              + field
              + "' must match "
              + ID.pattern()
              + " but was '"
              + printable(value)
              + "'");
    }
    return value;
  }

  /** Requires null or an id matching {@link #ID}. */
  public static String optionalId(String field, String value) {
    return value == null ? null : id(field, value);
  }

  /** Requires 64 lowercase hex characters. */
  public static String hex64(String field, String value) {
    present(field, value);
    if (!HEX64.matcher(value).matches()) {
      throw invalid("field '" + field + "' must be 64 lowercase hex characters (SHA-256)");
    }
    return value;
  }

  /** Requires null or 64 lowercase hex characters. */
  public static String optionalHex64(String field, String value) {
    return value == null ? null : hex64(field, value);
  }

  /** Requires non-blank text of at most {@code max} chars without control characters. */
  public static String text(String field, String value, int max) {
    present(field, value);
    if (value.isBlank()) {
      throw invalid("field '" + field + "' must not be blank");
    }
    return boundedText(field, value, max);
  }

  /** Requires null or non-blank text; see {@link #text}. */
  public static String optionalText(String field, String value, int max) {
    return value == null ? null : text(field, value, max);
  }

  /** Null becomes "", otherwise like {@link #text} but blank is allowed. */
  public static String textOrEmpty(String field, String value, int max) {
    return value == null ? "" : boundedText(field, value, max);
  }

  private static String boundedText(String field, String value, int max) {
    if (value.length() > max) {
      throw invalid("field '" + field + "' is longer than " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        throw invalid("field '" + field + "' contains a control character");
      }
    }
    return value;
  }

  /**
   * Requires a list without null elements, then returns an immutable copy.
   *
   * @param nonEmpty whether an empty list is refused
   */
  public static <T> List<T> list(String field, List<T> value, boolean nonEmpty) {
    present(field, value);
    for (T element : value) {
      if (element == null) {
        throw invalid("field '" + field + "' must not contain null");
      }
    }
    if (nonEmpty && value.isEmpty()) {
      throw invalid("field '" + field + "' must not be empty");
    }
    return List.copyOf(value);
  }

  /** Requires that no two elements share the same key (as given by {@code key}). */
  public static <T> List<T> distinct(String field, List<T> value, Function<T, String> key) {
    TreeSet<String> seen = new TreeSet<>();
    for (T element : value) {
      String k = key.apply(element);
      if (!seen.add(k)) {
        throw invalid("field '" + field + "' contains '" + printable(k) + "' more than once");
      }
    }
    return value;
  }

  /** Returns an immutable copy sorted by {@code key} (callers first check {@link #distinct}). */
  public static <T> List<T> sorted(List<T> value, Function<T, String> key) {
    List<T> copy = new ArrayList<>(value);
    copy.sort((a, b) -> key.apply(a).compareTo(key.apply(b)));
    return Collections.unmodifiableList(copy);
  }

  /** Requires a non-negative number. */
  public static long nonNegative(String field, Long value) {
    present(field, value);
    if (value < 0) {
      throw invalid("field '" + field + "' must be >= 0");
    }
    return value;
  }

  /** Requires a positive number. */
  public static int positive(String field, Integer value) {
    present(field, value);
    if (value < 1) {
      throw invalid("field '" + field + "' must be >= 1");
    }
    return value;
  }

  /** Shortens and sanitises a value for an error message. */
  static String printable(String value) {
    String shortened = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    StringBuilder out = new StringBuilder(shortened.length());
    for (int i = 0; i < shortened.length(); i++) {
      char c = shortened.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
