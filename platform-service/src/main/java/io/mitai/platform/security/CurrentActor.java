package io.mitai.platform.security;

import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Resolves the request's {@link Actor} from the security identity, once per request. */
@RequestScoped
public class CurrentActor {

  /** The identity attribute holding the {@link Actor}, set when the user was authenticated. */
  public static final String ACTOR_ATTRIBUTE = "mitai.actor";

  @Inject SecurityIdentity identity;

  private Actor actor;

  @Transactional(Transactional.TxType.SUPPORTS)
  public Actor get() {
    if (actor == null) {
      if (identity.isAnonymous()) {
        throw new ProblemException(ProblemType.UNAUTHENTICATED, "valid credentials are required");
      }
      Actor known = identity.getAttribute(ACTOR_ATTRIBUTE);
      if (known != null) {
        actor = known;
        return actor;
      }
      String name = identity.getPrincipal().getName();
      UserAccount account =
          UserAccount.byName(name)
              .orElseThrow(() -> new ProblemException(ProblemType.UNAUTHENTICATED, "unknown user"));
      actor = new Actor(name, account.role, Optional.ofNullable(account.orgId));
    }
    return actor;
  }
}
