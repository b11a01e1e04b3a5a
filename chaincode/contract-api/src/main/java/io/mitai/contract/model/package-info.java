/**
 * Immutable values of the ledger: the records ({@link io.mitai.contract.model.Organisation}, {@link
 * io.mitai.contract.model.DataAsset}, {@link io.mitai.contract.model.Grant}, {@link
 * io.mitai.contract.model.Task} and the TEE allow-list's {@link
 * io.mitai.contract.model.Algorithm}), the transaction inputs ({@code *Request}, validated in their
 * canonical constructors by {@link io.mitai.contract.model.Check}) and the enums, among them {@link
 * io.mitai.contract.model.Assurance#satisfies} (the assurance table) and {@link
 * io.mitai.contract.model.TaskStatus#canMoveTo} (the task state machine).
 */
package io.mitai.contract.model;
