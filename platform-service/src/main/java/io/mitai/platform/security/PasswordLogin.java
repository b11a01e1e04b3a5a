package io.mitai.platform.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks a user name and password, for HTTP Basic ({@link PasswordIdentityProvider}) and the
 * console's sign-in ({@code POST /j_security_check}): the throttle first, then the credential
 * cache, and bcrypt only on a miss. Must run on a worker thread (database, bcrypt).
 */
@Singleton
public class PasswordLogin {

  /** The user a password was verified for. */
  public record Verified(String username, String role) {}

  private final AtomicLong bcryptChecks = new AtomicLong();

  @Inject CredentialCache cache;
  @Inject LoginThrottle throttle;

  @ConfigProperty(name = "mitai.security.bcrypt-cost", defaultValue = "10")
  int bcryptCost;

  private volatile String decoyHash;

  /**
   * Verifies the credentials.
   *
   * @param address the caller's address, for the throttle (null if unknown)
   * @throws AuthenticationFailedException if the user or the password is wrong, or (with {@link
   *     LoginThrottle#RETRY_AFTER}) while the user or the address is locked out
   */
  public Verified verify(String username, char[] password, String address) {
    throttle.check(username, address);
    Optional<UserAccount> account =
        QuarkusTransaction.requiringNew().call(() -> UserAccount.byName(username));
    if (account.isEmpty()) {
      // As slow as a wrong password, so the answer does not tell which user names exist.
      bcrypt(password, decoyHash());
      cache.forget(username);
      throttle.failed(username, address);
      throw new AuthenticationFailedException("wrong user name or password");
    }
    UserAccount user = account.get();
    String hash = user.passwordHash;
    boolean cached = cache.verifiedHash(username, password).filter(hash::equals).isPresent();
    if (!cached) {
      if (!bcrypt(password, hash)) {
        cache.forget(username, password);
        throttle.failed(username, address);
        throw new AuthenticationFailedException("wrong user name or password");
      }
      cache.remember(username, password, hash);
    }
    throttle.succeeded(username);
    return new Verified(user.username, user.role);
  }

  /** How many bcrypt verifications this process ran (the cache's effect is visible here). */
  public long bcryptChecks() {
    return bcryptChecks.get();
  }

  private boolean bcrypt(char[] password, String hash) {
    bcryptChecks.incrementAndGet();
    try {
      return BcryptUtil.matches(new String(password), hash);
    } catch (RuntimeException malformedHash) {
      return false;
    }
  }

  private String decoyHash() {
    String decoy = decoyHash;
    if (decoy == null) {
      decoy = BcryptUtil.bcryptHash("decoy-" + System.nanoTime(), bcryptCost);
      decoyHash = decoy;
    }
    return decoy;
  }
}
