/**
 * Party-to-party transport. {@link io.mitai.compute.session.PartyChannel} is the seam the protocols
 * use; {@link io.mitai.compute.session.TlsPartyTransport} implements it over gRPC bidirectional
 * streams with mutual TLS and pinned, ledger-registered certificates; {@link
 * io.mitai.compute.session.LocalNetwork} is the in-memory twin for fast tests. Both share the
 * {@link io.mitai.compute.session.Frame} format and {@link
 * io.mitai.compute.session.AbstractPartyChannel}'s validation, bounds and failure semantics.
 */
package io.mitai.compute.session;
