-- Task execution: the job table learns the states before and after the ledger's decision, the
-- ledger transactions of each step, and the sealed results.

alter table task_job drop constraint task_job_state_check;
alter table task_job add constraint task_job_state_check
  check (state in ('AWAITING_LEDGER', 'QUEUED', 'CLAIMED', 'DONE', 'FAILED', 'REJECTED'));

-- The outbox entries (= ledger transaction ids) of SubmitTask, RecordTaskStarted and the final
-- RecordTaskResult or RecordTaskFailure.
alter table task_job add column submit_tx text;
alter table task_job add column started_tx text;
alter table task_job add column finish_tx text;
create index task_job_awaiting on task_job (created_at) where state = 'AWAITING_LEDGER';

-- A result sealed with HPKE to the requester organisation's X25519 key. The plaintext (the
-- canonical result document) is never stored; result_hash is its SHA-256, as on the ledger.
create table task_result (
  task_id     text primary key references task_job (task_id),
  requester   text not null,
  enc         bytea not null,
  ciphertext  bytea not null,
  result_hash text not null,
  created_at  timestamptz not null
);
