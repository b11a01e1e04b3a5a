package io.mitai.platform.security;

import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import java.util.Optional;

/** The authenticated caller: a user, its role and the organisation it acts for (if any). */
public record Actor(String username, String role, Optional<String> orgId) {

  /** The caller's organisation, or a 403 problem for users who act for none (auditors). */
  public String org() {
    return orgId.orElseThrow(
        () ->
            new ProblemException(
                ProblemType.FORBIDDEN, "user '" + username + "' does not act for an organisation"));
  }

  public boolean isAuditor() {
    return Roles.AUDITOR.equals(role);
  }
}
