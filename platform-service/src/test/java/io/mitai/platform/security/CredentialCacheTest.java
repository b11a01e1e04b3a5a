package io.mitai.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link CredentialCache}: keyed by user and password, bounded, short-lived. */
class CredentialCacheTest {

  final AtomicLong now = new AtomicLong();

  static CredentialCache.Verified user(String name) {
    return new CredentialCache.Verified(name, "member", "org1");
  }

  final CredentialCache cache = new CredentialCache(3, Duration.ofSeconds(60), now::get);

  @Test
  void remembers_only_the_exact_user_and_password() {
    cache.remember("pw".toCharArray(), user("alice"));
    assertThat(cache.verified("alice", "pw".toCharArray())).contains(user("alice"));
    assertThat(cache.verified("alice", "pw2".toCharArray())).isEmpty();
    assertThat(cache.verified("alicepw", "".toCharArray())).isEmpty();
    assertThat(cache.verified("bob", "pw".toCharArray())).isEmpty();
  }

  @Test
  void entries_expire_after_the_ttl() {
    cache.remember("pw".toCharArray(), user("alice"));
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(cache.verified("alice", "pw".toCharArray())).isPresent();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(cache.verified("alice", "pw".toCharArray())).isEmpty();
  }

  @Test
  void is_bounded_dropping_the_least_recently_used() {
    cache.remember("1".toCharArray(), user("a"));
    cache.remember("1".toCharArray(), user("b"));
    cache.remember("1".toCharArray(), user("c"));
    cache.verified("a", "1".toCharArray());
    cache.remember("1".toCharArray(), user("d"));
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.verified("b", "1".toCharArray())).isEmpty();
    assertThat(cache.verified("a", "1".toCharArray())).isPresent();
  }

  @Test
  void forgetting_a_user_drops_all_its_entries() {
    cache.remember("one".toCharArray(), user("alice"));
    cache.remember("two".toCharArray(), user("alice"));
    cache.remember("one".toCharArray(), user("bob"));
    cache.forget("alice");
    assertThat(cache.verified("alice", "one".toCharArray())).isEmpty();
    assertThat(cache.verified("alice", "two".toCharArray())).isEmpty();
    assertThat(cache.verified("bob", "one".toCharArray())).isPresent();
  }

  @Test
  void keys_depend_on_a_per_process_secret() {
    // Two caches (two processes) never share keys: nothing derived from the password alone is kept.
    CredentialCache other = new CredentialCache(3, Duration.ofSeconds(60), now::get);
    cache.remember("pw".toCharArray(), user("alice"));
    assertThat(other.verified("alice", "pw".toCharArray())).isEmpty();
  }
}
