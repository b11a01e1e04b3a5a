package io.mitai.platform.validation;

import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The node's input rules, shared by every resource so that one id or one name is checked the same
 * way everywhere. Failures are {@link ProblemType#INVALID_REQUEST} problems naming the field (never
 * echoing the rejected value), except path ids, which answer {@link ProblemType#NOT_FOUND}: an id
 * that cannot exist names nothing.
 */
public final class Validate {

  /**
   * Every identifier (asset, grant, task, organisation, ledger transaction, algorithm): 1..128
   * characters, a letter or digit first, then letters, digits, {@code . _ : -}. The ledger's
   * contract uses the same pattern ({@code io.mitai.contract.model.Check#ID}).
   */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  /** Longest short name (asset name, column name), in UTF-16 chars, as on the ledger. */
  public static final int MAX_NAME = 256;

  /** Longest free text (purpose, legal basis, reasons), in UTF-16 chars, as on the ledger. */
  public static final int MAX_TEXT = 1024;

  private Validate() {}

  /** Whether {@code value} is a well-formed id. */
  public static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  /** A required id field of a request: 400 when absent or malformed. */
  public static String id(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw invalid("`" + field + "` is required");
    }
    if (!isId(value)) {
      throw invalid("`" + field + "` is not a valid id (pattern " + ID.pattern() + ")");
    }
    return value;
  }

  /** An optional id field (a query filter): null passes, anything else must be an id. */
  public static String optionalId(String field, String value) {
    return value == null ? null : id(field, value);
  }

  /** A path id: 404 when malformed, as no resource can have it. */
  public static String pathId(String what, String value) {
    if (!isId(value)) {
      throw new ProblemException(ProblemType.NOT_FOUND, what + " does not exist");
    }
    return value;
  }

  /**
   * A short name (asset name, column name): 1..{@link #MAX_NAME} chars, not blank, no control,
   * format (bidi overrides such as U+202E, zero-width characters), line or paragraph separator,
   * private-use, unassigned or unpaired surrogate code point.
   */
  public static String name(String field, String value) {
    return checked(field, value, MAX_NAME, false);
  }

  /**
   * Free text (a purpose, a legal basis, a reason): like {@link #name} but up to {@code max} chars
   * and tab, line feed and carriage return allowed.
   */
  public static String text(String field, String value, int max) {
    return checked(field, value, max, true);
  }

  /** Optional free text: null passes; see {@link #text}. Blank is allowed. */
  public static String optionalText(String field, String value, int max) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    String problem = problemIn(value, max, true);
    if (problem != null) {
      throw invalid("`" + field + "` " + problem);
    }
    return value;
  }

  /** Each element a name; see {@link #name}. Null lists pass (the caller decides). */
  public static List<String> names(String field, List<String> values) {
    if (values != null) {
      for (String value : values) {
        if (value == null) {
          throw invalid("`" + field + "` must not contain null");
        }
        name(field, value);
      }
    }
    return values;
  }

  /**
   * Why {@code value} is not acceptable text, or null when it is. {@code multiline} allows tab, LF
   * and CR.
   */
  public static String problemIn(String value, int max, boolean multiline) {
    if (value.length() > max) {
      return "is longer than " + max + " characters";
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (!allowed(cp, multiline)) {
        return String.format(
            "contains the character U+%04X at position %d (control, format and invisible"
                + " characters are refused)",
            cp, i);
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  private static boolean allowed(int cp, boolean multiline) {
    if (multiline && (cp == '\t' || cp == '\n' || cp == '\r')) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.PRIVATE_USE,
          Character.SURROGATE,
          Character.UNASSIGNED ->
          false;
      default -> true;
    };
  }

  private static String checked(String field, String value, int max, boolean multiline) {
    if (value == null || value.isBlank()) {
      throw invalid("`" + field + "` is required");
    }
    String problem = problemIn(value, max, multiline);
    if (problem != null) {
      throw invalid("`" + field + "` " + problem);
    }
    return value;
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_REQUEST, detail);
  }
}
