-- The node's mirror of the Fabric channel's blocks (mitai.ledger=fabric; docs/ledger.md#the-explorer-on-fabric).
-- Each block is kept exactly as the peer's Deliver service sent it (the serialized common.Block),
-- so that /ledger/verify can re-check Fabric's own chain: data hash over the envelopes and each
-- header's link to the previous header. Mirroring resumes after the highest number stored.
create table fabric_block (
  number      bigint primary key,
  header_hash text not null,
  block       bytea not null,
  mirrored_at timestamptz not null
);

-- Endorser transactions of the mirrored blocks, to find a transaction's block.
create table fabric_tx (
  tx_id        text not null,
  block_number bigint not null references fabric_block (number) on delete cascade,
  tx_index     integer not null,
  primary key (tx_id, block_number)
);
create index fabric_tx_block on fabric_tx (block_number);
