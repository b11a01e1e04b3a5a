package io.mitai.platform.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A console sign-in session; the cookie's id is stored only as its SHA-256 ({@code idHash}). */
@Entity
@Table(name = "console_session")
public class ConsoleSession extends PanacheEntityBase {

  @Id
  @Column(name = "id_hash")
  public String idHash;

  @Column(name = "username")
  public String username;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "last_seen")
  public Instant lastSeen;
}
