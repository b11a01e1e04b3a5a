package io.mitai.platform.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Changes to user accounts that must also end what the old credentials opened: a new password or a
 * removed user drops the user's verified credentials from the {@link CredentialCache} and ends the
 * user's console sessions.
 */
@ApplicationScoped
public class Users {

  @Inject CredentialCache cache;
  @Inject ConsoleSessions sessions;

  @ConfigProperty(name = "mitai.security.bcrypt-cost", defaultValue = "10")
  int bcryptCost;

  /** Creates a user (member of {@code orgId}, or auditor with a null organisation). */
  @Transactional
  public void create(String username, String password, String role, String orgId) {
    UserAccount account = new UserAccount();
    account.username = username;
    account.passwordHash = BcryptUtil.bcryptHash(password, bcryptCost);
    account.role = role;
    account.orgId = orgId;
    account.persist();
  }

  /** Sets a new password; the old one stops working at once, and every session ends. */
  @Transactional
  public void changePassword(String username, String newPassword) {
    UserAccount account =
        UserAccount.byName(username)
            .orElseThrow(() -> new IllegalArgumentException("no user " + username));
    account.passwordHash = BcryptUtil.bcryptHash(newPassword, bcryptCost);
    cache.forget(username);
    sessions.closeAll(username);
  }

  /** Removes the user; its credentials and sessions stop working at once. */
  @Transactional
  public void remove(String username) {
    sessions.closeAll(username);
    UserAccount.deleteById(username);
    cache.forget(username);
  }
}
