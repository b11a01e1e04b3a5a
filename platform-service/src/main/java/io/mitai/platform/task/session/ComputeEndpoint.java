package io.mitai.platform.task.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A party's compute endpoint as an organisation publishes it on the ledger: {@code
 * grpcs://host:port} (gRPC over mutually authenticated TLS). Sandbox nodes publish their HTTP
 * address instead, which is not a compute endpoint: their parties are reached only on their node.
 */
public record ComputeEndpoint(String host, int port) {

  private static final String SCHEME = "grpcs";

  public ComputeEndpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("a compute endpoint needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port);
    }
  }

  /** The endpoint in {@code uri}, if it is a {@code grpcs://host:port} URI. */
  public static Optional<ComputeEndpoint> parse(String uri) {
    if (uri == null) {
      return Optional.empty();
    }
    try {
      URI parsed = new URI(uri);
      if (!SCHEME.equalsIgnoreCase(parsed.getScheme())
          || parsed.getHost() == null
          || parsed.getPort() < 1
          || parsed.getPort() > 65535) {
        return Optional.empty();
      }
      return Optional.of(new ComputeEndpoint(parsed.getHost(), parsed.getPort()));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return SCHEME + "://" + host + ":" + port;
  }
}
