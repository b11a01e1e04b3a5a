package io.mitai.compute.session;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * This organisation's party credentials: the certificate registered for it on the ledger and the
 * matching private key. Used for TLS in both directions (server and client).
 */
public record PartyIdentity(PartyId id, X509Certificate certificate, PrivateKey privateKey) {}
