package io.mitai.platform.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * HTTP Basic: user name and password through {@link PasswordLogin} (throttled, cached, bcrypt on a
 * miss only). Takes precedence over the provider that quarkus-security-jpa generates from {@link
 * UserAccount}, which would run bcrypt on every request.
 */
@Singleton
public class PasswordIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  @Inject PasswordLogin login;

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  /** Above the default (1001) of the provider quarkus-security-jpa generates, so tried first. */
  @Override
  public int priority() {
    return 2000;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    String address = addressOf(HttpSecurityUtils.getRoutingContextAttribute(request));
    return context.runBlocking(
        () -> {
          PasswordLogin.Verified user =
              login.verify(request.getUsername(), request.getPassword().getPassword(), address);
          return identity(user.username(), user.role());
        });
  }

  static SecurityIdentity identity(String username, String role) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(username))
        .addRole(role)
        .build();
  }

  static String addressOf(RoutingContext context) {
    if (context == null || context.request().remoteAddress() == null) {
      return null;
    }
    return context.request().remoteAddress().hostAddress();
  }
}
