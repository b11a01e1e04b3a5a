/**
 * Immutable values of the ledger: the records ({@link io.mitai.chaincode.model.Organisation},
 * {@link io.mitai.chaincode.model.DataAsset}, {@link io.mitai.chaincode.model.Grant}, {@link
 * io.mitai.chaincode.model.Task} and the TEE allow-list's {@link
 * io.mitai.chaincode.model.Algorithm}), the transaction inputs ({@code *Request}, validated in
 * their canonical constructors by {@link io.mitai.chaincode.model.Check}) and the enums, among them
 * {@link io.mitai.chaincode.model.Assurance#satisfies} (the assurance table) and {@link
 * io.mitai.chaincode.model.TaskStatus#canMoveTo} (the task state machine).
 */
package io.mitai.chaincode.model;
