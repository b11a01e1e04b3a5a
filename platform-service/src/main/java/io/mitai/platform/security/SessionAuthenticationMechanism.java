package io.mitai.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/**
 * The console's session: the {@value SessionCookie#NAME} cookie set by {@code POST
 * /j_security_check} ({@code LoginResource}), checked against {@link ConsoleSessions} on every
 * request. Its scheme name for path permissions is {@value #SCHEME}. The challenge sends a console
 * page to the sign-in page and answers an API call with 401 (no Basic challenge, so no browser
 * dialog).
 */
@Singleton
public class SessionAuthenticationMechanism implements HttpAuthenticationMechanism {

  /** The scheme named by {@code quarkus.http.auth.permission.*.auth-mechanism}. */
  public static final String SCHEME = "session";

  static final String LOGIN_PAGE = "/console/login.html";

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String token = SessionCookie.of(context.request());
    if (token == null) {
      return Uni.createFrom().nullItem();
    }
    // A cookie naming no live session (signed out, timed out, made up) counts as no cookie: the
    // request is anonymous, so a console page redirects to the sign-in page.
    return identityProviderManager
        .authenticate(
            HttpSecurityUtils.setRoutingContextAttribute(
                new SessionAuthenticationRequest(token), context))
        .onFailure(AuthenticationFailedException.class)
        .recoverWithNull();
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    if (context.normalizedPath().startsWith("/console")) {
      return Uni.createFrom().item(new ChallengeData(302, "Location", LOGIN_PAGE));
    }
    return Uni.createFrom()
        .item(
            new ChallengeData(
                401,
                Map.<CharSequence, String>of(
                    "WWW-Authenticate", "Form realm=\"mitai\", login=\"" + LOGIN_PAGE + "\"")));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(SessionAuthenticationRequest.class);
  }

  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return Uni.createFrom()
        .item(
            new HttpCredentialTransport(
                HttpCredentialTransport.Type.COOKIE, SessionCookie.NAME, SCHEME));
  }
}
