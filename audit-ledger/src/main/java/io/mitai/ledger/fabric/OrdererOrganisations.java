package io.mitai.ledger.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * The orderer organisations of a channel as one of its configuration blocks defines them: the
 * sub-groups of the channel group {@code Orderer}, each with its MSP (root and intermediate CA
 * certificates). Blocks after that configuration block must be signed by a member of one of them.
 *
 * @param configBlock the number of the configuration block they were read from
 * @param byMspId each orderer organisation's MSP, by MSP ID (sorted, for stable messages)
 */
public record OrdererOrganisations(long configBlock, Map<String, Msp> byMspId) {

  /** Fabric's MSP type for X.509 MSPs ({@code msp.ProviderType FABRIC}); idemix MSPs are 1. */
  private static final int FABRIC_MSP = 0;

  /** The channel group holding the orderer organisations, as Fabric's configtx names it. */
  private static final String ORDERER_GROUP = "Orderer";

  public OrdererOrganisations {
    byMspId = Collections.unmodifiableMap(new TreeMap<>(byMspId));
  }

  /**
   * One orderer organisation's MSP.
   *
   * @param signatureHashFamily the MSP's {@code SignatureHashFamily} ({@code SHA2} or {@code
   *     SHA3}): which hash its members' ECDSA signatures are over
   */
  public record Msp(
      String mspId,
      List<X509Certificate> roots,
      List<X509Certificate> intermediates,
      String signatureHashFamily) {

    public Msp {
      roots = List.copyOf(roots);
      intermediates = List.copyOf(intermediates);
    }
  }

  /** Whether {@code block} is a configuration block: a single envelope of type CONFIG. */
  public static boolean isConfigBlock(Block block) {
    return block.getData().getDataCount() == 1 && configEnvelope(block).isPresent();
  }

  /**
   * Reads the orderer organisations from a configuration block.
   *
   * @throws IllegalArgumentException if the block is not a configuration block, or its
   *     configuration names no orderer organisation with an X.509 MSP that can be read
   */
  public static OrdererOrganisations fromConfigBlock(Block block) {
    long number = block.getHeader().getNumber();
    ConfigEnvelope envelope =
        configEnvelope(block)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "block " + number + " is not a configuration block"));
    ConfigGroup orderer = envelope.getConfig().getChannelGroup().getGroupsMap().get(ORDERER_GROUP);
    if (orderer == null) {
      throw new IllegalArgumentException(
          "the configuration in block " + number + " has no Orderer group");
    }
    Map<String, Msp> msps = new TreeMap<>();
    for (Map.Entry<String, ConfigGroup> org : orderer.getGroupsMap().entrySet()) {
      ConfigValue value = org.getValue().getValuesMap().get("MSP");
      if (value == null) {
        throw new IllegalArgumentException(
            "orderer organisation '" + org.getKey() + "' in block " + number + " has no MSP");
      }
      try {
        MSPConfig config = MSPConfig.parseFrom(value.getValue());
        if (config.getType() != FABRIC_MSP) {
          // An idemix MSP cannot sign blocks: its members are not X.509 identities.
          continue;
        }
        FabricMSPConfig msp = FabricMSPConfig.parseFrom(config.getConfig());
        String family = msp.getCryptoConfig().getSignatureHashFamily();
        msps.put(
            msp.getName(),
            new Msp(
                msp.getName(),
                certificates(msp.getRootCertsList()),
                certificates(msp.getIntermediateCertsList()),
                family.isEmpty() ? "SHA2" : family));
      } catch (InvalidProtocolBufferException | CertificateException e) {
        throw new IllegalArgumentException(
            "the MSP of orderer organisation '"
                + org.getKey()
                + "' in block "
                + number
                + " cannot be read: "
                + e.getMessage(),
            e);
      }
    }
    if (msps.isEmpty()) {
      throw new IllegalArgumentException(
          "the configuration in block " + number + " names no orderer organisation");
    }
    return new OrdererOrganisations(number, msps);
  }

  private static Optional<ConfigEnvelope> configEnvelope(Block block) {
    if (block.getData().getDataCount() != 1) {
      return Optional.empty();
    }
    try {
      Payload payload =
          Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
      ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
      if (header.getType() != HeaderType.CONFIG_VALUE) {
        return Optional.empty();
      }
      return Optional.of(ConfigEnvelope.parseFrom(payload.getData()));
    } catch (InvalidProtocolBufferException e) {
      return Optional.empty();
    }
  }

  /** PEM certificates as Fabric's MSP configuration holds them. */
  private static List<X509Certificate> certificates(List<ByteString> pems)
      throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certs = new ArrayList<>();
    for (ByteString pem : pems) {
      certs.add(
          (X509Certificate)
              factory.generateCertificate(new ByteArrayInputStream(pem.toByteArray())));
    }
    return certs;
  }
}
