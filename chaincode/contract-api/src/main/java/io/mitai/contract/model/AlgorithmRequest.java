package io.mitai.contract.model;

import java.util.regex.Pattern;

/**
 * Input of {@code RegisterAlgorithm}. The publisher is always the caller, so it is not a field.
 *
 * <pre>{@code {"name":"join-aggregate","version":"1.0.0",
 *  "measurement":"<64 lowercase hex>","description":"joins on a key column, ..."}}</pre>
 *
 * @param name required, see {@link Check#ID}
 * @param version required, {@link #VERSION}, at most {@link #MAX_VERSION} characters
 * @param measurement required SHA-256 of the code artifact, 64 lowercase hex
 * @param description required, 1..1024 characters: what it computes, outputs and reveals
 */
public record AlgorithmRequest(
    String name, String version, String measurement, String description) {

  /**
   * Semantic-version syntax: {@code MAJOR.MINOR.PATCH}, numbers without leading zeros, optionally
   * followed by {@code -prerelease} and {@code +build}, each dot-separated {@code [0-9A-Za-z-]}
   * identifiers (e.g. {@code 1.0.0}, {@code 2.1.0-rc.1+sgx}).
   */
  public static final Pattern VERSION =
      Pattern.compile(
          "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
              + "(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?"
              + "(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$");

  /** Longest accepted version string. */
  public static final int MAX_VERSION = 64;

  /** Validates the shape of the request. */
  public AlgorithmRequest {
    Check.id("name", name);
    Check.present("version", version);
    if (version.length() > MAX_VERSION || !VERSION.matcher(version).matches()) {
      throw Check.invalid(
          "field 'version' must be MAJOR.MINOR.PATCH[-prerelease][+build] of at most "
              + MAX_VERSION
              + " characters, e.g. 1.0.0 or 2.1.0-rc.1");
    }
    Check.hex64("measurement", measurement);
    Check.text("description", description, Check.MAX_TEXT);
  }
}
