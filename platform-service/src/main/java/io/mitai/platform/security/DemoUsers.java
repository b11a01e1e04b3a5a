package io.mitai.platform.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Seeds the demo users: alice (org1), bob (org2), carol (org3) and auditor, all with the demo
 * password; a member only if this node hosts their organisation (a federation node seeds its own
 * member and the auditor). Existing users are left untouched, so a changed password survives
 * restarts.
 */
@ApplicationScoped
public class DemoUsers {

  private static final Logger LOG = Logger.getLogger(DemoUsers.class);

  static final Map<String, String> MEMBERS =
      Map.of("alice", "org1", "bob", "org2", "carol", "org3");

  @Transactional
  public void seed(String password, int bcryptCost, List<String> hosted) {
    for (Map.Entry<String, String> member : MEMBERS.entrySet()) {
      if (!hosted.contains(member.getValue())) {
        continue;
      }
      create(member.getKey(), password, Roles.MEMBER, member.getValue(), bcryptCost);
    }
    create("auditor", password, Roles.AUDITOR, null, bcryptCost);
  }

  private static void create(String name, String password, String role, String org, int cost) {
    if (UserAccount.byName(name).isPresent()) {
      return;
    }
    UserAccount account = new UserAccount();
    account.username = name;
    account.passwordHash = BcryptUtil.bcryptHash(password, cost);
    account.role = role;
    account.orgId = org;
    account.persist();
    LOG.infof("demo user %s created (%s%s)", name, role, org == null ? "" : ", " + org);
  }
}
