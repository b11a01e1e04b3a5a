package io.mitai.platform.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The demo users (well-known password) are for a node that only this machine can reach. With {@code
 * mitai.demo.enabled=true} and {@code quarkus.http.host} not a loopback address, the node refuses
 * to start: the operator either binds to loopback or sets {@code mitai.demo.enabled=false} (and
 * creates real users).
 */
public final class DemoExposure {

  private DemoExposure() {}

  /** Why the node must not start with these settings, or empty if it may. */
  public static Optional<String> refusal(boolean demoEnabled, String httpHost) {
    if (!demoEnabled || isLoopback(httpHost)) {
      return Optional.empty();
    }
    return Optional.of(
        "refusing to start: the demo users (mitai.demo.enabled=true, a well-known password) would"
            + " be served on quarkus.http.host="
            + httpHost
            + ", which is not a loopback address. Bind to 127.0.0.1, or set"
            + " mitai.demo.enabled=false (MITAI_DEMO_ENABLED=false) and create real users"
            + " (docs/operations.md#bind-address-and-demo-users).");
  }

  /** True for loopback addresses and names that resolve only to them ({@code localhost}). */
  static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String h = host.trim();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    try {
      InetAddress[] all = InetAddress.getAllByName(h);
      for (InetAddress address : all) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
