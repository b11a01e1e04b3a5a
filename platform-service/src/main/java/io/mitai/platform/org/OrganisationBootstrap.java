package io.mitai.platform.org;

import io.mitai.contract.Tx;
import io.mitai.contract.model.Organisation;
import io.mitai.contract.model.OrganisationRequest;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.keys.OrgKeys;
import io.mitai.platform.keys.Pem;
import io.mitai.platform.ledger.ContractReads;
import io.mitai.platform.outbox.ContractLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.security.DemoExposure;
import io.mitai.platform.security.DemoUsers;
import io.mitai.platform.task.session.PartyNetwork;
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
 * At start: seeds the demo users of the hosted organisations, makes sure every hosted organisation
 * has its keys, and registers on the ledger each organisation that is not registered yet, or whose
 * record no longer names this node's endpoint or the organisation's key (through the outbox, so a
 * ledger that is down only delays it). In federation the endpoint is the party's {@code
 * grpcs://host:port}, which the other organisations' nodes dial.
 */
@ApplicationScoped
public class OrganisationBootstrap {

  private static final Logger LOG = Logger.getLogger(OrganisationBootstrap.class);

  @Inject HostedOrganisations hosted;
  @Inject KeyVault keys;
  @Inject ContractReads reads;
  @Inject ContractLedger contract;
  @Inject DemoUsers demoUsers;

  @ConfigProperty(name = "mitai.demo.enabled", defaultValue = "true")
  boolean demo;

  @ConfigProperty(name = "mitai.demo.password", defaultValue = "mitai-demo")
  String demoPassword;

  @ConfigProperty(name = "mitai.security.bcrypt-cost", defaultValue = "10")
  int bcryptCost;

  @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1")
  String httpHost;

  @Inject PartyNetwork network;

  void onStart(@Observes @Priority(20) StartupEvent event) {
    DemoExposure.refusal(demo, httpHost)
        .ifPresent(
            refusal -> {
              LOG.error(refusal);
              throw new IllegalStateException(refusal);
            });
    if (demo) {
      demoUsers.seed(demoPassword, bcryptCost, hosted.ids());
    }
    for (String orgId : hosted.ids()) {
      OrgKeys orgKeys = keys.organisation(orgId);
      OrganisationRequest registration;
      try {
        registration = registration(orgKeys);
      } catch (ChaincodeException e) {
        // The contract's own check of the registration, as the ledger would refuse it: the node
        // still serves, the organisation stays as the registry has it.
        LOG.errorf("organisation %s cannot register: %s", orgId, e.getMessage());
        continue;
      }
      if (!registered(orgKeys).filter(r -> sameRegistration(r, registration)).isPresent()) {
        LedgerWrite write = contract.registerOrganisation(orgId, registration);
        LOG.infof(
            "organisation %s registration at %s: %s (%s)",
            orgId, registration.endpoint(), write.state(), write.txId());
      }
    }
  }

  /** The organisation's record on the ledger, if it is registered. */
  private Optional<Organisation> registered(OrgKeys orgKeys) {
    String orgId = orgKeys.orgId();
    return reads.find(orgId, Tx.READ_ORGANISATION, orgId, Organisation.class);
  }

  private static boolean sameRegistration(Organisation onLedger, OrganisationRequest wanted) {
    return onLedger.endpoint().equals(wanted.endpoint())
        && onLedger.publicKey().equals(wanted.publicKey());
  }

  private OrganisationRequest registration(OrgKeys orgKeys) {
    return new OrganisationRequest(
        orgKeys.orgId(),
        displayName(orgKeys.orgId()),
        network.publishedEndpoint(orgKeys.orgId()),
        Pem.publicKey(orgKeys.identity().getPublic()));
  }

  private String displayName(String orgId) {
    return demo && HostedOrganisations.DEMO.contains(orgId) ? "Demo organisation " + orgId : orgId;
  }
}
