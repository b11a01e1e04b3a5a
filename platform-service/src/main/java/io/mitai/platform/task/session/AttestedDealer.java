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

  /** The party id of an enclave dealer in a session. */
  static boolean isEnclave(PartyId party) {
    return Dealer.ENCLAVE_PARTY.equals(party.value());
  }

  /** An attested dealer, ready to join the session once the parties have opened it. */
  interface Dealing extends AutoCloseable {

    /** The dealer party as the hosted parties must pin it: the attested key. */
    PartyEndpoint endpoint();

    Attested attested();

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
