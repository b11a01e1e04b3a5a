package io.mitai.platform.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every response of the node: no framing ({@code frame-ancestors 'none'},
 * {@code X-Frame-Options: DENY}), no MIME sniffing, no referrer, a Content Security Policy that
 * lets the console load its own scripts, styles and images only (it has no inline script or style),
 * and HSTS when served over HTTPS. Nothing but the console's public static files (sign-in page
 * styles and scripts) may be stored by a cache: every other response is {@code no-store}, so no
 * page or API answer seen behind the sign-in stays in a shared or browser cache.
 */
@ApplicationScoped
public class SecurityHeaders {

  /** The console's policy (also sent with API answers, where it only forbids framing). */
  public static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
          + "form-action 'self'; frame-ancestors 'none'";

  /** Swagger UI (a Quarkus page with inline scripts): framing forbidden, nothing else. */
  static final String CSP_SWAGGER = "frame-ancestors 'none'";

  void install(@Observes Filters filters) {
    filters.register(
        context -> {
          context.addHeadersEndHandler(ignored -> apply(context));
          context.next();
        },
        100);
  }

  static void apply(RoutingContext context) {
    MultiMap headers = context.response().headers();
    String path = context.normalizedPath();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    boolean swagger = path.startsWith("/q/swagger-ui") || path.startsWith("/q/dev");
    headers.set("Content-Security-Policy", swagger ? CSP_SWAGGER : CSP);
    if (context.request().isSSL()) {
      headers.set("Strict-Transport-Security", "max-age=31536000");
    }
    if (publicStatic(path)) {
      headers.set("Cache-Control", "no-cache");
    } else if (!swagger) {
      headers.set("Cache-Control", "no-store");
      headers.remove("Expires");
    }
  }

  /** The console files anyone may fetch (no user data): revalidated, never immutable. */
  static boolean publicStatic(String path) {
    return path.startsWith("/console/css/")
        || path.startsWith("/console/js/")
        || path.equals("/console/favicon.svg")
        || path.equals("/console/login.html");
  }
}
