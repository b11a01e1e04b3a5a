package io.mitai.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.mitai.ledger.Invocation;
import io.mitai.ledger.LedgerException;
import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.Subscription;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The whole data-rights lifecycle on a real Fabric network with the Mitai chaincode deployed.
 *
 * <p>Runs when {@code FABRIC_BIN} names the bin/ directory of a Fabric 2.5 release: the test then
 * brings up the project's own network with {@code fabric-network/network.sh} (the commands of
 * docs/federation.md, from an empty {@code fabric-network/build/}) and takes it down again, even
 * when it fails. With {@code FABRIC_TEST_NETWORK} naming a properties file (docs/ledger.md,
 * "Testing against a real network") it uses that network instead and starts nothing. Skipped when
 * neither is set.
 */
@EnabledIf(
    value = "fabricAvailable",
    disabledReason =
        "neither FABRIC_BIN (Fabric 2.5 binaries) nor FABRIC_TEST_NETWORK is set; see docs/ledger.md")
class FabricNetworkLifecycleTest {

  private static FabricTestNetwork network;
  private static Properties connection;

  static boolean fabricAvailable() {
    return isSet("FABRIC_TEST_NETWORK") || isSet("FABRIC_BIN");
  }

  private static boolean isSet(String variable) {
    String value = System.getenv(variable);
    return value != null && !value.isBlank();
  }

  @BeforeAll
  static void connect() throws Exception {
    String given = System.getenv("FABRIC_TEST_NETWORK");
    Path properties;
    if (given != null && !given.isBlank()) {
      properties = Path.of(given);
    } else {
      network =
          FabricTestNetwork.start(
              Path.of("target", "fabric-network-lifecycle", "network.log").toAbsolutePath());
      properties = network.profiles().resolve("fabric-test-network.properties");
    }
    connection = new Properties();
    try (Reader r = Files.newBufferedReader(properties)) {
      connection.load(r);
    }
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    if (network != null) {
      network.close();
      network = null;
    }
  }

