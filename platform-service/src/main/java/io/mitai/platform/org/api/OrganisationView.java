package io.mitai.platform.org.api;

/**
 * An organisation of the federation as registered on the ledger.
 *
 * @param publicKey its party public key (PEM)
 * @param ledgerTxId the transaction that wrote this version of its record
 */
public record OrganisationView(
    String id,
    String displayName,
    String endpoint,
    String publicKey,
    String registeredAt,
    String updatedAt,
    boolean hostedHere,
    String ledgerTxId) {}
