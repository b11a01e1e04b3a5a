package io.mitai.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link CredentialCache}: keyed by user and password, bounded, short-lived. */
class CredentialCacheTest {

  final AtomicLong now = new AtomicLong();
  final CredentialCache cache = new CredentialCache(3, Duration.ofSeconds(60), now::get);

  @Test
  void remembers_only_the_exact_user_and_password() {
    cache.remember("alice", "pw".toCharArray(), "$2a$hash");
    assertThat(cache.verifiedHash("alice", "pw".toCharArray())).contains("$2a$hash");
    assertThat(cache.verifiedHash("alice", "pw2".toCharArray())).isEmpty();
    assertThat(cache.verifiedHash("alicepw", "".toCharArray())).isEmpty();
    assertThat(cache.verifiedHash("bob", "pw".toCharArray())).isEmpty();
  }

  @Test
  void entries_expire_after_the_ttl() {
    cache.remember("alice", "pw".toCharArray(), "h");
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(cache.verifiedHash("alice", "pw".toCharArray())).isPresent();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(cache.verifiedHash("alice", "pw".toCharArray())).isEmpty();
  }

  @Test
  void is_bounded_dropping_the_least_recently_used() {
    cache.remember("a", "1".toCharArray(), "h");
    cache.remember("b", "1".toCharArray(), "h");
    cache.remember("c", "1".toCharArray(), "h");
    cache.verifiedHash("a", "1".toCharArray());
    cache.remember("d", "1".toCharArray(), "h");
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.verifiedHash("b", "1".toCharArray())).isEmpty();
    assertThat(cache.verifiedHash("a", "1".toCharArray())).isPresent();
  }

  @Test
  void forgetting_a_user_drops_all_its_entries() {
    cache.remember("alice", "one".toCharArray(), "h");
    cache.remember("alice", "two".toCharArray(), "h");
    cache.remember("bob", "one".toCharArray(), "h");
    cache.forget("alice");
    assertThat(cache.verifiedHash("alice", "one".toCharArray())).isEmpty();
    assertThat(cache.verifiedHash("alice", "two".toCharArray())).isEmpty();
    assertThat(cache.verifiedHash("bob", "one".toCharArray())).isPresent();
  }

  @Test
  void keys_depend_on_a_per_process_secret() {
    // Two caches (two processes) never share keys: nothing derived from the password alone is kept.
    CredentialCache other = new CredentialCache(3, Duration.ofSeconds(60), now::get);
    cache.remember("alice", "pw".toCharArray(), "h");
    assertThat(other.verifiedHash("alice", "pw".toCharArray())).isEmpty();
  }
}
