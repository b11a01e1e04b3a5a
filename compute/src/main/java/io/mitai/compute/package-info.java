/**
 * Mitai's privacy-computing engines. The node's entry points:
 *
 * <ol>
 *   <li>{@link io.mitai.compute.session.TlsPartyTransport#start} once per hosted organisation, with
 *       its {@link io.mitai.compute.session.PartyIdentity} and a {@link
 *       io.mitai.compute.session.PartyDirectory} filled from the ledger;
 *   <li>per task and local party: {@code transport.openSession(SessionId.of(taskId),
 *       spec.roles().participants(), timeout)}, then {@link io.mitai.compute.ops.ComputeEngine#run}
 *       with the {@link io.mitai.compute.ops.TaskSpec} and the party's own {@link
 *       io.mitai.compute.ops.Table};
 *   <li>at the requester: {@link io.mitai.compute.deliver.ResultSealer#document}, {@link
 *       io.mitai.compute.deliver.DocumentJson#encode} and {@link
 *       io.mitai.compute.deliver.ResultSealer#seal}; the hash goes on the ledger.
 * </ol>
 *
 * A {@link io.mitai.compute.session.SessionFailedException} carries the typed reason to record with
 * RecordTaskFailure. Protocols and leakage: docs/protocols.md.
 */
package io.mitai.compute;
