-- The console's sign-in sessions (docs/operations.md#cookies-and-sessions). The cookie carries a
-- random 256-bit session id; only its SHA-256 is stored, so a copy of this table opens no session.
-- A row is deleted on sign-out, on a password change and when it times out.
create table console_session (
  id_hash    text primary key,
  username   text not null references user_account (username) on delete cascade,
  created_at timestamptz not null,
  last_seen  timestamptz not null
);
create index console_session_username on console_session (username);
