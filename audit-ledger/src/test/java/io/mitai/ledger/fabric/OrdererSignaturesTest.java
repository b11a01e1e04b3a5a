package io.mitai.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.junit.jupiter.api.Test;

/**
 * Orderer signatures on blocks of a real Fabric 2.5.12 channel (fixtures in
 * src/test/resources/fabric-blocks, captured with its capture.sh from fabric-network/): the genesis
 * configuration block, three endorser-transaction blocks, a configuration change (block 4) and one
 * more endorser transaction, signed by the orderer organisation {@code orderer}, checked as they
 * are and with one thing altered at a time.
 */
class OrdererSignaturesTest {

  private static final int SIGNATURES = BlockMetadataIndex.SIGNATURES_VALUE;

  @Test
  void the_real_chain_checks_out_block_after_block() throws Exception {
    OrdererSignatureCheck check = new OrdererSignatureCheck();
    for (Block block : chain()) {
      assertThat(check.next(block)).as("block %d", block.getHeader().getNumber()).isEmpty();
    }
    assertThat(check.signedBlocks()).isEqualTo(5);
    // Block 4 is a configuration change (the orderer's BatchTimeout): it names itself as the last
    // configuration block, block 5 names it, and the orderer organisations are now read from it.
    OrdererOrganisations orderers = check.orderers().orElseThrow();
    assertThat(orderers.configBlock()).isEqualTo(4);
    assertThat(OrdererOrganisations.isConfigBlock(block(4))).isTrue();
    assertThat(OrdererSignatures.lastConfigIndex(block(4))).contains(4L);
    assertThat(OrdererSignatures.lastConfigIndex(block(5))).contains(4L);
    assertThat(orderers.byMspId()).containsOnlyKeys("orderer");
    assertThat(orderers.byMspId().get("orderer").roots()).hasSize(1);
    assertThat(orderers.byMspId().get("orderer").signatureHashFamily()).isEqualTo("SHA2");
    assertThat(OrdererSignatures.lastConfigIndex(block(3))).contains(0L);
  }

  @Test
  void a_flipped_bit_in_the_header_breaks_the_signature() throws Exception {
    Block block = block(2);
    byte[] previous = block.getHeader().getPreviousHash().toByteArray();
    previous[0] ^= 1;
    Block tampered =
        block.toBuilder()
            .setHeader(block.getHeader().toBuilder().setPreviousHash(ByteString.copyFrom(previous)))
            .build();

    assertThat(OrdererSignatures.check(block, orderers())).isEmpty();
    assertThat(OrdererSignatures.check(tampered, orderers()))
        .hasValueSatisfying(p -> assertThat(p).startsWith("block 2: ").contains("does not verify"));

    Block renumbered =
        block.toBuilder().setHeader(block.getHeader().toBuilder().setNumber(7)).build();
    assertThat(OrdererSignatures.check(renumbered, orderers()))
        .hasValueSatisfying(p -> assertThat(p).contains("does not verify"));
  }

  @Test
  void a_flipped_bit_in_the_signature_or_the_signed_metadata_is_refused() throws Exception {
    Block block = block(1);
    Metadata metadata = signatures(block);
    ASN1Sequence der =
        ASN1Sequence.getInstance(metadata.getSignatures(0).getSignature().toByteArray());
    BigInteger r = ASN1Integer.getInstance(der.getObjectAt(0)).getValue().flipBit(3);
    BigInteger s = ASN1Integer.getInstance(der.getObjectAt(1)).getValue();
    Block badSignature = withSignature(block, metadata.getSignatures(0), derSignature(r, s));
    assertThat(OrdererSignatures.check(badSignature, orderers()))
        .hasValueSatisfying(p -> assertThat(p).startsWith("block 1: ").contains("does not verify"));

    byte[] value = metadata.getValue().toByteArray();
    value[value.length - 1] ^= 1;
    Block badValue =
        withMetadata(block, metadata.toBuilder().setValue(ByteString.copyFrom(value)).build());
    assertThat(OrdererSignatures.check(badValue, orderers()))
        .hasValueSatisfying(p -> assertThat(p).contains("does not verify"));

    Block unsigned = withMetadata(block, metadata.toBuilder().clearSignatures().build());
    assertThat(OrdererSignatures.check(unsigned, orderers()))
        .contains("block 1: it carries no orderer signature");
  }

