-- A task's input assets as rows (provenance finds an asset's tasks by index), replacing the
-- comma-joined proj_task.asset_ids that was searched with LIKE '%,id,%'.
create table proj_task_input (
  task_id  text not null references proj_task (id) on delete cascade,
  asset_id text not null,
  primary key (task_id, asset_id)
);
create index proj_task_input_asset on proj_task_input (asset_id);

insert into proj_task_input (task_id, asset_id)
select t.id, a.asset_id
from proj_task t,
     regexp_split_to_table(trim(both ',' from t.asset_ids), ',') as a(asset_id)
where a.asset_id <> ''
on conflict do nothing;

alter table proj_task drop column asset_ids;
