package io.mitai.ledger.evidence;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One version of a ledger record as a proven transaction wrote it: the primary key ({@code
 * asset:<id>}, {@code grant:<id>}, {@code task:<id>}), the transaction, its ledger timestamp and
 * submitting MSP, and the record's JSON as written. Read from an inclusion proof's leaf only (see
 * {@link EvidenceBundle#recordOf}), never from anything the bundle merely claims.
 *
 * @param key the record's primary key
 * @param txId the transaction that wrote this version
 * @param timestamp the transaction's timestamp, ISO-8601 UTC as in the leaf
 * @param creatorMspId the MSP ID that submitted the transaction
 * @param value the record as written
 */
public record ProvenRecord(
    String key, String txId, String timestamp, String creatorMspId, JsonNode value) {

  /** {@code asset}, {@code grant} or {@code task}. */
  public String type() {
    return key.substring(0, key.indexOf(':'));
  }

  /** The record's id. */
  public String id() {
    return key.substring(key.indexOf(':') + 1);
  }
}
