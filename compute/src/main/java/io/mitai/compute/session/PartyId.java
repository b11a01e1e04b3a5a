package io.mitai.compute.session;

import java.util.regex.Pattern;

/**
 * An organisation's party in a computation session: its ledger organisation id (MSP ID).
 *
 * <p>Restricted to a conservative character set so that it can appear in frame headers, PRG domain
 * labels and log lines without escaping.
 */
public record PartyId(String value) implements Comparable<PartyId> {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public PartyId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("party id must match " + VALID.pattern());
    }
  }

  public static PartyId of(String value) {
    return new PartyId(value);
  }

  @Override
  public int compareTo(PartyId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
