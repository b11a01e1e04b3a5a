package io.mitai.compute.session;

import java.util.regex.Pattern;

/** A computation session; the node uses the ledger task id, so every message names its task. */
public record SessionId(String value) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  public SessionId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("session id must match " + VALID.pattern());
    }
  }

  public static SessionId of(String value) {
    return new SessionId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
