package io.mitai.ledger.codec;

import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.SignedTreeHead;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The JSON form of an inclusion proof, as the node serves it and the offline verifier reads it.
 * Binary fields are base64; the timestamp is ISO-8601 UTC.
 */
public final class ProofJson {

  private ProofJson() {}

  /** The wire shape. */
  public record Proof(
      String txId, long leafIndex, String leaf, List<String> auditPath, TreeHead treeHead) {}

  /** A signed tree head on the wire. */
  public record TreeHead(long treeSize, String rootHash, String timestamp, String signature) {}

  public static Proof toWire(InclusionProof proof) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new Proof(
        proof.txId(),
        proof.leafIndex(),
        b64.encodeToString(proof.leaf()),
        proof.auditPath().stream().map(b64::encodeToString).toList(),
        toWire(proof.treeHead()));
  }

  public static TreeHead toWire(SignedTreeHead head) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new TreeHead(
        head.treeSize(),
        b64.encodeToString(head.rootHash()),
        head.timestamp().toString(),
        b64.encodeToString(head.signature()));
  }

  public static InclusionProof fromWire(Proof wire) {
    Base64.Decoder b64 = Base64.getDecoder();
    TreeHead h = wire.treeHead();
    return new InclusionProof(
        wire.txId(),
        wire.leafIndex(),
        b64.decode(wire.leaf()),
        wire.auditPath().stream().map(b64::decode).toList(),
        new SignedTreeHead(
            h.treeSize(),
            b64.decode(h.rootHash()),
            Instant.parse(h.timestamp()),
            b64.decode(h.signature())));
  }

  public static byte[] encode(InclusionProof proof) {
    return BlockJson.encode(toWire(proof));
  }

  public static InclusionProof decode(byte[] json) throws IOException {
    return fromWire(BlockJson.decode(json, Proof.class));
  }
}
