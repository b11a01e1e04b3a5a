package io.mitai.platform.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.google.protobuf.ByteString;
import io.mitai.platform.support.Api;
import io.mitai.platform.support.Csv;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Metadata;
import org.junit.jupiter.api.Test;

/**
 * The node with {@code mitai.ledger=fabric}: the official Fabric Gateway client over TLS to a peer
 * (audit-ledger's in-process Gateway served by a real gRPC server), each organisation acting with
 * its MSP identity files; the projection follows the chaincode events Fabric delivers.
 */
@QuarkusTest
@TestProfile(FabricProfile.class)
class FabricNodeTest {

  static final String PROBLEMS = "https://mitai.io/problems/";

  @Test
  void organisations_register_on_fabric_and_assets_and_grants_follow_its_events() {
    Api.alice()
        .get("/api/v1/orgs")
        .then()
        .statusCode(200)
        .body("id", hasItems("org1", "org2", "org3"))
        .body("find { it.id == 'org1' }.hostedHere", equalTo(true))
        .body("find { it.id == 'org1' }.ledgerTxId", not(startsWith("mitai-")));

    String asset = Csv.uploaded(Api.alice(), "on-fabric", Csv.PEOPLE);
    Api.alice().get("/api/v1/assets/" + asset).then().statusCode(200);

    String grant =
        Api.alice()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "assetId", asset,
                    "grantee", "org2",
                    "operations", List.of("SECURE_AGGREGATE"),
                    "columns", List.of("age", "balance"),
                    "purpose", "quarterly statistics",
                    "legalBasis", "contract",
                    "validUntil", "2099-01-01T00:00:00Z",
                    "maxUses", 3,
                    "minAssurance", "MPC_SEMI_HONEST"))
            .post("/api/v1/grants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Api.alice()
        .get("/api/v1/grants/" + grant)
        .then()
        .statusCode(200)
        .body("status", equalTo("ACTIVE"))
        .body("owner", equalTo("org1"));
    Api.bob()
        .get("/api/v1/grants?assetId=" + asset)
        .then()
        .statusCode(200)
        .body("id", hasItem(grant));
    Api.bob().get("/api/v1/assets").then().body("id", hasItem(asset));

    // No inclusion proofs on Fabric: the evidence bundle is the explorer's 501 problem.
    Api.alice()
        .get("/api/v1/provenance/assets/" + asset + "/export")
        .then()
        .statusCode(501)
        .contentType("application/problem+json")
        .body("type", equalTo(PROBLEMS + "explorer-unavailable"));
  }

  @Test
  void the_explorer_serves_the_mirrored_fabric_chain_and_verify_finds_a_tampered_block()
      throws Exception {
    String txId =
        Api.alice()
            .get("/api/v1/orgs")
            .then()
            .statusCode(200)
            .extract()
            .path("find { it.id == 'org1' }.ledgerTxId");
    long blockNumber = -1;
    for (int i = 0; i < 200 && blockNumber < 0; i++) {
      var response = Api.auditor().get("/api/v1/ledger/tx/" + txId);
      if (response.statusCode() == 200) {
        blockNumber = response.then().extract().<Number>path("blockNumber").longValue();
        response.then().body("creatorMspId", equalTo("org1")).body("txId", equalTo(txId));
      } else {
        Thread.sleep(50);
      }
    }
    // Block 0 is the channel's genesis configuration block, so a transaction is in block 1 or
    // later.
    assertThat(blockNumber).as("the org's transaction is mirrored").isPositive();

    Api.auditor()
        .get("/api/v1/ledger/blocks?from=0&limit=500")
        .then()
        .statusCode(200)
        .body("blocks[0].number", equalTo(0))
        .body("blocks.find { it.number == " + blockNumber + " }.txIds", hasItem(txId));
    String hash =
        Api.auditor()
            .get("/api/v1/ledger/blocks/" + blockNumber)
            .then()
            .statusCode(200)
            .body("txIds", hasItem(txId))
            .extract()
            .path("hash");
    Api.auditor()
        .get("/api/v1/ledger/verify")
        .then()
        .statusCode(200)
        .body("intact", equalTo(true))
        .body("blocksChecked", greaterThan((int) blockNumber));
    Api.auditor()
        .get("/api/v1/ledger/proof/" + txId)
        .then()
        .statusCode(501)
        .contentType("application/problem+json")
        .body("type", equalTo(PROBLEMS + "explorer-unavailable"))
        .body("detail", containsString("no inclusion proofs"));

    // Alter one byte of a transaction in the mirrored copy of the block: verify names the block.
    byte[] original = storedBlock(blockNumber);
    Block block = Block.parseFrom(original);
    byte[] envelope = block.getData().getData(0).toByteArray();
    envelope[envelope.length / 2] ^= 1;
    Block tampered =
        block.toBuilder()
            .setData(block.getData().toBuilder().setData(0, ByteString.copyFrom(envelope)).build())
            .build();
    storeBlock(blockNumber, tampered.toByteArray());
    try {
      Api.auditor()
          .get("/api/v1/ledger/verify")
          .then()
          .statusCode(200)
          .body("intact", equalTo(false))
          .body("firstBadBlock", equalTo((int) blockNumber))
          .body("problem", containsString("data hash"));
    } finally {
      storeBlock(blockNumber, original);
    }
    Api.auditor().get("/api/v1/ledger/verify").then().body("intact", equalTo(true));

    // The same block without its orderer signature: verify names the block and says why.
    Metadata signatures =
        Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
    Block unsigned =
        block.toBuilder()
            .setMetadata(
                block.getMetadata().toBuilder()
                    .setMetadata(
                        BlockMetadataIndex.SIGNATURES_VALUE,
                        signatures.toBuilder().clearSignatures().build().toByteString()))
            .build();
    storeBlock(blockNumber, unsigned.toByteArray());
    try {
      Api.auditor()
          .get("/api/v1/ledger/verify")
          .then()
          .statusCode(200)
          .body("intact", equalTo(false))
          .body("firstBadBlock", equalTo((int) blockNumber))
          .body("problem", containsString("carries no orderer signature"));
    } finally {
      storeBlock(blockNumber, original);
    }
    Api.auditor().get("/api/v1/ledger/verify").then().body("intact", equalTo(true));
    assertThat(hash).hasSize(64);
  }

  @Inject DataSource db;

  private byte[] storedBlock(long number) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("select block from fabric_block where number = ?")) {
      s.setLong(1, number);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return r.getBytes(1);
      }
    }
  }

  private void storeBlock(long number, byte[] bytes) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("update fabric_block set block = ? where number = ?")) {
      s.setBytes(1, bytes);
      s.setLong(2, number);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }
}
