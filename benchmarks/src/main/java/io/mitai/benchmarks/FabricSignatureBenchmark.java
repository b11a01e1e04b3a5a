package io.mitai.benchmarks;

import io.mitai.ledger.fabric.ProposalSigner;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ECDSA P-256 signature of a Fabric client (three per transaction: proposal, transaction,
 * commit-status request), for a key as the node and {@code Identities.readPrivateKey} hold it (a
 * JDK key): the Gateway SDK's own signer against {@link ProposalSigner}, next to the limit, one
 * fixed-base scalar multiplication with Bouncy Castle's precomputed comb.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FabricSignatureBenchmark {

  private Signer gatewaySigner;
  private Signer proposalSigner;
  private byte[] digest;
  private X9ECParameters p256;
  private java.math.BigInteger scalar;

  @Setup
  public void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    gatewaySigner = Signers.newPrivateKeySigner(pair.getPrivate());
    proposalSigner = ProposalSigner.of(pair.getPrivate());
    digest = MessageDigest.getInstance("SHA-256").digest(new byte[512]);
    p256 = CustomNamedCurves.getByName("secp256r1");
    scalar = new java.math.BigInteger(255, new java.security.SecureRandom());
  }

  @Benchmark
  public byte[] gatewaySdkSigner() throws Exception {
    return gatewaySigner.sign(digest);
  }

  @Benchmark
  public byte[] proposalSigner() throws Exception {
    return proposalSigner.sign(digest);
  }

  /** The limit of a signature: its one fixed-base multiplication k·G. */
  @Benchmark
  public ECPoint fixedBaseMultiplication() {
    return new FixedPointCombMultiplier().multiply(p256.getG(), scalar).normalize();
  }
}
