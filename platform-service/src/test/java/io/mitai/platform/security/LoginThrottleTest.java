package io.mitai.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarkus.security.AuthenticationFailedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lockout rules of {@link LoginThrottle}, on a hand-driven clock. */
class LoginThrottleTest {

  final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  final LoginThrottle throttle =
      new LoginThrottle(3, 5, Duration.ofSeconds(10), Duration.ofSeconds(40), now::get);

  void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  long refusedFor(String user, String address) {
    Throwable t = catchThrowable(() -> throttle.check(user, address));
    assertThat(t).isInstanceOf(AuthenticationFailedException.class);
    return LoginThrottle.retryAfter(t).orElseThrow();
  }

  @Test
  void a_user_is_locked_out_after_max_failures_and_the_lockout_doubles_up_to_the_maximum() {
    throttle.failed("alice", "10.0.0.1");
    throttle.failed("alice", "10.0.0.2");
    assertThatCode(() -> throttle.check("alice", "10.0.0.3")).doesNotThrowAnyException();
    throttle.failed("alice", "10.0.0.3");
    assertThat(refusedFor("alice", "10.0.0.9")).isEqualTo(10);
    advance(Duration.ofSeconds(10));
    assertThatCode(() -> throttle.check("alice", "10.0.0.9")).doesNotThrowAnyException();
    throttle.failed("alice", "10.0.0.9");
    assertThat(refusedFor("alice", "10.0.0.9")).isEqualTo(20);
    advance(Duration.ofSeconds(20));
    throttle.failed("alice", "10.0.0.9");
    assertThat(refusedFor("alice", "10.0.0.9")).isEqualTo(40);
    advance(Duration.ofSeconds(40));
    throttle.failed("alice", "10.0.0.9");
    assertThat(refusedFor("alice", "10.0.0.9")).isEqualTo(40);
  }

  @Test
  void other_users_are_not_affected_and_a_success_forgives() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("alice", "10.0.0." + i);
    }
    assertThatCode(() -> throttle.check("bob", "10.0.0.7")).doesNotThrowAnyException();
    advance(Duration.ofSeconds(10));
    throttle.succeeded("alice");
    throttle.failed("alice", "10.0.0.1");
    assertThatCode(() -> throttle.check("alice", "10.0.0.1")).doesNotThrowAnyException();
  }

  @Test
  void one_address_guessing_many_users_is_locked_out() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("user" + i, "192.0.2.1");
    }
    assertThat(refusedFor("someone-else", "192.0.2.1")).isEqualTo(10);
    assertThatCode(() -> throttle.check("someone-else", "192.0.2.2")).doesNotThrowAnyException();
  }

  @Test
  void failures_fade_after_a_long_quiet() {
    throttle.failed("alice", "10.0.0.1");
    throttle.failed("alice", "10.0.0.1");
    advance(Duration.ofSeconds(41));
    throttle.failed("alice", "10.0.0.1");
    assertThatCode(() -> throttle.check("alice", "10.0.0.1")).doesNotThrowAnyException();
  }
}
