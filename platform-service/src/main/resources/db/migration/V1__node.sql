-- The node's own schema (public). The embedded ledger keeps its blocks in the `ledger` schema,
-- migrated by the audit-ledger module with its own history table.

create table user_account (
  username      text primary key,
  password_hash text not null,
  role          text not null check (role in ('member', 'auditor')),
  org_id        text
);

-- Durable outbox of ledger writes. The row id is the ledger transaction id, so a write retried
-- after a crash or an outage is applied exactly once.
create table ledger_outbox (
  id              text primary key,
  org_id          text not null,
  function        text not null,
  args            text not null,
  state           text not null check (state in ('PENDING', 'DONE', 'REFUSED')),
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error      text,
  error_code      text,
  block_number    bigint,
  tx_index        integer,
  response        text,
  created_at      timestamptz not null,
  updated_at      timestamptz not null
);
create index ledger_outbox_due on ledger_outbox (next_attempt_at) where state = 'PENDING';

-- Projection of ledger records, fed by ledger events from a checkpoint; rebuildable at any time.
create table projection_checkpoint (
  name         text primary key,
  block_number bigint not null,
  tx_index     integer not null
);

create table proj_organisation (
  id           text primary key,
  display_name text not null,
  endpoint     text not null,
  public_key   text not null,
  record       text not null,
  block_number bigint not null,
  tx_index     integer not null,
  tx_id        text not null
);

create table proj_asset (
  id           text primary key,
  owner        text not null,
  name         text not null,
  status       text not null,
  record       text not null,
  block_number bigint not null,
  tx_index     integer not null,
  tx_id        text not null
);
create index proj_asset_owner on proj_asset (owner);

create table proj_grant (
  id           text primary key,
  asset_id     text not null,
  owner        text not null,
  grantee      text not null,
  status       text not null,
  record       text not null,
  block_number bigint not null,
  tx_index     integer not null,
  tx_id        text not null
);
create index proj_grant_asset on proj_grant (asset_id);
create index proj_grant_grantee on proj_grant (grantee);

create table proj_task (
  id           text primary key,
  requester    text not null,
  status       text not null,
  asset_ids    text not null,
  record       text not null,
  block_number bigint not null,
  tx_index     integer not null,
  tx_id        text not null
);
create index proj_task_requester on proj_task (requester);

-- Node-local storage of an asset's ciphertext: the data key wrapped by the owner's KEK.
-- Deleting wrapped_key (crypto-shredding) makes the ciphertext useless.
create table asset_store (
  id             text primary key,
  org_id         text not null,
  kek_alias      text,
  wrapped_key    bytea,
  nonce_prefix   bytea not null,
  segment_count  integer not null,
  segment_size   integer not null,
  ciphertext     text,
  schema_json    text not null,
  row_count      bigint not null,
  commitment     text not null,
  outbox_id      text not null,
  created_at     timestamptz not null,
  destroyed_at   timestamptz
);
create index asset_store_org on asset_store (org_id);

-- Durable job queue of accepted tasks, claimed with SELECT ... FOR UPDATE SKIP LOCKED.
create table task_job (
  task_id      text primary key,
  org_id       text not null,
  state        text not null check (state in ('QUEUED', 'CLAIMED', 'DONE', 'FAILED')),
  attempts     integer not null default 0,
  claimed_by   text,
  claimed_at   timestamptz,
  params       text not null,
  last_error   text,
  created_at   timestamptz not null,
  updated_at   timestamptz not null
);
create index task_job_queued on task_job (created_at) where state = 'QUEUED';
