package io.mitai.ledger.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Fabric's block format, read and checked: the header hash is SHA-256 over the DER encoding of
 * {@code SEQUENCE {INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash}} and the data
 * hash is SHA-256 over the concatenated transaction envelopes — the chain a peer builds, which the
 * node re-checks when it mirrors blocks.
 */
public final class FabricBlocks {

  private static final HexFormat HEX = HexFormat.of();

  private FabricBlocks() {}

  /** SHA-256 of the DER-encoded header, as Fabric chains blocks. */
  public static byte[] headerHash(BlockHeader header) {
    return sha256(headerBytes(header));
  }

  /**
   * The header as Fabric encodes it for hashing and for the orderer's signature: DER {@code
   * SEQUENCE {INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash}} (an empty previous
   * hash, as in block 0, is an empty OCTET STRING).
   */
  public static byte[] headerBytes(BlockHeader header) {
    ASN1EncodableVector fields = new ASN1EncodableVector();
    fields.add(new ASN1Integer(BigInteger.valueOf(header.getNumber())));
    fields.add(new DEROctetString(header.getPreviousHash().toByteArray()));
    fields.add(new DEROctetString(header.getDataHash().toByteArray()));
    try {
      return new DERSequence(fields).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException("a block header could not be DER-encoded", e);
    }
  }

  /** SHA-256 over the block's envelopes, concatenated. */
  public static byte[] dataHash(Block block) {
    MessageDigest digest = digest();
    for (ByteString data : block.getData().getDataList()) {
      digest.update(data.toByteArray());
    }
    return digest.digest();
  }

  /**
   * The first thing wrong with {@code block} given the header hash of the block before it (empty
   * for the genesis block), or empty when it checks out.
   */
  public static Optional<String> check(Block block, Optional<byte[]> previousHeaderHash) {
    if (!MessageDigest.isEqual(dataHash(block), block.getHeader().getDataHash().toByteArray())) {
      return Optional.of(
          "block " + block.getHeader().getNumber() + ": its data does not match its data hash");
    }
    if (previousHeaderHash.isPresent()
        && !MessageDigest.isEqual(
            previousHeaderHash.get(), block.getHeader().getPreviousHash().toByteArray())) {
      return Optional.of(
          "block " + block.getHeader().getNumber() + " does not link to the previous block");
    }
    return Optional.empty();
  }

  /** Decodes a block's endorser transactions; configuration transactions are skipped. */
  public static FabricBlock parse(Block block) {
    List<FabricTransaction> transactions = new ArrayList<>();
    ByteString filter =
        block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
            ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
            : ByteString.EMPTY;
    for (int i = 0; i < block.getData().getDataCount(); i++) {
      try {
        parseTransaction(block.getData().getData(i), validation(filter, i))
            .ifPresent(transactions::add);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException(
            "block " + block.getHeader().getNumber() + " holds an undecodable transaction " + i, e);
      }
    }
    return new FabricBlock(
        block.getHeader().getNumber(),
        HEX.formatHex(block.getHeader().getPreviousHash().toByteArray()),
        HEX.formatHex(block.getHeader().getDataHash().toByteArray()),
        HEX.formatHex(headerHash(block.getHeader())),
        transactions);
  }

  private static String validation(ByteString filter, int index) {
    if (index >= filter.size()) {
      return "NOT_VALIDATED";
    }
    TxValidationCode code = TxValidationCode.forNumber(filter.byteAt(index) & 0xff);
    return code == null ? "UNKNOWN" : code.name();
  }

  private static Optional<FabricTransaction> parseTransaction(
      ByteString bytes, String validationCode) throws InvalidProtocolBufferException {
    Envelope envelope = Envelope.parseFrom(bytes);
    Payload payload = Payload.parseFrom(envelope.getPayload());
    ChannelHeader channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
    if (channelHeader.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
      return Optional.empty();
    }
    SignatureHeader signatureHeader =
        SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
    SerializedIdentity creator = SerializedIdentity.parseFrom(signatureHeader.getCreator());
    Transaction transaction = Transaction.parseFrom(payload.getData());
    ChaincodeActionPayload actionPayload =
        ChaincodeActionPayload.parseFrom(transaction.getActions(0).getPayload());
    ChaincodeInvocationSpec spec =
        ChaincodeInvocationSpec.parseFrom(
            ChaincodeProposalPayload.parseFrom(actionPayload.getChaincodeProposalPayload())
                .getInput());
    ChaincodeAction action =
        ChaincodeAction.parseFrom(
            ProposalResponsePayload.parseFrom(
                    actionPayload.getAction().getProposalResponsePayload())
                .getExtension());
    List<String> args = new ArrayList<>();
    spec.getChaincodeSpec().getInput().getArgsList().forEach(a -> args.add(a.toStringUtf8()));
    Optional<ChaincodeEvent> event =
        action.getEvents().isEmpty()
            ? Optional.empty()
            : Optional.of(ChaincodeEvent.parseFrom(action.getEvents()));
    return Optional.of(
        new FabricTransaction(
            channelHeader.getTxId(),
            Instant.ofEpochSecond(
                channelHeader.getTimestamp().getSeconds(), channelHeader.getTimestamp().getNanos()),
            creator.getMspid(),
            spec.getChaincodeSpec().getChaincodeId().getName(),
            args.isEmpty() ? "" : args.get(0),
            args.isEmpty() ? List.of() : args.subList(1, args.size()),
            action.getResponse().getPayload().toString(StandardCharsets.UTF_8),
            event.map(ChaincodeEvent::getEventName).filter(n -> !n.isEmpty()),
            event.map(e -> e.getPayload().toString(StandardCharsets.UTF_8)),
            validationCode));
  }

  private static byte[] sha256(byte[] bytes) {
    return digest().digest(bytes);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
