package io.mitai.platform.tee;

import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.enclave.JobCrypto;
import io.mitai.compute.enclave.WorkerClient;
import io.mitai.compute.ops.JointStatsSpec;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.Nonce;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import io.mitai.contract.Tx;
import io.mitai.contract.model.Algorithm;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.task.domain.Dealer;
import io.mitai.platform.task.session.AttestedDealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The enclave worker as the dealer of a JOINT_STATS session's Beaver triples (TEE-assisted MPC).
 * Before any party trusts it, this node checks that the dealer's measurement is on the ledger's
 * allow-list and verifies its evidence: bound to a fresh nonce and to the TLS key the dealer party
 * will present, at the assurance of the configured platform. The parties then pin that key, so each
 * receives its seeds and correction over TLS to the attested enclave. The session runner uses it
 * through the task package's {@link AttestedDealer}.
 */
@ApplicationScoped
public class EnclaveDealer implements AttestedDealer {

  private static final Logger LOG = Logger.getLogger(EnclaveDealer.class);

  @Inject EnclaveWorkers workers;
  @Inject ContractReads reads;
  @Inject HostedOrganisations hosted;

  private final SecureRandom random = new SecureRandom();

  /** An attested dealer, ready to join the session once the parties have opened it. */
  static final class Dealing implements AttestedDealer.Dealing {
    private final WorkerClient client;
    private final PartyEndpoint endpoint;
    private final Attested attested;
    private final DealerOffer offer;

    Dealing(WorkerClient client, PartyEndpoint endpoint, Attested attested, DealerOffer offer) {
      this.client = client;
      this.endpoint = endpoint;
      this.attested = attested;
      this.offer = offer;
    }

    @Override
    public DealerOffer offer() {
      return offer;
    }

    @Override
    public PartyEndpoint endpoint() {
      return endpoint;
    }

    @Override
    public Attested attested() {
      return attested;
    }

    @Override
    public void deal() throws IOException, EnclaveException {
      client.runDeal();
    }

    @Override
    public void close() {
      client.close();
    }
  }

  @Override
  public Dealing open(String taskId, JointStatsSpec spec, List<PartyEndpoint> parties)
      throws Refused {
    Measurement expected = dealerMeasurement();
    String measurement = expected.value().hex();
    requireAllowListed(measurement);
    EnclaveWorkers.Endpoint worker;
    WorkerClient client;
    try {
      worker = workers.endpoint();
      client =
          WorkerClient.connect(
              worker.host(), worker.port(), worker.certificate(), workers.timeout(), random);
    } catch (IOException e) {
      throw new Refused("the enclave worker cannot be reached: " + e.getMessage(), true);
    }
    try {
      WorkerClient.DealerAttestation a =
          client.openDeal(
              new WorkerClient.DealDescription(taskId, spec, parties, workers.timeout()));
      VerifiedEvidence verified =
          workers
              .verifier()
              .verify(
                  a.evidence(),
                  Expectation.bindingTo(
                      a.nonce(),
                      a.certificate().getPublicKey(),
                      Set.of(expected),
                      workers.assurance()),
                  Instant.now());
      Attested attested =
          new Attested(verified.assurance().name(), measurement, a.evidence().sha256().hex());
      LOG.infof(
          "task %s: enclave dealer attested (%s, evidence %s)",
          taskId, attested.assurance(), attested.evidenceSha256());
      PartyEndpoint dealer =
          new PartyEndpoint(
              spec.roles().dealer().orElseThrow(),
              worker.host(),
              a.port(),
              a.certificate().getPublicKey());
      DealerOffer offer =
          new DealerOffer(
              a.evidence().format().name(),
              Base64.getEncoder().encodeToString(a.evidence().payload().toByteArray()),
              Base64.getEncoder().encodeToString(a.certificate().getEncoded()),
              workers.advertisedHost(worker),
              a.port(),
              a.salt().hex(),
              measurement);
      return new Dealing(client, dealer, attested, offer);
    } catch (EvidenceRejectedException e) {
      client.abort("dealer evidence refused");
      client.close();
      throw refused("the enclave dealer's evidence", e);
    } catch (EnclaveException e) {
      client.close();
      throw new Refused("the enclave worker refused to deal: " + e.describe(), false);
    } catch (IOException e) {
      client.close();
      throw new Refused("the enclave worker connection failed: " + e.getMessage(), true);
    } catch (GeneralSecurityException e) {
      client.close();
      throw new Refused("the evidence verifier is not available: " + e.getMessage(), false);
    }
  }

