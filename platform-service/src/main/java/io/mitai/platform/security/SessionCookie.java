package io.mitai.platform.security;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's session cookie: {@code HttpOnly}, {@code SameSite=Strict}, path {@code /}, and
 * {@code Secure} whenever the request came over HTTPS (or always, with {@code
 * mitai.security.session.secure-cookie=always}, for a node behind a TLS-terminating proxy). It
 * carries a random session id only; the session itself lives in {@link ConsoleSessions}.
 */
@Singleton
public class SessionCookie {

  /** The cookie's name. */
  public static final String NAME = "mitai-session";

  @ConfigProperty(name = "mitai.security.session.secure-cookie", defaultValue = "auto")
  String secure;

  @ConfigProperty(name = "mitai.security.session.absolute-timeout", defaultValue = "12h")
  Duration absoluteTimeout;

  /** The session id the request carries, or null. */
  public static String of(HttpServerRequest request) {
    Cookie cookie = request.getCookie(NAME);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  /** The {@code Set-Cookie} value that opens a session. */
  public String open(String token, HttpServerRequest request) {
    return build(token, absoluteTimeout.toSeconds(), request);
  }

  /** The {@code Set-Cookie} value that removes the cookie from the browser. */
  public String expire(HttpServerRequest request) {
    return build("", 0, request);
  }

  boolean secure(HttpServerRequest request) {
    return "always".equalsIgnoreCase(secure)
        || request.isSSL()
        || "https".equalsIgnoreCase(request.scheme());
  }

  private String build(String value, long maxAge, HttpServerRequest request) {
    Cookie cookie =
        Cookie.cookie(NAME, value)
            .setPath("/")
            .setHttpOnly(true)
            .setSameSite(CookieSameSite.STRICT)
            .setMaxAge(maxAge)
            .setSecure(secure(request));
    return cookie.encode();
  }
}
