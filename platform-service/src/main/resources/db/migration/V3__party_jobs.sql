-- Federation: sessions led by another node in which an organisation hosted here owns an input.
-- A row is queued in the projection's own transaction when the ledger reports the task RUNNING,
-- so it is queued exactly once however often the event is delivered. The requester's node records
-- the task's outcome on the ledger; this table only tracks this node's part.
create table party_job (
  task_id     text primary key,
  org_id      text not null,
  requester   text not null,
  state       text not null check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED')),
  claimed_by  text,
  last_error  text,
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);
create index party_job_queued on party_job (created_at) where state = 'QUEUED';
