package io.mitai.platform.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A short-lived memory of credentials that bcrypt has already verified, so that an API client
 * sending HTTP Basic on every request pays for bcrypt once per {@code ttl}, not once per request.
 *
 * <p>An entry is keyed by HMAC-SHA256 of (user name, password) under a random key drawn when the
 * process starts and never stored: neither the password nor an unkeyed hash of it is kept. The
 * entry holds the user as verified (name, role, organisation), so a hit needs no database read. A
 * password change or removal through the node calls {@link #forget(String)}, which drops the user's
 * entries at once; a change made behind the node's back (directly in SQL) takes effect within
 * {@code ttl}. Bounded: at most {@code max-entries} (least recently used dropped first) and each
 * lives at most {@code ttl}.
 */
@Singleton
public class CredentialCache {

  private final SecretKeySpec key;
  private final int maxEntries;
  private final long ttlNanos;
  private final LongSupplier clock;
  private final LinkedHashMap<String, Entry> entries;
  private final ThreadLocal<Mac> macs;

  /** What a hit returns: the user as it was when its password was verified. */
  public record Verified(String username, String role, String orgId) {}

  private record Entry(Verified user, long expiresAt) {}

  @Inject
  public CredentialCache(
      @ConfigProperty(name = "mitai.security.credential-cache.max-entries", defaultValue = "1000")
          int maxEntries,
      @ConfigProperty(name = "mitai.security.credential-cache.ttl", defaultValue = "2m")
          Duration ttl) {
    this(maxEntries, ttl, System::nanoTime);
  }

  CredentialCache(int maxEntries, Duration ttl, LongSupplier clock) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.maxEntries = maxEntries;
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CredentialCache.this.maxEntries;
          }
        };
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** The user, if these exact credentials were verified less than {@code ttl} ago. */
  public Optional<Verified> verified(String username, char[] password) {
    if (maxEntries <= 0) {
      return Optional.empty();
    }
    String id = keyOf(username, password);
    synchronized (entries) {
      Entry entry = entries.get(id);
      if (entry == null) {
        return Optional.empty();
      }
      if (clock.getAsLong() - entry.expiresAt() >= 0) {
        entries.remove(id);
        return Optional.empty();
      }
      return Optional.of(entry.user());
    }
  }

  /** Remembers credentials that bcrypt has just verified for {@code user}. */
  public void remember(char[] password, Verified user) {
    if (maxEntries <= 0) {
      return;
    }
    String id = keyOf(user.username(), password);
    synchronized (entries) {
      entries.put(id, new Entry(user, clock.getAsLong() + ttlNanos));
    }
  }

  /** Drops one entry (credentials that no longer verify). */
  public void forget(String username, char[] password) {
    String id = keyOf(username, password);
    synchronized (entries) {
      entries.remove(id);
    }
  }

  /** Drops every entry of a user: on a password change or when the user is removed. */
  public void forget(String username) {
    synchronized (entries) {
      entries.values().removeIf(e -> e.user().username().equals(username));
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private String keyOf(String username, char[] password) {
    byte[] user = username.getBytes(StandardCharsets.UTF_8);
    ByteBuffer secret = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] pass = new byte[secret.remaining()];
    secret.get(pass);
    Arrays.fill(secret.array(), (byte) 0);
    Mac mac = macs.get();
    // Length-prefixed, so no (user, password) pair can collide with another.
    mac.update(ByteBuffer.allocate(4).putInt(user.length).array());
    mac.update(user);
    mac.update(pass);
    Arrays.fill(pass, (byte) 0);
    return Base64.getEncoder().encodeToString(mac.doFinal());
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
