/**
 * World-state access: {@link io.mitai.chaincode.state.LedgerStore} (the only class that touches
 * {@code ChaincodeStub}), {@link io.mitai.chaincode.state.Keys} (the key scheme) and {@link
 * io.mitai.contract.json.RecordJson} (the one JSON codec: sorted keys, UTF-8, no whitespace, nulls
 * omitted).
 */
package io.mitai.chaincode.state;
