package io.mitai.platform.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A console session id from the session cookie, to be resolved by {@link ConsoleSessions}. */
public final class SessionAuthenticationRequest extends BaseAuthenticationRequest {

  private final String token;

  public SessionAuthenticationRequest(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }
}
