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
  public CredentialCache.Verified verify(String username, char[] password, String address) {
    Optional<CredentialCache.Verified> cached = fromCache(username, password, address);
    if (cached.isPresent()) {
      return cached.get();
    }
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
    if (!bcrypt(password, user.passwordHash)) {
      cache.forget(username, password);
      throttle.failed(username, address);
      throw new AuthenticationFailedException("wrong user name or password");
    }
    CredentialCache.Verified verified =
        new CredentialCache.Verified(user.username, user.role, user.orgId);
    cache.remember(password, verified);
    throttle.succeeded(username);
    return verified;
  }

  /**
   * The throttle and the credential cache only (memory, no blocking): the user if these credentials
   * were verified recently, empty if bcrypt has to decide.
   *
   * @throws AuthenticationFailedException with {@link LoginThrottle#RETRY_AFTER} during a lockout
   */
  public Optional<CredentialCache.Verified> fromCache(
      String username, char[] password, String address) {
    throttle.check(username, address);
    Optional<CredentialCache.Verified> hit = cache.verified(username, password);
    hit.ifPresent(v -> throttle.succeeded(username));
    return hit;
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
