package io.mitai.ledger.embedded;

import java.util.List;

/**
 * A committed transaction as it is stored and hashed: the Merkle leaf is the canonical JSON of this
 * record. Binary values (response, event payload, written values) are base64; writes are in key
 * order; {@code timestamp} is ISO-8601 UTC; {@code creatorCertificateSha256} pins the submitter's
 * certificate without storing it in every leaf.
 */
record TxEnvelope(
    int version,
    String txId,
    String channel,
    String chaincode,
    long blockNumber,
    int txIndex,
    long leafIndex,
    String timestamp,
    String creatorMspId,
    String creatorCertificateSha256,
    String function,
    List<String> args,
    String response,
    Event event,
    List<Write> writes) {

  static final int CURRENT_VERSION = 1;

  /** The transaction's one chaincode event, if it set one. */
  record Event(String name, String payload) {}

  /** A key the transaction wrote; {@code value} is null for a delete. */
  record Write(String key, String value, boolean delete) {}
}
