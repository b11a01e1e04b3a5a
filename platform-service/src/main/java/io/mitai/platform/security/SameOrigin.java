package io.mitai.platform.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The cross-site request check for writes authenticated by the console's cookie. A browser sends
 * {@code Sec-Fetch-Site} (current browsers) and {@code Origin} on every cross-origin write; either
 * one naming another origin, including another port of the same host ("same-site"), refuses the
 * request. The required {@code X-Requested-With} header is the second line: a page elsewhere cannot
 * add a custom header to a request to this node without a CORS preflight, which the node never
 * grants.
 */
public final class SameOrigin {

  /** The header the console sets on all its calls; required on cookie-authenticated writes. */
  public static final String REQUESTED_WITH = "X-Requested-With";

  private SameOrigin() {}

  /**
   * Why a cookie-authenticated write is refused, or empty if it may go on.
   *
   * @param requestedWith the {@code X-Requested-With} header (null if absent)
   * @param origin the {@code Origin} header (null if absent)
   * @param fetchSite the {@code Sec-Fetch-Site} header (null if absent)
   * @param scheme this request's scheme ({@code http} or {@code https})
   * @param host this request's {@code Host} (host and optional port)
   */
  public static Optional<String> refuseWrite(
      String requestedWith, String origin, String fetchSite, String scheme, String host) {
    if (requestedWith == null || requestedWith.isBlank()) {
      return Optional.of(
          "a write with the console's session cookie needs the X-Requested-With header");
    }
    return refuseCrossSite(origin, fetchSite, scheme, host);
  }

  /**
   * Why a request from another origin is refused, or empty. {@code Sec-Fetch-Site}, which a page
   * cannot set, decides when present. Otherwise {@code Origin} decides, except the opaque {@code
   * null}: browsers send that for their own same-origin writes under {@code Referrer-Policy:
   * no-referrer} (which the node sets), so it proves nothing either way and {@code
   * X-Requested-With} has to.
   */
  public static Optional<String> refuseCrossSite(
      String origin, String fetchSite, String scheme, String host) {
    if (fetchSite != null) {
      if (fetchSite.equalsIgnoreCase("same-origin") || fetchSite.equalsIgnoreCase("none")) {
        return Optional.empty();
      }
      return Optional.of("the request came from another site or origin (" + fetchSite + ")");
    }
    if (origin != null && !origin.trim().equals("null") && !sameOrigin(origin, scheme, host)) {
      return Optional.of("the request came from another origin (" + origin + ")");
    }
    return Optional.empty();
  }

  static boolean sameOrigin(String origin, String scheme, String host) {
    if (host == null || scheme == null) {
      return false;
    }
    try {
      URI o = new URI(origin.trim());
      URI self = new URI(scheme + "://" + host);
      return o.getScheme() != null
          && o.getHost() != null
          && o.getScheme().equalsIgnoreCase(self.getScheme())
          && o.getHost().toLowerCase(Locale.ROOT).equals(self.getHost().toLowerCase(Locale.ROOT))
          && port(o) == port(self)
          && (o.getRawPath() == null || o.getRawPath().isEmpty());
    } catch (URISyntaxException | NullPointerException e) {
      return false; // "null", garbage
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
