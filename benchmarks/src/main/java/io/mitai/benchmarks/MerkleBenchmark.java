package io.mitai.benchmarks;

import io.mitai.ledger.merkle.MerkleHasher;
import io.mitai.ledger.merkle.MerkleProofs;
import io.mitai.ledger.merkle.MerkleTree;
import io.mitai.ledger.merkle.ProofException;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inclusion-proof generation and verification on a ledger tree of 10^6 leaves, next to the physical
 * limit on this machine: one SHA-256 of a 65-byte node input (a proof needs ~20).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MerkleBenchmark {

  @Param({"1000000"})
  int leaves;

  MerkleTree tree;
  byte[] root;
  long index;
  List<byte[]> proof;
  byte[] leafHash;
  final byte[] nodeInput = new byte[65];

  @Setup(Level.Trial)
  public void build() {
    tree = new MerkleTree();
    byte[] leaf = new byte[64];
    for (int i = 0; i < leaves; i++) {
      leaf[0] = (byte) i;
      leaf[1] = (byte) (i >> 8);
      leaf[2] = (byte) (i >> 16);
      tree.append(MerkleHasher.leafHash(leaf));
    }
    root = tree.root();
  }

  @Setup(Level.Iteration)
  public void pickLeaf() {
    index = ThreadLocalRandom.current().nextLong(leaves);
    proof = tree.inclusionProof(index, leaves);
    leafHash = tree.leafHash(index);
  }

  @Benchmark
  public List<byte[]> generateInclusionProof() {
    return tree.inclusionProof(index, leaves);
  }

  @Benchmark
  public byte[] verifyInclusionProof() throws ProofException {
    MerkleProofs.verifyInclusion(index, leaves, leafHash, proof, root);
    return root;
  }

  @Benchmark
  public byte[] sha256OfOneNode() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(nodeInput);
  }
}