  @Test
  void the_high_s_twin_of_a_valid_signature_is_refused_as_fabric_refuses_it() throws Exception {
    Block block = block(3);
    Metadata metadata = signatures(block);
    MetadataSignature original = metadata.getSignatures(0);
    ASN1Sequence der = ASN1Sequence.getInstance(original.getSignature().toByteArray());
    BigInteger r = ASN1Integer.getInstance(der.getObjectAt(0)).getValue();
    BigInteger s = ASN1Integer.getInstance(der.getObjectAt(1)).getValue();
    X509Certificate signer = certificate(signerOf(original).getIdBytes().toByteArray());
    BigInteger order = ((ECPublicKey) signer.getPublicKey()).getParams().getOrder();
    byte[] highS = derSignature(r, order.subtract(s));

    // The JDK accepts (r, n - s) as a valid signature of the same bytes: only the low-S rule stops
    // this malleated copy.
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(signer.getPublicKey());
    jdk.update(
        OrdererSignatures.signedBytes(
            metadata, original, FabricBlocks.headerBytes(block.getHeader())));
    assertThat(jdk.verify(highS)).isTrue();

    assertThat(OrdererSignatures.check(withSignature(block, original, highS), orderers()))
        .hasValueSatisfying(p -> assertThat(p).contains("high S"));
  }

  @Test
  void a_block_signed_by_a_member_of_a_peer_organisation_is_refused() throws Exception {
    Block block = block(2);
    byte[] cert = resource("org1-user1-cert.pem");
    PrivateKey key = privateKey(resource("org1-user1-key.pem"));

    // Validly signed by org1's User1: org1 is an application organisation, not an orderer one.
    Block byOrg1 = signedBy(block, "org1", cert, key);
    assertThat(OrdererSignatures.check(byOrg1, orderers()))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("block 2: ")
                    .contains("'org1', which is not an orderer organisation")
                    .contains("[orderer]"));

