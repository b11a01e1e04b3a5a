package io.mitai.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Server-side state of the console's sessions, in the node's database: a session is valid only
 * while its row exists, it was used within {@code idle-timeout} and opened within {@code
 * absolute-timeout}. Signing out deletes the row, so a saved cookie opens nothing afterwards.
 * Sessions survive a restart of the node; a lost row fails closed (no row, no session).
 */
@ApplicationScoped
public class ConsoleSessions {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  @ConfigProperty(name = "mitai.security.session.idle-timeout", defaultValue = "30m")
  Duration idleTimeout;

  @ConfigProperty(name = "mitai.security.session.absolute-timeout", defaultValue = "12h")
  Duration absoluteTimeout;

  /** Opens a session for the user and returns its id (the cookie's value). */
  @Transactional
  public String open(String username) {
    Instant now = Instant.now();
    ConsoleSession.delete(
        "lastSeen < ?1 or createdAt < ?2", now.minus(idleTimeout), now.minus(absoluteTimeout));
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    ConsoleSession session = new ConsoleSession();
    session.idHash = hash(token);
    session.username = username;
    session.createdAt = now;
    session.lastSeen = now;
    session.persist();
    return token;
  }

  /** The session's user if the id names a live session; touches its last use. */
  @Transactional
  public Optional<CredentialCache.Verified> resolve(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Optional.empty();
    }
    ConsoleSession session = ConsoleSession.findById(hash(token));
    if (session == null) {
      return Optional.empty();
    }
    Instant now = Instant.now();
    if (session.lastSeen.plus(idleTimeout).isBefore(now)
        || session.createdAt.plus(absoluteTimeout).isBefore(now)) {
      session.delete();
      return Optional.empty();
    }
    Optional<UserAccount> account = UserAccount.byName(session.username);
    if (account.isEmpty()) {
      session.delete();
      return Optional.empty();
    }
    if (session.lastSeen.plus(touchEvery()).isBefore(now)) {
      session.lastSeen = now;
    }
    return Optional.of(
        new CredentialCache.Verified(session.username, account.get().role, account.get().orgId));
  }

  /** Ends the session (sign-out). Unknown ids are ignored. */
  @Transactional
  public void close(String token) {
    if (token != null && TOKEN.matcher(token).matches()) {
      ConsoleSession.deleteById(hash(token));
    }
  }

  /** Ends every session of the user (password change, removal). */
  @Transactional
  public long closeAll(String username) {
    return ConsoleSession.delete("username", username);
  }

  /** Last use is written at most this often (not on every request). */
  private Duration touchEvery() {
    Duration tenth = idleTimeout.dividedBy(10);
    return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
  }

  static String hash(String token) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