  @Override
  public PartyEndpoint admit(String taskId, String self, String requester, DealerOffer offer)
      throws Refused {
    Measurement expected = dealerMeasurement();
    String measurement = expected.value().hex();
    if (!measurement.equals(offer.measurement())) {
      throw new Refused(
          "the dealer claims measurement "
              + offer.measurement()
              + ", this node expects "
              + measurement,
          false);
    }
    requireAllowListed(measurement);
    try {
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(Base64.getDecoder().decode(offer.certificate())));
      Evidence evidence =
          new Evidence(
              EvidenceFormat.valueOf(offer.format()),
              Bytes.of(Base64.getDecoder().decode(offer.evidence())));
      Nonce nonce = JobCrypto.dealerNonce(taskId, Bytes.fromHex(offer.salt()));
      VerifiedEvidence verified =
          workers
              .verifierFor(requester, hosted.hosts(requester))
              .verify(
                  evidence,
                  Expectation.bindingTo(
                      nonce, certificate.getPublicKey(), Set.of(expected), workers.assurance()),
                  Instant.now());
      LOG.infof(
          "task %s: %s verified the enclave dealer of %s (%s, measurement %s, evidence %s)",
          taskId, self, requester, verified.assurance(), measurement, evidence.sha256().hex());
      return new PartyEndpoint(
          PartyId.of(Dealer.ENCLAVE_PARTY), offer.host(), offer.port(), certificate.getPublicKey());
    } catch (EvidenceRejectedException e) {
      throw refused("its evidence", e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new Refused("the dealer's offer does not parse: " + e.getMessage(), false);
    } catch (IOException | GeneralSecurityException e) {
      throw new Refused("the evidence verifier is not available: " + e.getMessage(), false);
    }
  }

  /** A refusal naming whose evidence was refused, why (reason and its stable code) and how. */
  private static Refused refused(String whose, EvidenceRejectedException e) {
    return new Refused(
        whose + " was refused: " + e.reason() + " (" + e.reason().code() + "): " + e.getMessage(),
        false);
  }

  /**
   * What the dealer must attest: on the simulated platform the dealer code's own measurement; on
   * hardware the pinned MRENCLAVE of the worker build (the dealer runs in the same enclave image).
   */
  Measurement dealerMeasurement() throws Refused {
    if (workers.measurementKind() == MeasurementKind.CODE_SHA256) {
      return AlgorithmCatalog.dealerMeasurement();
    }
    String pinned =
        workers
            .pinnedMeasurement()
            .orElseThrow(
                () ->
                    new Refused(
                        "an enclave dealer on "
                            + workers.assurance()
                            + " needs the worker build's MRENCLAVE pinned"
                            + " (mitai.tee.worker.mrenclave)",
                        false));
    return new Measurement(MeasurementKind.MRENCLAVE, Bytes.fromHex(pinned));
  }

  private void requireAllowListed(String measurement) throws Refused {
    String reader = hosted.ids().get(0);
    try {
      reads.read(reader, Tx.READ_ALGORITHM, measurement, Algorithm.class);
    } catch (EndorsementException e) {
      throw new Refused(
          "the dealer measurement "
              + measurement
              + " is not on the ledger's algorithm allow-list: "
              + e.getMessage(),
          false);
    }
  }
}
