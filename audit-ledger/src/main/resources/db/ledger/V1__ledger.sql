-- The embedded verifiable ledger. Append-only: rows of block, tx and history are never updated.
-- Keys are stored as bytea (UTF-8) because composite keys contain U+0000, which text cannot hold.

CREATE TABLE meta (
  name  text PRIMARY KEY,
  value bytea NOT NULL
);

CREATE TABLE block (
  number      bigint PRIMARY KEY,
  header      bytea  NOT NULL,   -- canonical JSON of the block header
  hash        bytea  NOT NULL,   -- SHA-256(header)
  signature   bytea  NOT NULL    -- ECDSA signature of the tree head after this block
);

CREATE TABLE tx (
  tx_id         text    PRIMARY KEY,
  block_number  bigint  NOT NULL,
  tx_index      integer NOT NULL,
  leaf_index    bigint  NOT NULL UNIQUE,
  envelope      bytea   NOT NULL, -- canonical JSON: the Merkle leaf
  leaf_hash     bytea   NOT NULL, -- cached SHA-256(0x00 || envelope); the verifier recomputes it
  event_name    text,
  UNIQUE (block_number, tx_index)
);
CREATE INDEX tx_events ON tx (block_number, tx_index) WHERE event_name IS NOT NULL;

CREATE TABLE state (
  key           bytea   PRIMARY KEY,
  value         bytea   NOT NULL,
  block_number  bigint  NOT NULL,  -- MVCC version: the transaction that last wrote the key
  tx_index      integer NOT NULL
);

CREATE TABLE history (
  key           bytea   NOT NULL,
  block_number  bigint  NOT NULL,
  tx_index      integer NOT NULL,
  tx_id         text    NOT NULL,
  ts            timestamptz NOT NULL,
  value         bytea,
  is_delete     boolean NOT NULL,
  PRIMARY KEY (key, block_number, tx_index)
);
