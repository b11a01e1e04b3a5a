package io.mitai.platform.tee;

import io.mitai.contract.Tx;
import io.mitai.contract.model.Assurance;
import io.mitai.contract.model.ComputeCentre;
import io.mitai.contract.model.ComputeCentreRequest;
import io.mitai.ledger.LedgerException;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.keys.Pem;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.outbox.ContractLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes this node a compute centre ({@code mitai.tee.centre.enabled}): it starts its enclave worker
 * and keeps the ledger's record of it current — worker endpoint ({@code
 * mitai.tee.worker.advertised-host}, default the worker's host, and its port), the certificate
 * other nodes pin, the assurance it attests at. Checked every few seconds, so a worker that was
 * restarted (new port, new certificate) is registered again, and a registration that had to wait
 * for the organisation's own record goes through once that is on the ledger.
 */
@ApplicationScoped
public class CentreRegistration {

  private static final Logger LOG = Logger.getLogger(CentreRegistration.class);

  @ConfigProperty(name = "mitai.tee.centre.enabled", defaultValue = "false")
  boolean enabled;

  /** The centre's organisation; default: the one organisation this node hosts. */
  @ConfigProperty(name = "mitai.tee.centre.organisation")
  Optional<String> organisation;

  @Inject EnclaveWorkers workers;
  @Inject HostedOrganisations hosted;
  @Inject ContractReads reads;
  @Inject ContractLedger contract;

  /** What the ledger was last seen or made to hold for this node's centre. */
  private volatile ComputeCentreRequest registered;

  @Scheduled(
      every = "${mitai.tee.centre.check-every:5s}",
      delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void keepRegistered() {
    if (!enabled) {
      return;
    }
    String org = organisation.orElseGet(() -> hosted.ids().get(0));
    try {
      EnclaveWorkers.Endpoint endpoint = workers.endpoint();
      ComputeCentreRequest wanted =
          new ComputeCentreRequest(
              workers.advertisedHost(endpoint) + ":" + endpoint.port(),
              Pem.certificate(endpoint.certificate()),
              Assurance.valueOf(workers.assurance().name()));
      if (wanted.equals(registered)) {
        return; // only this node writes its centre's record: nothing changed since
      }
      Optional<ComputeCentre> current =
          reads.find(org, Tx.READ_COMPUTE_CENTRE, org, ComputeCentre.class);
      if (current.isPresent()
          && current.get().workerEndpoint().equals(wanted.workerEndpoint())
          && current.get().workerCertificate().equals(wanted.workerCertificate())
          && current.get().assurance() == wanted.assurance()) {
        registered = wanted;
        return;
      }
      LedgerWrite w = contract.registerComputeCentre(org, wanted);
      if (w.isDone()) {
        registered = wanted;
      }
      LOG.infof(
          "compute centre %s: worker %s registered on the ledger: %s",
          org, wanted.workerEndpoint(), w.state());
    } catch (IOException | LedgerException e) {
      LOG.infof("compute centre %s: not registered yet (%s); trying again", org, e.getMessage());
    }
  }
}
