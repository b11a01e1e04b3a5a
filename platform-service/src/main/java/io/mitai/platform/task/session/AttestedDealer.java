package io.mitai.platform.task.session;

import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.ops.JointStatsSpec;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.platform.task.domain.Dealer;
import java.io.IOException;
import java.util.List;

/**
 * An attested enclave as the dealer of a JOINT_STATS session's Beaver triples. The session runner
 * owns this interface and the TEE package implements it ({@code tee.EnclaveDealer}): the task
 * package does not depend on the enclave code, which sits above it.
 */
public interface AttestedDealer {

  /**
   * Asks the enclave worker to deal for {@code spec}'s session and verifies its evidence.
   *
   * @param parties the endpoints of every other party of the session, as pinned by the transport
   */
  Dealing open(String taskId, JointStatsSpec spec, List<PartyEndpoint> parties) throws Refused;

  /**
   * A party of another node's side: verifies the dealer's evidence that the requester's node
   * forwards, as {@code self} and with this node's own verifier, and returns the endpoint to pin.
   *
   * @param requester the organisation whose node's worker deals (its platform key signs simulated
   *     evidence)
   */
  PartyEndpoint admit(String taskId, String self, String requester, DealerOffer offer)
      throws Refused;

  /**
   * What the requester's node forwards to parties on other nodes: the dealer's evidence and
   * certificate as the worker returned them, where its party listens, and the salt of its nonce
   * (the nonce binds the task too, so evidence made for another task does not verify).
   */
  record DealerOffer(
      String format,
      String evidence,
      String certificate,
      String host,
      int port,
      String salt,
      String measurement) {}

  /** The party id of an enclave dealer in a session. */
  static boolean isEnclave(PartyId party) {
    return Dealer.ENCLAVE_PARTY.equals(party.value());
  }

  /** An attested dealer, ready to join the session once the parties have opened it. */
  interface Dealing extends AutoCloseable {

    /** The dealer party as the hosted parties must pin it: the attested key. */
    PartyEndpoint endpoint();

    Attested attested();

    /** The evidence for parties on other nodes, who verify it themselves. */
    DealerOffer offer();

    /** Runs the dealer's part of the session (blocks until it has dealt or failed). */
    void deal() throws IOException, EnclaveException;

    @Override
    void close();
  }

  /** What the task record says of the dealer: its assurance, measurement and evidence hash. */
  record Attested(String assurance, String measurement, String evidenceSha256) {
    /** The ledger's {@code tripleSource}, next to the task's own MPC assurance. */
    public String tripleSource() {
      return "TEE_DEALER assurance=" + assurance + " measurement=" + measurement;
    }
  }

  /** The dealer could not be used; nothing was dealt and no party trusted it. */
  final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unreachable;

    public Refused(String message, boolean unreachable) {
      super(message);
      this.unreachable = unreachable;
    }

    /** The worker could not be reached (rather than failing verification). */
    public boolean unreachable() {
      return unreachable;
    }
  }
}