    // The same signer claiming the orderer's MSP ID: its certificate is not from the orderer's CA.
    Block claimingOrderer = signedBy(block, "orderer", cert, key);
    assertThat(OrdererSignatures.check(claimingOrderer, orderers()))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("is not a member of orderer organisation 'orderer'")
                    .contains("does not chain to the organisation's root CAs"));
  }

  @Test
  void the_chain_must_start_with_the_genesis_configuration_block() throws Exception {
    OrdererSignatureCheck check = new OrdererSignatureCheck();
    assertThat(check.next(block(1)))
        .hasValueSatisfying(
            p -> assertThat(p).startsWith("block 1: ").contains("genesis configuration block"));
    assertThat(OrdererOrganisations.isConfigBlock(block(0))).isTrue();
    assertThat(OrdererOrganisations.isConfigBlock(block(1))).isFalse();
    assertThatThrownBy(() -> OrdererOrganisations.fromConfigBlock(block(1)))
        .hasMessageContaining("not a configuration block");
  }

  @Test
  void a_tampered_block_inside_the_chain_is_named() throws Exception {
    List<Block> chain = chain();
    Block second = chain.get(2);
    Metadata metadata = signatures(second);
    Block unsigned = withMetadata(second, metadata.toBuilder().clearSignatures().build());
    OrdererSignatureCheck check = new OrdererSignatureCheck();
    assertThat(check.next(chain.get(0))).isEmpty();
    assertThat(check.next(chain.get(1))).isEmpty();
    assertThat(check.next(unsigned)).contains("block 2: it carries no orderer signature");
  }

  @Test
  void a_chain_missing_its_configuration_block_is_refused_at_the_block_after_it() throws Exception {
    OrdererSignatureCheck check = new OrdererSignatureCheck();
    for (int n = 0; n <= 3; n++) {
      assertThat(check.next(block(n))).isEmpty();
    }
    // Block 5's orderer signed that block 4 is the last configuration block.
    assertThat(check.next(block(5)))
        .contains(
            "block 5: its orderer names block 4 as the last configuration block, but that is"
                + " block 0");
  }

  // --- fixtures
  // -----------------------------------------------------------------------------------

  private static List<Block> chain() throws IOException {
    return List.of(block(0), block(1), block(2), block(3), block(4), block(5));
  }

  private static Block block(int number) throws IOException {
    return Block.parseFrom(resource("block-" + number + ".block"));
  }

  private static OrdererOrganisations orderers() throws IOException {
    return OrdererOrganisations.fromConfigBlock(block(0));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in =
        OrdererSignaturesTest.class.getResourceAsStream("/fabric-blocks/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static Metadata signatures(Block block) throws IOException {
    return Metadata.parseFrom(block.getMetadata().getMetadata(SIGNATURES));
  }

  private static SerializedIdentity signerOf(MetadataSignature signature) throws IOException {
    return SerializedIdentity.parseFrom(
        SignatureHeader.parseFrom(signature.getSignatureHeader()).getCreator());
  }

  private static Block withMetadata(Block block, Metadata metadata) {
    return block.toBuilder()
        .setMetadata(
            block.getMetadata().toBuilder().setMetadata(SIGNATURES, metadata.toByteString()))
        .build();
  }

  private static Block withSignature(Block block, MetadataSignature original, byte[] signature)
      throws IOException {
    Metadata metadata = signatures(block);
    return withMetadata(
        block,
        metadata.toBuilder()
            .setSignatures(0, original.toBuilder().setSignature(ByteString.copyFrom(signature)))
            .build());
  }

  /**
   * The block re-signed, correctly and low-S, by {@code key} as {@code mspId} with {@code cert}.
   */
  private static Block signedBy(Block block, String mspId, byte[] cert, PrivateKey key)
      throws Exception {
    Metadata metadata = signatures(block);
    SignatureHeader original =
        SignatureHeader.parseFrom(metadata.getSignatures(0).getSignatureHeader());
    SignatureHeader header =
        original.toBuilder()
            .setCreator(
                SerializedIdentity.newBuilder()
                    .setMspid(mspId)
                    .setIdBytes(ByteString.copyFrom(cert))
                    .build()
                    .toByteString())
            .build();
    MetadataSignature unsigned =
        MetadataSignature.newBuilder().setSignatureHeader(header.toByteString()).build();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(
        OrdererSignatures.signedBytes(
            metadata, unsigned, FabricBlocks.headerBytes(block.getHeader())));
    ASN1Sequence der = ASN1Sequence.getInstance(signer.sign());
    BigInteger r = ASN1Integer.getInstance(der.getObjectAt(0)).getValue();
    BigInteger s = ASN1Integer.getInstance(der.getObjectAt(1)).getValue();
    BigInteger order = ((ECPublicKey) certificate(cert).getPublicKey()).getParams().getOrder();
    if (s.compareTo(order.shiftRight(1)) > 0) {
      s = order.subtract(s);
    }
    MetadataSignature signed =
        unsigned.toBuilder().setSignature(ByteString.copyFrom(derSignature(r, s))).build();
    return withMetadata(
        block, metadata.toBuilder().clearSignatures().addSignatures(signed).build());
  }

  private static byte[] derSignature(BigInteger r, BigInteger s) throws IOException {
    return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
  }

  private static X509Certificate certificate(byte[] pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(pem));
  }

  private static PrivateKey privateKey(byte[] pem) throws Exception {
    String base64 =
        new String(pem, StandardCharsets.US_ASCII)
            .replaceAll("-----[A-Z ]+-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
