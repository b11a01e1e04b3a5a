package io.mitai.contract.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;

/**
 * Input of {@code RegisterOrganisation}.
 *
 * <pre>{@code {"displayName":"Org One","endpoint":"https://node.org1.example:8443",
 *  "publicKey":"-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n"}}</pre>
 *
 * @param id optional; if given it must equal the caller's MSP ID
 * @param displayName required, 1..256 characters
 * @param endpoint required absolute URI with a host (the node's compute endpoint)
 * @param publicKey required PEM block or base64 text, at most 16384 characters
 */
public record OrganisationRequest(
    String id, String displayName, String endpoint, String publicKey) {

  /** Longest accepted public key text. */
  public static final int MAX_PUBLIC_KEY = 16384;

  /** Validates the shape of the request. */
  public OrganisationRequest {
    Check.optionalId("id", id);
    Check.text("displayName", displayName, Check.MAX_NAME);
    Check.text("endpoint", endpoint, Check.MAX_NAME);
    checkEndpoint(endpoint);
    Check.text("publicKey", publicKey, MAX_PUBLIC_KEY);
    checkPublicKey(publicKey);
  }

  private static void checkEndpoint(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw Check.invalid("field 'endpoint' is not a URI: " + e.getReason());
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw Check.invalid(
          "field 'endpoint' must be an absolute URI with a host, e.g. https://node.example:8443");
    }
  }

  private static void checkPublicKey(String publicKey) {
    String trimmed = publicKey.strip();
    if (trimmed.startsWith("-----BEGIN ")) {
      if (!trimmed.endsWith("-----") || !trimmed.contains("-----END ")) {
        throw Check.invalid("field 'publicKey' is an incomplete PEM block");
      }
      return;
    }
    try {
      Base64.getDecoder().decode(trimmed.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw Check.invalid("field 'publicKey' must be a PEM block or base64 text");
    }
  }
}
