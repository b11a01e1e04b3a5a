package io.mitai.contract.model;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One modification of a record, as returned by {@code GetHistory}.
 *
 * @param txId the transaction that wrote it
 * @param timestamp that transaction's timestamp
 * @param deleted whether the transaction deleted the key (the chaincode never deletes records)
 * @param value the record's canonical JSON as written, embedded verbatim; absent when deleted
 */
public record HistoryEntry(
    String txId, Instant timestamp, boolean deleted, @JsonRawValue String value) {}
