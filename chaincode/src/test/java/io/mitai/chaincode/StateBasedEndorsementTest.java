package io.mitai.chaincode;

import static io.mitai.chaincode.support.Fixtures.A1;
import static io.mitai.chaincode.support.Fixtures.B1;
import static io.mitai.chaincode.support.Fixtures.ORG1;
import static io.mitai.chaincode.support.Fixtures.ORG2;
import static io.mitai.chaincode.support.Fixtures.asset;
import static io.mitai.chaincode.support.Fixtures.expectOk;
import static io.mitai.chaincode.support.Fixtures.grant;
import static io.mitai.chaincode.support.Fixtures.psi;
import static io.mitai.chaincode.support.Fixtures.threeOrgsWithAssets;
import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.chaincode.state.Keys;
import io.mitai.chaincode.state.LedgerStore;
import io.mitai.chaincode.support.TestLedger;
import java.util.List;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * State-based endorsement: an asset's keys carry its owner's peer as key-level policy, and every
 * change of rights over the asset writes its rights key, so on Fabric the owner's peer must endorse
 * it (FabricNetworkLifecycleTest shows the validator refusing it otherwise).
 */
class StateBasedEndorsementTest {

  private TestLedger ledger;

  @BeforeEach
  void threeOrganisations() {
    ledger = threeOrgsWithAssets(new TestLedger());
  }

  private String rightsKey(String assetId) {
    return new CompositeKey(Keys.ASSET_RIGHTS, assetId).toString();
  }

  private List<String> policyOrgs(String key) {
    byte[] policy = ledger.state().committedValidationParameter(key);
    assertThat(policy).as("key-level policy of %s", key).isNotNull();
    StateBasedEndorsement sbe =
        StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(policy);
    return sbe.listOrgs();
  }

  private long rightsVersion(String assetId) {
    return Long.parseLong(ledger.state().committed(rightsKey(assetId)));
  }

  @Test
  void registration_puts_the_owners_peer_on_the_asset_key_and_its_rights_key() {
    expectOk(ledger.submit(ORG2, "RegisterAsset", asset("asset-sbe").json()));

    assertThat(policyOrgs(Keys.primary(Keys.ASSET, "asset-sbe"))).containsExactly(ORG2);
    assertThat(policyOrgs(rightsKey("asset-sbe"))).containsExactly(ORG2);
    assertThat(ledger.state().committedValidationParameter(Keys.primary(Keys.ASSET, "asset-sbe")))
        .as("the same policy bytes as every peer computes")
        .isEqualTo(LedgerStore.ownerPolicy(ORG2));
    assertThat(rightsVersion("asset-sbe")).isZero();
    assertThat(policyOrgs(Keys.primary(Keys.ASSET, A1))).containsExactly(ORG1);
  }

  @Test
  void the_policy_is_a_peer_of_the_owner_organisation() {
    StateBasedEndorsement sbe =
        StateBasedEndorsementFactory.getInstance()
            .newStateBasedEndorsement(LedgerStore.ownerPolicy(ORG1));
    sbe.delOrgs(ORG1);
    assertThat(sbe.listOrgs()).isEmpty();
    // A policy naming the owner as member rather than peer is different bytes.
    StateBasedEndorsement member =
        StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
    member.addOrgs(StateBasedEndorsement.RoleType.RoleTypeMember, ORG1);
    assertThat(member.policy()).isNotEqualTo(LedgerStore.ownerPolicy(ORG1));
  }

  @Test
  void issuing_revoking_and_destroying_each_write_the_rights_key() {
    expectOk(ledger.submit(ORG1, "IssueGrant", grant("g1", A1, ORG2).json()));
    assertThat(rightsVersion(A1)).isEqualTo(1);

    expectOk(ledger.submit(ORG1, "RevokeGrant", "g1", "contract ended"));
    assertThat(rightsVersion(A1)).isEqualTo(2);

    expectOk(ledger.submit(ORG1, "DestroyAsset", A1, "retention period over"));
    assertThat(rightsVersion(A1)).isEqualTo(3);
    assertThat(policyOrgs(rightsKey(A1))).as("the policy stays the owner's").containsExactly(ORG1);
    assertThat(rightsVersion(B1)).as("another asset's rights are untouched").isZero();
  }

  @Test
  void a_task_that_uses_a_grant_does_not_change_rights() {
    expectOk(ledger.submit(ORG2, "IssueGrant", grant("g1", B1, ORG1).json()));
    long before = rightsVersion(B1);

    String status =
        ledger.submit(ORG1, "SubmitTask", psi("t1").json()).json().get("status").asText();

    assertThat(status).isNotEqualTo("REJECTED");
    assertThat(rightsVersion(B1)).isEqualTo(before);
  }

  @Test
  void a_refused_change_writes_no_rights_key() {
    expectOk(ledger.submit(ORG1, "IssueGrant", grant("g1", A1, ORG2).json()));

    assertThat(ledger.submit(ORG2, "RevokeGrant", "g1", "not mine").ok()).isFalse();

    assertThat(rightsVersion(A1)).isEqualTo(1);
  }
}
