package io.mitai.platform.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.keys.OrgKeys;
import io.mitai.platform.keys.Pem;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.outbox.Outbox;
import io.mitai.platform.security.DemoUsers;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * At start: seeds the demo users (sandbox), makes sure every hosted organisation has its keys, and
 * registers on the ledger each organisation that is not registered yet (through the outbox, so a
 * ledger that is down only delays it).
 */
@ApplicationScoped
public class OrganisationBootstrap {

  private static final Logger LOG = Logger.getLogger(OrganisationBootstrap.class);

  @Inject HostedOrganisations hosted;
  @Inject KeyVault keys;
  @Inject GuardedLedger ledger;
  @Inject Outbox outbox;
  @Inject DemoUsers demoUsers;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "mitai.demo.enabled", defaultValue = "true")
  boolean demo;

  @ConfigProperty(name = "mitai.demo.password", defaultValue = "mitai-demo")
  String demoPassword;

  @ConfigProperty(name = "mitai.security.bcrypt-cost", defaultValue = "10")
  int bcryptCost;

  @ConfigProperty(name = "mitai.node.endpoint", defaultValue = "http://127.0.0.1:8080")
  String endpoint;

  void onStart(@Observes @Priority(20) StartupEvent event) {
    if (demo) {
      demoUsers.seed(demoPassword, bcryptCost);
    }
    for (String orgId : hosted.ids()) {
      OrgKeys orgKeys = keys.organisation(orgId);
      if (!registered(orgKeys)) {
        LedgerWrite write = outbox.submit(orgId, "RegisterOrganisation", registration(orgKeys));
        LOG.infof("organisation %s registration: %s (%s)", orgId, write.state(), write.txId());
      }
    }
  }

  private boolean registered(OrgKeys orgKeys) {
    try {
      ledger.evaluate(hosted.identity(orgKeys.orgId()), "ReadOrganisation", orgKeys.orgId());
      return true;
    } catch (EndorsementException e) {
      if (e.errorCode().filter("NOT_FOUND"::equals).isPresent()) {
        return false;
      }
      throw e;
    }
  }

  private String registration(OrgKeys orgKeys) {
    ObjectNode request = json.createObjectNode();
    request.put("id", orgKeys.orgId());
    request.put("displayName", displayName(orgKeys.orgId()));
    request.put("endpoint", endpoint);
    request.put("publicKey", Pem.publicKey(orgKeys.identity().getPublic()));
    try {
      return json.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String displayName(String orgId) {
    return demo && HostedOrganisations.DEMO.contains(orgId) ? "Demo organisation " + orgId : orgId;
  }
}
