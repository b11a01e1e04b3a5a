package io.mitai.platform.security;

import io.mitai.platform.problem.RetryAfter;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows down password guessing, for the console's sign-in and HTTP Basic alike. Failures are
 * counted per user name and per source address. After {@code max-failures} failures for a user (or
 * {@code max-failures-per-address} from one address) further attempts are refused without checking
 * the password for {@code lockout}; each further failure after a lockout doubles it, up to {@code
 * max-lockout}. A correct password during a lockout is refused too (HTTP 429, or the sign-in page
 * saying so). A success clears the user's count; an address's count fades once it has had no
 * failure for {@code max-lockout}. State is kept in memory: a restart clears it.
 */
@Singleton
public class LoginThrottle {

  /**
   * Attribute of the {@link AuthenticationFailedException} of a refused attempt: seconds to wait.
   */
  public static final String RETRY_AFTER = RetryAfter.ATTRIBUTE;

  private static final int MAX_TRACKED = 100_000;

  private final int maxFailures;
  private final int maxFailuresPerAddress;
  private final long lockoutNanos;
  private final long maxLockoutNanos;
  private final LongSupplier clock;
  private final Map<String, Counter> users = new ConcurrentHashMap<>();
  private final Map<String, Counter> addresses = new ConcurrentHashMap<>();

  private static final class Counter {
    int failures;
    long lockedUntil;
    long lastFailure;
  }

  @Inject
  public LoginThrottle(
      @ConfigProperty(name = "mitai.security.login-throttle.max-failures", defaultValue = "5")
          int maxFailures,
      @ConfigProperty(
              name = "mitai.security.login-throttle.max-failures-per-address",
              defaultValue = "50")
          int maxFailuresPerAddress,
      @ConfigProperty(name = "mitai.security.login-throttle.lockout", defaultValue = "1m")
          Duration lockout,
      @ConfigProperty(name = "mitai.security.login-throttle.max-lockout", defaultValue = "15m")
          Duration maxLockout) {
    this(maxFailures, maxFailuresPerAddress, lockout, maxLockout, System::nanoTime);
  }

  LoginThrottle(
      int maxFailures,
      int maxFailuresPerAddress,
      Duration lockout,
      Duration maxLockout,
      LongSupplier clock) {
    this.maxFailures = maxFailures;
    this.maxFailuresPerAddress = maxFailuresPerAddress;
    this.lockoutNanos = lockout.toNanos();
    this.maxLockoutNanos = Math.max(lockout.toNanos(), maxLockout.toNanos());
    this.clock = clock;
  }

  /**
   * Refuses an attempt while the user or the address is locked out.
   *
   * @throws AuthenticationFailedException with {@link #RETRY_AFTER}, the seconds to wait
   */
  public void check(String username, String address) {
    long now = clock.getAsLong();
    long wait = Math.max(remaining(users, username, now), remaining(addresses, address, now));
    if (wait > 0) {
      long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
      throw new AuthenticationFailedException(
          "too many failed sign-ins; try again in " + seconds + " s", Map.of(RETRY_AFTER, seconds));
    }
  }

  /** The seconds to wait if the failure is a refusal by the throttle. */
  public static OptionalLong retryAfter(Throwable failure) {
    return RetryAfter.of(failure);
  }

  /** Counts a wrong password (or an unknown user) for the user and the address. */
  public void failed(String username, String address) {
    long now = clock.getAsLong();
    count(users, username, maxFailures, now);
    count(addresses, address, maxFailuresPerAddress, now);
  }

  /** A correct password: the user's failures are forgiven (the address's fade with time). */
  public void succeeded(String username) {
    users.remove(username);
  }

  private long remaining(Map<String, Counter> counters, String key, long now) {
    if (key == null) {
      return 0;
    }
    Counter counter = counters.get(key);
    if (counter == null) {
      return 0;
    }
    synchronized (counter) {
      return Math.max(0, counter.lockedUntil - now);
    }
  }

  private void count(Map<String, Counter> counters, String key, int threshold, long now) {
    if (key == null || threshold <= 0) {
      return;
    }
    if (counters.size() > MAX_TRACKED) {
      prune(counters, now);
    }
    Counter counter = counters.computeIfAbsent(key, k -> new Counter());
    synchronized (counter) {
      if (counter.failures > 0 && now - counter.lastFailure > maxLockoutNanos) {
        counter.failures = 0; // long quiet: start over
      }
      counter.failures++;
      counter.lastFailure = now;
      if (counter.failures >= threshold) {
        int doublings = Math.min(30, counter.failures - threshold);
        long lock = Math.min(maxLockoutNanos, lockoutNanos << doublings);
        if (lock < 0) {
          lock = maxLockoutNanos;
        }
        counter.lockedUntil = now + lock;
      }
    }
  }

  private void prune(Map<String, Counter> counters, long now) {
    counters
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                return now - e.getValue().lastFailure > maxLockoutNanos
                    && e.getValue().lockedUntil - now <= 0;
              }
            });
  }
}
