package io.mitai.platform.tee;

import io.mitai.compute.enclave.AlgorithmCatalog;
import io.mitai.contract.Tx;
import io.mitai.contract.model.Algorithm;
import io.mitai.contract.model.AlgorithmRequest;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.outbox.ContractLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.jboss.logging.Logger;

/**
 * Publishes the worker's built-in algorithms on the ledger's allow-list at start: for each one
 * whose measurement (computed from the classes this node ships to its worker) is not registered
 * yet, {@code RegisterAlgorithm} through the outbox, as {@code mitai.tee.publisher} (default: the
 * first hosted organisation). A registered record never changes, so this runs once per build. Only
 * for the simulated platform: a Gramine build's MRENCLAVE is published by whoever built and
 * reviewed it (docs/tee.md).
 */
@ApplicationScoped
public class TeeAlgorithmPublisher {

  private static final Logger LOG = Logger.getLogger(TeeAlgorithmPublisher.class);

  @Inject TeeTasks tee;
  @Inject EnclaveWorkers workers;
  @Inject ContractLedger contract;
  @Inject ContractReads reads;
  @Inject HostedOrganisations hosted;

  @ConfigProperty(name = "mitai.tee.publisher")
  Optional<String> publisher;

  void onStart(@Observes @Priority(30) StartupEvent event) {
    if (!workers.enabled()
        || workers.measurementKind() != io.mitai.compute.tee.evidence.MeasurementKind.CODE_SHA256) {
      return;
    }
    String org = publisher.orElse(hosted.ids().get(0));
    AlgorithmCatalog catalog;
    try {
      catalog = tee.catalog();
    } catch (RuntimeException e) {
      // The node still serves everything else; TEE jobs will be refused at planning.
      LOG.error("cannot measure the enclave worker's code; TEE algorithms not published", e);
      return;
    }
    for (AlgorithmCatalog.Entry e : catalog.entries()) {
      publish(
          org,
          e.algorithm().name(),
          e.algorithm().version(),
          e.measurement().value().hex(),
          e.algorithm().description());
    }
    // The JOINT_STATS dealer role too: parties trust an enclave dealer only with this on the list.
    publish(
        org,
        AlgorithmCatalog.DEALER_NAME,
        AlgorithmCatalog.DEALER_VERSION,
        AlgorithmCatalog.dealerMeasurement().value().hex(),
        "Deals Beaver triples for JOINT_STATS over attested TLS; sees no input and no opening");
  }

  private void publish(
      String org, String name, String version, String measurement, String description) {
    if (registered(org, measurement)) {
      return;
    }
    AlgorithmRequest request;
    try {
      request = new AlgorithmRequest(name, version, measurement, description);
    } catch (ChaincodeException e) {
      // As the ledger would refuse it: the node still serves, this algorithm stays unlisted.
      LOG.errorf("TEE algorithm %s %s not published: %s", name, version, e.getMessage());
      return;
    }
    LedgerWrite write = contract.registerAlgorithm(org, request);
    LOG.infof(
        "TEE algorithm %s %s (measurement %s) published by %s: %s",
        name, version, measurement, org, write.state());
  }

  private boolean registered(String org, String measurement) {
    return reads.find(org, Tx.READ_ALGORITHM, measurement, Algorithm.class).isPresent();
  }
}
