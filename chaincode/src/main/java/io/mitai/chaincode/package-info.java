/**
 * Mitai's Hyperledger Fabric chaincode: the rules of data rights and the audit trail.
 *
 * <p>Entry points: {@link io.mitai.chaincode.DataRightsContract} (the one contract, default
 * namespace; its {@code @Transaction} names are the public interface) and {@link
 * io.mitai.chaincode.ChaincodeMain} (the process: chaincode-as-a-service or peer-launched). The
 * flow of a transaction is parse ({@link io.mitai.contract.json.RecordJson}) &rarr; pure rules
 * ({@link io.mitai.chaincode.rules}) &rarr; store ({@link io.mitai.chaincode.state.LedgerStore}).
 *
 * <p>Example, as a Fabric client would call it:
 *
 * <pre>
 * RegisterOrganisation {"displayName":"Org One","endpoint":"https://org1:8443","publicKey":"..."}
 * RegisterAsset        {"id":"a1","name":"customers","columns":[{"name":"email","type":"STRING"}],
 *                       "rowCount":100,"commitment":"&lt;64 hex&gt;"}
 * IssueGrant           {"id":"g1","assetId":"a1","grantee":"Org2MSP","operations":["PSI"],
 *                       "columns":["email"],"purpose":"fraud","validUntil":"2030-01-01T00:00:00Z",
 *                       "maxUses":5,"minAssurance":"MPC_SEMI_HONEST"}
 * SubmitTask           {"id":"t1","operation":"PSI","inputs":[{"assetId":"a1","columns":["email"]},
 *                       {"assetId":"b1","columns":["email"]}],"parameterHash":"&lt;64 hex&gt;",
 *                       "protocol":"ECDH-PSI/X25519","assurance":"MPC_SEMI_HONEST"}
 * </pre>
 */
package io.mitai.chaincode;
