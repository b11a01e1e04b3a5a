package io.mitai.platform.security;

import io.quarkus.security.AuthenticationFailedException;
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
import java.util.Optional;

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
    String username = request.getUsername();
    char[] password = request.getPassword().getPassword();
    try {
      // A recently verified password is answered on the spot, without a worker thread.
      Optional<CredentialCache.Verified> cached = login.fromCache(username, password, address);
      if (cached.isPresent()) {
        return Uni.createFrom().item(identity(cached.get()));
      }
    } catch (AuthenticationFailedException e) {
      return Uni.createFrom().failure(e);
    }
    return context.runBlocking(() -> identity(login.verify(username, password, address)));
  }

  /** The identity, carrying the {@link Actor} so that no request has to read the user again. */
  static SecurityIdentity identity(CredentialCache.Verified user) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(user.username()))
        .addRole(user.role())
        .addAttribute(
            CurrentActor.ACTOR_ATTRIBUTE,
            new Actor(user.username(), user.role(), Optional.ofNullable(user.orgId())))
        .build();
  }

  static String addressOf(RoutingContext context) {
    if (context == null || context.request().remoteAddress() == null) {
      return null;
    }
    return context.request().remoteAddress().hostAddress();
  }
}
