package io.mitai.platform.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.PasswordType;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Optional;

/**
 * A user of the node; the password is stored as a bcrypt hash (modular crypt format). Members act
 * for exactly one organisation; auditors for none.
 */
@Entity
@Table(name = "user_account")
@UserDefinition
public class UserAccount extends PanacheEntityBase {

  @Id
  @Username
  @Column(name = "username")
  public String username;

  @Password(PasswordType.MCF)
  @Column(name = "password_hash")
  public String passwordHash;

  @Roles
  @Column(name = "role")
  public String role;

  @Column(name = "org_id")
  public String orgId;

  public static Optional<UserAccount> byName(String username) {
    return findByIdOptional(username);
  }
}