  @Test
  void grant_task_result_revoke_and_refusal_run_on_a_real_peer() throws Exception {
    Properties p = connection;
    ManagedChannel channel =
        FabricConnections.open(
            p.getProperty("endpoint"),
            Path.of(p.getProperty("tlsCaCert")),
            p.getProperty("authority"));
    LedgerIdentity owner = identity(p, "org1");
    LedgerIdentity user = identity(p, "org2");
    String run = Long.toString(System.currentTimeMillis(), 36);
    try (FabricLedger ledger =
        new FabricLedger(
            channel,
            FabricLedgerConfig.of(
                p.getProperty("channel", "mitai"), p.getProperty("chaincode", "mitai")))) {
      registerOrganisations(ledger, owner, user);
      ledger.submit(owner, Invocation.of("RegisterAsset", claimsAsset("asset-" + run)));
      ledger.submit(
          owner,
          Invocation.of(
              "IssueGrant",
              aggregateGrant("grant-" + run, "asset-" + run, user.mspId(), "integration test", 5)));
      String task = submitTask(ledger, user, "task-a-" + run, run);
      assertThat(task).contains("\"status\":\"SUBMITTED\"");
      ledger.submit(user, Invocation.of("RecordTaskStarted", "task-a-" + run));
      String done =
          ledger
              .submit(
                  user,
                  Invocation.of(
                      "RecordTaskResult",
                      "{\"taskId\":\"task-a-"
                          + run
                          + "\",\"resultHash\":\""
                          + "ef".repeat(32)
                          + "\"}"))
              .payloadUtf8();
      assertThat(done).contains("\"status\":\"SUCCEEDED\"");
      ledger.submit(owner, Invocation.of("RevokeGrant", "grant-" + run, "test over"));
      assertThat(submitTask(ledger, user, "task-b-" + run, run))
          .contains("\"status\":\"REJECTED\"")
          .contains("GRANT_REVOKED");
      assertThat(ledger.evaluate(owner, "GetHistory", "grant:grant-" + run)).contains("REVOKED");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * The blocks the peer delivers, from the genesis block on, carry valid signatures of the
   * channel's orderer organisation, as the node's {@code /ledger/verify} checks them ({@link
   * OrdererSignatureCheck}); the chaincode's deployment alone ordered three blocks.
   */
  @Test
  void the_peers_blocks_carry_valid_orderer_signatures() throws Exception {
    Properties p = connection;
    ManagedChannel channel =
        FabricConnections.open(
            p.getProperty("endpoint"),
            Path.of(p.getProperty("tlsCaCert")),
            p.getProperty("authority"));
    List<Block> blocks = new CopyOnWriteArrayList<>();
    try (FabricLedger ledger =
        new FabricLedger(
            channel,
            FabricLedgerConfig.of(
                p.getProperty("channel", "mitai"), p.getProperty("chaincode", "mitai")))) {
      ledger.connect(identity(p, "org1"));
      BlockListener collect =
          new BlockListener() {
            @Override
            public void onBlock(FabricBlock block) {}

            @Override
            public void onBlock(FabricBlock block, Block raw) {
              blocks.add(raw);
            }
          };
      try (Subscription s = ledger.subscribeBlocks(0, Optional.empty(), collect)) {
        for (int i = 0; i < 300 && blocks.size() < 4; i++) {
          Thread.sleep(100);
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
    OrdererSignatureCheck check = new OrdererSignatureCheck();
    for (Block block : blocks) {
      assertThat(check.next(block)).as("block %d", block.getHeader().getNumber()).isEmpty();
    }
    assertThat(check.signedBlocks()).isEqualTo(blocks.size() - 1L);
    assertThat(check.orderers().orElseThrow().byMspId()).isNotEmpty();
  }

  /**
   * The endorsement policy of the {@code mitai} chaincode definition ({@code network.sh deploy}
   * defines none, so the channel's {@code /Channel/Application/Endorsement} applies: MAJORITY of
   * the organisations' peers, with three organisations two) keeps every write to org1's asset and
   * grants from being committed on one organisation's endorsement alone. Each transaction here is
   * accepted by the contract on the peer that endorses it (endorsement succeeds) and then
   * invalidated by every peer at commit ({@code ENDORSEMENT_POLICY_FAILURE}), leaving the state as
   * it was; the same transactions endorsed as the gateway plans them commit.
   */
  @Test
  void writes_to_org1s_asset_endorsed_by_one_peer_only_are_not_committed() throws Exception {
    Properties p = connection;
    ManagedChannel channel =
        FabricConnections.open(
            p.getProperty("endpoint"),
            Path.of(p.getProperty("tlsCaCert")),
            p.getProperty("authority"));
    LedgerIdentity owner = identity(p, "org1");
    LedgerIdentity user = identity(p, "org2");
    String run = "e" + Long.toString(System.currentTimeMillis(), 36);
    String asset = "asset-" + run;
    String grant = "grant-" + run;
    String grantJson = aggregateGrant(grant, asset, user.mspId(), "endorsement test", 5);
    String channelName = p.getProperty("channel", "mitai");
    String chaincode = p.getProperty("chaincode", "mitai");
    try (FabricLedger ledger =
            new FabricLedger(channel, FabricLedgerConfig.of(channelName, chaincode));
        Gateway ownerGateway = gateway(owner, channel);
        Gateway userGateway = gateway(user, channel)) {
      registerOrganisations(ledger, owner, user);
      Contract asOwner = ownerGateway.getNetwork(channelName).getContract(chaincode);
      Contract asUser = userGateway.getNetwork(channelName).getContract(chaincode);
      ledger.submit(owner, Invocation.of("RegisterAsset", claimsAsset(asset)));

      // A grant on org1's asset, submitted by org1 but endorsed by org2's peer only.
      assertRefusedAtCommit(asOwner, "org2", "IssueGrant", grantJson);
      assertThat(ledger.evaluate(owner, "QueryGrantsByAsset", asset)).doesNotContain(grant);
      ledger.submit(owner, Invocation.of("IssueGrant", grantJson));
      String issued = ledger.evaluate(owner, "ReadGrant", grant);
      assertThat(issued).contains("\"status\":\"ACTIVE\"");

      // org2 uses org1's grant, endorsed on its own peer only: the use is not recorded.
      assertRefusedAtCommit(
          asUser,
          "org2",
          "SubmitTask",
          "{\"id\":\"task-"
              + run
              + "\",\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\""
              + asset
              + "\",\"columns\":[\"amount\"]}],\"parameterHash\":\""
              + "cd".repeat(32)
              + "\",\"protocol\":\"ADDITIVE-SS/Z2^64\",\"assurance\":\"MPC_SEMI_HONEST\"}");
      // A revocation and a destruction of org1's asset endorsed by org2's peer only; and by org1's
      // own peer only, which the majority (two of three) does not accept either.
      assertRefusedAtCommit(asOwner, "org2", "RevokeGrant", grant, "not org2's call");
      assertRefusedAtCommit(asOwner, "org1", "RevokeGrant", grant, "one peer is not enough");
      assertRefusedAtCommit(asOwner, "org2", "DestroyAsset", asset, "not org2's call");
      assertThat(ledger.evaluate(owner, "ReadGrant", grant)).isEqualTo(issued);
      assertThat(ledger.evaluate(owner, "ReadAsset", asset)).contains("\"status\":\"ACTIVE\"");

      // Endorsed as the gateway plans it (org1's peer and another), the revocation commits.
      ledger.submit(owner, Invocation.of("RevokeGrant", grant, "test over"));
      assertThat(ledger.evaluate(owner, "ReadGrant", grant)).contains("\"status\":\"REVOKED\"");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * State-based endorsement: with three organisations a MAJORITY (two) of the chaincode
   * definition's policy could be org2 and org3, so the contract puts org1's peer as key-level
   * policy on the keys of org1's asset, and a grant, a revocation and a destruction each write the
   * asset's rights key. Endorsed by org2's and org3's peers only, each is accepted by the contract
   * on both (endorsement succeeds), satisfies the definition's MAJORITY, and is invalidated at
   * commit ({@code ENDORSEMENT_POLICY_FAILURE}) by the key-level policy; the state is unchanged.
   * Endorsed by org1 and org2 (or org1 and org3), each commits. A task using org1's grant is not a
   * change of rights (it writes no asset key) and commits on org2 and org3 alone, as documented.
   */
  @Test
  void rights_over_org1s_asset_endorsed_by_org2_and_org3_only_are_not_committed() throws Exception {
    Properties p = connection;
    ManagedChannel channel =
        FabricConnections.open(
            p.getProperty("endpoint"),
            Path.of(p.getProperty("tlsCaCert")),
            p.getProperty("authority"));
    LedgerIdentity owner = identity(p, "org1");
    LedgerIdentity user = identity(p, "org2");
    LedgerIdentity third = identity(p, "org3");
    String run = "s" + Long.toString(System.currentTimeMillis(), 36);
    String asset = "asset-" + run;
    String grant = "grant-" + run;
    String grantJson = aggregateGrant(grant, asset, user.mspId(), "sbe test", 5);
    String channelName = p.getProperty("channel", "mitai");
    String chaincode = p.getProperty("chaincode", "mitai");
    try (FabricLedger ledger =
            new FabricLedger(channel, FabricLedgerConfig.of(channelName, chaincode));
        Gateway ownerGateway = gateway(owner, channel);
        Gateway userGateway = gateway(user, channel)) {
      registerOrganisations(ledger, owner, user, third);
      Contract asOwner = ownerGateway.getNetwork(channelName).getContract(chaincode);
      Contract asUser = userGateway.getNetwork(channelName).getContract(chaincode);
      ledger.submit(owner, Invocation.of("RegisterAsset", claimsAsset(asset)));
      String registered = ledger.evaluate(owner, "ReadAsset", asset);

      assertRefusedAtCommit(asOwner, List.of("org2", "org3"), "IssueGrant", grantJson);
      assertThat(ledger.evaluate(owner, "QueryGrantsByAsset", asset)).doesNotContain(grant);
      endorsedBy(asOwner, List.of("org1", "org2"), "IssueGrant", grantJson);
      String issued = ledger.evaluate(owner, "ReadGrant", grant);
      assertThat(issued).contains("\"status\":\"ACTIVE\"");

      assertRefusedAtCommit(asOwner, List.of("org2", "org3"), "RevokeGrant", grant, "not theirs");
      assertRefusedAtCommit(asOwner, List.of("org2", "org3"), "DestroyAsset", asset, "not theirs");
      assertThat(ledger.evaluate(owner, "ReadGrant", grant)).isEqualTo(issued);
      assertThat(ledger.evaluate(owner, "ReadAsset", asset)).isEqualTo(registered);

      // Not a change of rights: org2's use of the grant, checked by the contract on org2 and org3.
      String task =
          endorsedBy(asUser, List.of("org2", "org3"), "SubmitTask", taskJson("task-" + run, run));
      assertThat(task).contains("\"status\":\"SUBMITTED\"");

      endorsedBy(asOwner, List.of("org1", "org2"), "RevokeGrant", grant, "test over");
      assertThat(ledger.evaluate(owner, "ReadGrant", grant)).contains("\"status\":\"REVOKED\"");
      endorsedBy(asOwner, List.of("org1", "org3"), "DestroyAsset", asset, "test over");
      assertThat(ledger.evaluate(owner, "ReadAsset", asset)).contains("\"status\":\"DESTROYED\"");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Two tasks endorsed against the same version of a grant with one use left (both endorsements see
   * it unused, as two requesters racing do), then both sent to the orderer: Fabric's MVCC check at
   * commit lets exactly one through and invalidates the other ({@code MVCC_READ_CONFLICT}); sent
   * again, as the node's outbox retries it, the loser is endorsed anew and recorded REJECTED
   * ({@code GRANT_EXHAUSTED}). The grant is used once, never twice.
   */
  @Test
  void two_requesters_racing_for_a_grants_last_use_get_one_use_between_them() throws Exception {
    Properties p = connection;
    ManagedChannel channel =
        FabricConnections.open(
            p.getProperty("endpoint"),
            Path.of(p.getProperty("tlsCaCert")),
            p.getProperty("authority"));
    LedgerIdentity owner = identity(p, "org1");
    LedgerIdentity user = identity(p, "org2");
    String run = "m" + Long.toString(System.currentTimeMillis(), 36);
    String channelName = p.getProperty("channel", "mitai");
    String chaincode = p.getProperty("chaincode", "mitai");
    try (FabricLedger ledger =
            new FabricLedger(channel, FabricLedgerConfig.of(channelName, chaincode));
        Gateway userGateway = gateway(user, channel)) {
      registerOrganisations(ledger, owner, user);
      ledger.submit(owner, Invocation.of("RegisterAsset", claimsAsset("asset-" + run)));
      ledger.submit(
          owner,
          Invocation.of(
              "IssueGrant",
              aggregateGrant("grant-" + run, "asset-" + run, user.mspId(), "race", 1)));
      Contract asUser = userGateway.getNetwork(channelName).getContract(chaincode);

      List<Transaction> endorsed = new ArrayList<>();
      for (String id : List.of("task-a-" + run, "task-b-" + run)) {
        Transaction t =
            asUser.newProposal("SubmitTask").addArguments(taskJson(id, run)).build().endorse();
        assertThat(new String(t.getResult(), StandardCharsets.UTF_8))
            .as("%s endorsed against the unused grant", id)
            .contains("\"status\":\"SUBMITTED\"");
        endorsed.add(t);
      }
      List<SubmittedTransaction> sent = new ArrayList<>();
      for (Transaction t : endorsed) {
        sent.add(t.submitAsync());
      }
      List<TxValidationCode> codes = new ArrayList<>();
      for (SubmittedTransaction t : sent) {
        codes.add(t.getStatus().getCode());
      }
      assertThat(codes)
          .containsExactlyInAnyOrder(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT);
      String winner = codes.get(0) == TxValidationCode.VALID ? "task-a-" : "task-b-";
      String loser = winner.equals("task-a-") ? "task-b-" : "task-a-";

      assertThat(ledger.evaluate(user, "ReadTask", winner + run))
          .contains("\"status\":\"SUBMITTED\"");
      assertThat(ledger.evaluate(owner, "ReadGrant", "grant-" + run))
          .contains("\"usesConsumed\":1");
      // The invalidated transaction wrote nothing; sent again, it is refused and recorded.
      assertThat(submitTask(ledger, user, loser + run, run))
          .contains("\"status\":\"REJECTED\"")
          .contains("GRANT_EXHAUSTED");
      assertThat(ledger.evaluate(owner, "ReadGrant", "grant-" + run))
          .contains("\"usesConsumed\":1");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * org2's and org3's chaincode servers stop (SIGTERM): a transaction needs two organisations'
   * endorsement and only org1's peer can give one, so it fails with a ledger error naming the
   * chaincode and a stopped organisation's peer, and nothing is committed; {@code network.sh
   * deploy} starts the servers again and the same transaction commits. Only on the network this
   * test started ({@code FABRIC_BIN}), not on one given with {@code FABRIC_TEST_NETWORK}.
   */
  @Test
  void a_stopped_chaincode_server_fails_writes_clearly_until_deploy_restarts_it() throws Exception {
    Assumptions.assumeTrue(network != null, "only on the network this test class started");
    Properties p = connection;
    ManagedChannel channel =
        FabricConnections.open(
            p.getProperty("endpoint"),
            Path.of(p.getProperty("tlsCaCert")),
            p.getProperty("authority"));
    LedgerIdentity owner = identity(p, "org1");
    LedgerIdentity user = identity(p, "org2");
    String id = "asset-k" + Long.toString(System.currentTimeMillis(), 36);
    String asset =
        "{\"id\":\""
            + id
            + "\",\"name\":\"claims\",\"columns\":[{\"name\":\"amount\",\"type\":\"DECIMAL\"}],\"rowCount\":1,\"commitment\":\""
            + "ab".repeat(32)
            + "\"}";
    try (FabricLedger ledger =
        new FabricLedger(
            channel,
            FabricLedgerConfig.of(
                p.getProperty("channel", "mitai"), p.getProperty("chaincode", "mitai")))) {
      registerOrganisations(ledger, owner, user);
      for (String name : List.of("chaincode-org2", "chaincode-org3")) {
        ProcessHandle server =
            network.process(name).orElseThrow(() -> new AssertionError(name + " not running"));
        server.destroy();
        server.onExit().get(30, TimeUnit.SECONDS);
      }

      assertThatThrownBy(() -> ledger.submit(owner, Invocation.of("RegisterAsset", asset)))
          .isInstanceOf(LedgerException.class)
          .hasMessageContaining("RegisterAsset")
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .containsAnyOf("org2 peer 127.0.0.1:9051", "org3 peer 127.0.0.1:11051"))
          .satisfies(e -> System.out.println("with org2's and org3's servers stopped: " + e));
      assertThat(ledger.evaluate(owner, "QueryAssetsByOwner", owner.mspId())).doesNotContain(id);

      network.script("deploy");
      assertThat(network.process("chaincode-org2")).isPresent();
      assertThat(network.process("chaincode-org3")).isPresent();
      assertThat(ledger.submit(owner, Invocation.of("RegisterAsset", asset)).payloadUtf8())
          .contains("\"status\":\"ACTIVE\"");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A three-row asset `claims` (id, amount) as RegisterAsset takes it. */
  private static String claimsAsset(String id) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\"claims\",\"columns\":[{\"name\":\"id\",\"type\":\"STRING\"},{\"name\":\"amount\",\"type\":\"DECIMAL\"}],\"rowCount\":3,\"commitment\":\""
        + "ab".repeat(32)
        + "\"}";
  }

  /** A SECURE_AGGREGATE grant on the asset's amount column, valid until 2099. */
  private static String aggregateGrant(
      String id, String assetId, String grantee, String purpose, int maxUses) {
    return "{\"id\":\""
        + id
        + "\",\"assetId\":\""
        + assetId
        + "\",\"grantee\":\""
        + grantee
        + "\",\"operations\":[\"SECURE_AGGREGATE\"],\"columns\":[\"amount\"],\"purpose\":\""
        + purpose
        + "\",\"validUntil\":\"2099-01-01T00:00:00Z\",\"maxUses\":"
        + maxUses
        + ",\"minAssurance\":\"MPC_SEMI_HONEST\"}";
  }

  private static String taskJson(String id, String run) {
    return "{\"id\":\""
        + id
        + "\",\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\"asset-"
        + run
        + "\",\"columns\":[\"amount\"]}],\"parameterHash\":\""
        + "cd".repeat(32)
        + "\",\"protocol\":\"ADDITIVE-SS/Z2^64\",\"assurance\":\"MPC_SEMI_HONEST\"}";
  }

  private static void assertRefusedAtCommit(
      Contract contract, String endorsingOrg, String function, String... args) throws Exception {
    assertRefusedAtCommit(contract, List.of(endorsingOrg), function, args);
  }

  private static void assertRefusedAtCommit(
      Contract contract, List<String> endorsingOrgs, String function, String... args)
      throws Exception {
    Transaction endorsed = endorseOnceDiscoveryKnows(contract, endorsingOrgs, function, args);
    assertThatThrownBy(endorsed::submit)
        .as("%s endorsed by %s only", function, endorsingOrgs)
        .isInstanceOfSatisfying(
            CommitException.class,
            e -> assertThat(e.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE));
  }

  /** Endorsed by exactly these organisations' peers and committed; the contract's answer. */
  private static String endorsedBy(
      Contract contract, List<String> endorsingOrgs, String function, String... args)
      throws Exception {
    byte[] result = endorseOnceDiscoveryKnows(contract, endorsingOrgs, function, args).submit();
    return new String(result, StandardCharsets.UTF_8);
  }

  /**
   * Endorses on exactly these organisations' peers. Right after the channel starts, the gateway's
   * service discovery may not know a peer yet (gossip meets it seconds later) and refuses with
   * "failed to find any endorsing peers" before anything is endorsed, so asking again is safe.
   */
  private static Transaction endorseOnceDiscoveryKnows(
      Contract contract, List<String> endorsingOrgs, String function, String... args)
      throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        return contract
            .newProposal(function)
            .addArguments(args)
            .setEndorsingOrganizations(endorsingOrgs.toArray(String[]::new))
            .build()
            .endorse();
      } catch (org.hyperledger.fabric.client.EndorseException e) {
        boolean discoveryNotReady =
            String.valueOf(e.getMessage()).contains("failed to find any endorsing peers");
        if (!discoveryNotReady || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(1_000);
      }
    }
  }

  private static Gateway gateway(LedgerIdentity identity, ManagedChannel channel) throws Exception {
    return Gateway.newInstance()
        .identity(
            new X509Identity(
                identity.mspId(), Identities.readX509Certificate(identity.certificatePem())))
        .signer(Signers.newPrivateKeySigner(identity.signingKey()))
        .connection(channel)
        .connect();
  }

  /** Registers the organisations the channel does not know yet (the tests share one network). */
  private static void registerOrganisations(FabricLedger ledger, LedgerIdentity... orgs) {
    for (LedgerIdentity org : orgs) {
      String known = ledger.evaluate(org, "ListOrganisations");
      if (known.contains("\"id\":\"" + org.mspId() + "\"")) {
        continue;
      }
      Invocation register =
          Invocation.of(
              "RegisterOrganisation",
              "{\"id\":\""
                  + org.mspId()
                  + "\",\"displayName\":\""
                  + org.mspId()
                  + "\",\"endpoint\":\"https://"
                  + org.mspId()
                  + ".test:8443\",\"publicKey\":\"test\"}");
      submitOnceDiscoveryKnowsBothPeers(ledger, org, register);
    }
  }

  /**
   * The first write on a fresh channel: the gateway plans endorsement from service discovery, which
   * knows the other organisation's peer only once gossip has met it (seconds after the channel
   * starts). Until then the gateway refuses with FAILED_PRECONDITION "no combination of peers",
   * before anything is endorsed or ordered, so sending the same write again is safe.
   */
  private static void submitOnceDiscoveryKnowsBothPeers(
      FabricLedger ledger, LedgerIdentity org, Invocation write) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        ledger.submit(org, write);
        return;
      } catch (io.mitai.ledger.LedgerUnavailableException e) {
        boolean discoveryNotReady =
            String.valueOf(e.getMessage()).contains("no combination of peers");
        if (!discoveryNotReady || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static String submitTask(
      FabricLedger ledger, LedgerIdentity user, String id, String run) {
    return ledger
        .submit(
            user,
            Invocation.of(
                "SubmitTask",
                "{\"id\":\""
                    + id
                    + "\",\"operation\":\"SECURE_AGGREGATE\",\"inputs\":[{\"assetId\":\"asset-"
                    + run
                    + "\",\"columns\":[\"amount\"]}],\"parameterHash\":\""
                    + "cd".repeat(32)
                    + "\",\"protocol\":\"ADDITIVE-SS/Z2^64\",\"assurance\":\"MPC_SEMI_HONEST\"}"))
        .payloadUtf8();
  }

  private static LedgerIdentity identity(Properties p, String org) throws Exception {
    return FabricConnections.identity(
        p.getProperty(org + ".mspId"),
        Path.of(p.getProperty(org + ".cert")),
        Path.of(p.getProperty(org + ".key")));
  }
}
