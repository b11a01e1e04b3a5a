package io.mitai.platform.asset.api;

import java.util.List;

/**
 * A data asset's metadata (never its content).
 *
 * @param status ACTIVE or DESTROYED as on the ledger, or PENDING while its registration waits in
 *     the outbox
 * @param commitment SHA-256 (hex) over the canonical encoding of its typed rows
 * @param ledgerTxId the transaction of its latest ledger version (its registration's id while
 *     PENDING)
 * @param ledgerState DONE once on the ledger, PENDING while queued
 */
public record AssetView(
    String id,
    String name,
    String owner,
    List<ColumnView> columns,
    long rowCount,
    String commitment,
    String status,
    String createdAt,
    String ledgerTxId,
    String ledgerState) {}
