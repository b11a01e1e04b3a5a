/**
 * The rules of data rights, as pure functions: validated values, a read-only {@link
 * io.mitai.chaincode.rules.LedgerView} and the transaction time in; a record to write (or a {@link
 * io.mitai.chaincode.rules.Submission}) or a typed error out. No stub, no clock.
 *
 * <p>Entry points: {@link io.mitai.chaincode.rules.TaskRules#submit} (admission of a task against
 * every input's grant, via {@link io.mitai.chaincode.rules.GrantCheck}), {@link
 * io.mitai.chaincode.rules.GrantRules}, {@link io.mitai.chaincode.rules.AssetRules}, {@link
 * io.mitai.chaincode.rules.OrganisationRules}, {@link io.mitai.chaincode.rules.AlgorithmRules} and
 * {@link io.mitai.chaincode.rules.Access}.
 */
package io.mitai.chaincode.rules;
