package io.mitai.platform.security;

/** The roles a user can hold. */
public final class Roles {

  /** Acts for its organisation: data, grants, tasks, and reading the ledger. */
  public static final String MEMBER = "member";

  /** Read-only: the ledger explorer and provenance, of every organisation. */
  public static final String AUDITOR = "auditor";

  private Roles() {}
}
