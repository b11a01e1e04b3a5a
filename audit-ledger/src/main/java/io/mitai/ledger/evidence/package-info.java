/**
 * Evidence bundles for auditors: {@link io.mitai.ledger.evidence.EvidenceBundle#export} writes a
 * data set's W3C PROV-JSON history with an inclusion proof for every ledger record it is derived
 * from; {@link io.mitai.ledger.evidence.EvidenceBundle#verify} checks one with the ledger's public
 * key alone (also from the command line: {@code VerifyLedgerCommand --bundle}).
 */
package io.mitai.ledger.evidence;
