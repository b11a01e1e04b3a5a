package io.mitai.platform.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Resolves a console session id to its user (no identity if the session is not live). */
@Singleton
public class SessionIdentityProvider implements IdentityProvider<SessionAuthenticationRequest> {

  @Inject ConsoleSessions sessions;

  @Override
  public Class<SessionAuthenticationRequest> getRequestType() {
    return SessionAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      SessionAuthenticationRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(
        () ->
            sessions.resolve(request.token()).map(PasswordIdentityProvider::identity).orElse(null));
  }
}
