package io.mitai.platform.problem;

import io.quarkus.security.AuthenticationFailedException;
import java.util.OptionalLong;

/**
 * The seconds a refused sign-in must wait, carried as the attribute {@link #ATTRIBUTE} of the
 * {@link AuthenticationFailedException} that refuses it. Security's login throttle sets it and the
 * problem mappers turn it into {@code Retry-After}; it lives here, below security, so that the
 * mappers need not know the throttle.
 */
public final class RetryAfter {

  /** The attribute's name; its value is a {@link Long} of seconds. */
  public static final String ATTRIBUTE = "mitai.retry-after-seconds";

  private RetryAfter() {}

  /** The seconds to wait if the failure is such a refusal. */
  public static OptionalLong of(Throwable failure) {
    if (failure instanceof AuthenticationFailedException e
        && e.getAttribute(ATTRIBUTE) instanceof Long seconds) {
      return OptionalLong.of(seconds);
    }
    return OptionalLong.empty();
  }
}
