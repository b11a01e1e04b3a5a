package io.mitai.ledger.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Checks a block's orderer signature as a Fabric peer does before it accepts a block: the {@code
 * SIGNATURES} metadata holds a {@code Metadata} whose value (the {@code OrdererBlockMetadata}, with
 * the last configuration block's number) and signatures each cover {@code value ‖ signatureHeader ‖
 * DER(header)}, signed with ECDSA by the identity in the signature header. The signer must be a
 * member of an orderer organisation of the channel: its MSP ID one of theirs, its certificate
 * chaining to that MSP's root CAs (through its intermediates), not a CA itself, and the signature
 * low-S (Fabric refuses high-S signatures that the JDK would accept). One good signature suffices,
 * as under Fabric's default {@code BlockValidation} policy ({@code ANY Writers} of the orderer
 * organisations).
 *
 * <p>Not checked: certificate revocation (the MSP's CRLs) and expiry. The chain is validated at the
 * signer certificate's start time, so a block signed while its certificates were valid still
 * verifies after they expire; an auditor who must rule out a revoked orderer certificate checks the
 * CRLs in the channel configuration separately. BFT blocks (Fabric 3, identifier headers) are
 * reported as unsupported.
 */
public final class OrdererSignatures {

  private OrdererSignatures() {}

  /**
   * What is wrong with {@code block}'s orderer signature given the orderer organisations in force
   * (those of the last configuration block before it), or empty when a signature checks out.
   */
  public static Optional<String> check(Block block, OrdererOrganisations orderers) {
    String at = "block " + block.getHeader().getNumber() + ": ";
    Optional<Metadata> metadata = signatures(block);
    if (metadata.isEmpty() || metadata.get().getSignaturesCount() == 0) {
      return Optional.of(at + "it carries no orderer signature");
    }
    byte[] header = FabricBlocks.headerBytes(block.getHeader());
    String first = null;
    for (MetadataSignature signature : metadata.get().getSignaturesList()) {
      Optional<String> problem = checkOne(signature, metadata.get(), header, orderers);
      if (problem.isEmpty()) {
        return Optional.empty();
      }
      first = first == null ? problem.get() : first;
    }
    return Optional.of(at + first);
  }

  /**
   * The number of the last configuration block that {@code block}'s orderer names in its signed
   * metadata, if the block carries one.
   */
  public static Optional<Long> lastConfigIndex(Block block) {
    return signatures(block)
        .flatMap(
            m -> {
              try {
                OrdererBlockMetadata value = OrdererBlockMetadata.parseFrom(m.getValue());
                return value.hasLastConfig()
                    ? Optional.of(value.getLastConfig().getIndex())
                    : Optional.empty();
              } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
              }
            });
  }

  private static Optional<Metadata> signatures(Block block) {
    if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.SIGNATURES_VALUE) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE)));
    } catch (InvalidProtocolBufferException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> checkOne(
      MetadataSignature signature,
      Metadata metadata,
      byte[] header,
      OrdererOrganisations orderers) {
    if (signature.getSignatureHeader().isEmpty()) {
      return Optional.of(
          "its orderer signature has no signature header (BFT identifier headers are not"
              + " supported)");
    }
    SerializedIdentity signer;
    try {
      signer =
          SerializedIdentity.parseFrom(
              SignatureHeader.parseFrom(signature.getSignatureHeader()).getCreator());
    } catch (InvalidProtocolBufferException e) {
      return Optional.of("its orderer signature header does not decode");
    }
    OrdererOrganisations.Msp msp = orderers.byMspId().get(signer.getMspid());
    if (msp == null) {
      return Optional.of(
          "it is signed by '"
              + signer.getMspid()
              + "', which is not an orderer organisation of the channel "
              + orderers.byMspId().keySet()
              + " (configuration block "
              + orderers.configBlock()
              + ")");
    }
    X509Certificate cert;
    try {
      cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(signer.getIdBytes().toByteArray()));
    } catch (CertificateException | ClassCastException e) {
      return Optional.of("the certificate of its signer does not decode");
    }
    String who = "its signer " + cert.getSubjectX500Principal().getName();
    Optional<String> chain = chainProblem(cert, msp);
    if (chain.isPresent()) {
      return Optional.of(
          who + " is not a member of orderer organisation '" + msp.mspId() + "': " + chain.get());
    }
    if (cert.getBasicConstraints() >= 0) {
      return Optional.of(who + " holds a CA certificate, which Fabric refuses as an identity");
    }
    if (!(cert.getPublicKey() instanceof ECPublicKey key)) {
      return Optional.of(who + " has no ECDSA key");
    }
    byte[] sig = signature.getSignature().toByteArray();
    Optional<BigInteger> s = derS(sig);
    if (s.isEmpty()) {
      return Optional.of("its orderer signature is not a DER-encoded ECDSA signature");
    }
    if (s.get().compareTo(key.getParams().getOrder().shiftRight(1)) > 0) {
      return Optional.of("its orderer signature has a high S value, which Fabric refuses");
    }
    try {
      Signature verifier = Signature.getInstance(algorithm(msp.signatureHashFamily()));
      verifier.initVerify(key);
      verifier.update(signedBytes(metadata, signature, header));
      if (!verifier.verify(sig)) {
        return Optional.of(
            "the orderer signature of "
                + cert.getSubjectX500Principal().getName()
                + " does not verify over the block header and metadata");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.of("its orderer signature cannot be verified: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** What Fabric's orderer signs: metadata value ‖ signature header ‖ DER header. */
  static byte[] signedBytes(Metadata metadata, MetadataSignature signature, byte[] header) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(metadata.getValue().toByteArray());
    out.writeBytes(signature.getSignatureHeader().toByteArray());
    out.writeBytes(header);
    return out.toByteArray();
  }

  private static String algorithm(String hashFamily) {
    return switch (hashFamily) {
      case "SHA2" -> "SHA256withECDSA";
      case "SHA3" -> "SHA3-256withECDSA";
      default -> throw new IllegalArgumentException("unknown signature hash family " + hashFamily);
    };
  }

  /** Empty when the chain builds to one of the MSP's roots; revocation is not checked. */
  private static Optional<String> chainProblem(X509Certificate cert, OrdererOrganisations.Msp msp) {
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      msp.roots().forEach(root -> anchors.add(new TrustAnchor(root, null)));
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(cert);
      PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
      params.setRevocationEnabled(false);
      // Validated when the certificate took effect: an expired orderer certificate does not make
      // the blocks it signed while valid unverifiable.
      params.setDate(new Date(cert.getNotBefore().getTime() + 1000));
      params.addCertStore(
          CertStore.getInstance(
              "Collection", new CollectionCertStoreParameters(msp.intermediates())));
      CertPathBuilder.getInstance("PKIX").build(params);
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.of(
          "its certificate does not chain to the organisation's root CAs (" + e.getMessage() + ")");
    }
  }

  private static Optional<BigInteger> derS(byte[] signature) {
    try {
      ASN1Primitive parsed = ASN1Primitive.fromByteArray(signature);
      if (parsed instanceof ASN1Sequence seq
          && seq.size() == 2
          && seq.getObjectAt(1) instanceof ASN1Integer s) {
        return Optional.of(s.getValue());
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
