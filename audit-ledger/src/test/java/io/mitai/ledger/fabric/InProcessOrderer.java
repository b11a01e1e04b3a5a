package io.mitai.ledger.fabric;

import com.google.protobuf.ByteString;
import io.mitai.ledger.testing.TestIdentities;
import io.mitai.testsupport.CertificateBuilder;
import io.mitai.testsupport.TestCertificates;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * The orderer of the in-process channel, with real crypto: an orderer organisation {@code orderer}
 * with its own root CA (P-256, Bouncy Castle) and an orderer certificate issued by it. It makes the
 * genesis configuration block naming that organisation, and signs every later block's header and
 * metadata as Fabric's orderer does (low-S ECDSA over value ‖ signature header ‖ DER header). It
 * can also make a configuration block that hands the channel to another orderer organisation, to
 * test a change of orderer organisation (the captured real change keeps the same one).
 */
final class InProcessOrderer {

  static final String MSP_ID = "orderer";

  private final String mspId;
  private final String caPem;
  private final String signerPem;
  private final KeyPair signerKeys;

  InProcessOrderer() {
    this(MSP_ID);
  }

  /** An orderer organisation {@code mspId} with a fresh root CA and one orderer certificate. */
  InProcessOrderer(String mspId) {
    this.mspId = mspId;
    KeyPair caKeys = TestIdentities.p256();
    signerKeys = TestIdentities.p256();
    X500Principal ca = new X500Principal("CN=ca." + mspId + ".in-process,O=" + mspId);
    caPem =
        TestCertificates.pem(
            TestCertificates.issued(ca, caKeys.getPublic(), ca, caKeys.getPrivate())
                .role(CertificateBuilder.Role.CA)
                .build());
    signerPem =
        TestCertificates.pem(
            TestCertificates.issued(
                    new X500Principal("CN=orderer." + mspId + ".in-process,O=" + mspId),
                    signerKeys.getPublic(),
                    ca,
                    caKeys.getPrivate())
                .role(CertificateBuilder.Role.END_ENTITY)
                .build());
  }

  /** Block 0: the channel's configuration with this orderer organisation, unsigned as in Fabric. */
  Block genesis(String channel) {
    Block unsigned = configBlock(0, new byte[0], channel, this);
    return unsigned.toBuilder()
        .setMetadata(
            unsigned.getMetadata().toBuilder()
                .setMetadata(
                    0, Metadata.newBuilder().setValue(lastConfig(0)).build().toByteString()))
        .build();
  }

  /**
   * A configuration block after the genesis block, naming {@code next} as the channel's orderer
   * organisation from now on, signed by this orderer (in force until the block is committed).
   */
  Block configBlock(long number, byte[] previousHash, String channel, InProcessOrderer next) {
    FabricMSPConfig msp =
        FabricMSPConfig.newBuilder()
            .setName(next.mspId)
            .addRootCerts(ByteString.copyFromUtf8(next.caPem))
            .build();
    ConfigGroup orderer =
        ConfigGroup.newBuilder()
            .putGroups(
                next.mspId,
                ConfigGroup.newBuilder()
                    .putValues(
                        "MSP",
                        ConfigValue.newBuilder()
                            .setValue(
                                MSPConfig.newBuilder()
                                    .setType(0)
                                    .setConfig(msp.toByteString())
                                    .build()
                                    .toByteString())
                            .build())
                    .build())
            .build();
    ByteString config =
        ConfigEnvelope.newBuilder()
            .setConfig(
                Config.newBuilder()
                    .setChannelGroup(ConfigGroup.newBuilder().putGroups("Orderer", orderer)))
            .build()
            .toByteString();
    return block(number, previousHash, channel, HeaderType.CONFIG, config, number);
  }

  /**
   * A block of one envelope of {@code type} carrying {@code data}, signed by this orderer with
   * {@code lastConfig} as the channel's last configuration block.
   */
  Block block(
      long number,
      byte[] previousHash,
      String channel,
      HeaderType type,
      ByteString payloadData,
      long lastConfig) {
    Payload payload =
        Payload.newBuilder()
            .setHeader(
                Header.newBuilder()
                    .setChannelHeader(
                        ChannelHeader.newBuilder()
                            .setType(type.getNumber())
                            .setChannelId(channel)
                            .build()
                            .toByteString()))
            .setData(payloadData)
            .build();
    BlockData data =
        BlockData.newBuilder()
            .addData(
                Envelope.newBuilder().setPayload(payload.toByteString()).build().toByteString())
            .build();
    BlockHeader header =
        BlockHeader.newBuilder()
            .setNumber(number)
            .setPreviousHash(ByteString.copyFrom(previousHash))
            .setDataHash(
                ByteString.copyFrom(
                    FabricBlocks.dataHash(Block.newBuilder().setData(data).build())))
            .build();
    return Block.newBuilder()
        .setHeader(header)
        .setData(data)
        .setMetadata(
            BlockMetadata.newBuilder()
                .addMetadata(sign(header, lastConfig))
                .addMetadata(ByteString.EMPTY)
                .addMetadata(ByteString.EMPTY)
                .addMetadata(ByteString.EMPTY)
                .addMetadata(ByteString.EMPTY))
        .build();
  }

  /** The {@code SIGNATURES} metadata of a block with this header (no configuration since 0). */
  ByteString sign(BlockHeader header) {
    return sign(header, 0);
  }

  /** The {@code SIGNATURES} metadata of a block with this header, naming {@code lastConfig}. */
  ByteString sign(BlockHeader header, long lastConfig) {
    ByteString value = lastConfig(lastConfig);
    MetadataSignature unsigned =
        MetadataSignature.newBuilder()
            .setSignatureHeader(
                SignatureHeader.newBuilder()
                    .setCreator(
                        SerializedIdentity.newBuilder()
                            .setMspid(mspId)
                            .setIdBytes(ByteString.copyFromUtf8(signerPem))
                            .build()
                            .toByteString())
                    .setNonce(ByteString.copyFromUtf8("nonce-" + header.getNumber()))
                    .build()
                    .toByteString())
            .build();
    Metadata metadata = Metadata.newBuilder().setValue(value).build();
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(signerKeys.getPrivate());
      signer.update(
          OrdererSignatures.signedBytes(metadata, unsigned, FabricBlocks.headerBytes(header)));
      ASN1Sequence der = ASN1Sequence.getInstance(signer.sign());
      BigInteger r = ASN1Integer.getInstance(der.getObjectAt(0)).getValue();
      BigInteger s = ASN1Integer.getInstance(der.getObjectAt(1)).getValue();
      BigInteger order = ((ECPublicKey) signerKeys.getPublic()).getParams().getOrder();
      // Fabric's signers normalise to low S; so does this one.
      if (s.compareTo(order.shiftRight(1)) > 0) {
        s = order.subtract(s);
      }
      byte[] low =
          new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
      return metadata.toBuilder()
          .addSignatures(unsigned.toBuilder().setSignature(ByteString.copyFrom(low)))
          .build()
          .toByteString();
    } catch (Exception e) {
      throw new IllegalStateException("the in-process orderer could not sign a block", e);
    }
  }

  private static ByteString lastConfig(long index) {
    return OrdererBlockMetadata.newBuilder()
        .setLastConfig(LastConfig.newBuilder().setIndex(index))
        .build()
        .toByteString();
  }
}
