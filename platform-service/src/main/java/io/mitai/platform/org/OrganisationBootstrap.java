package io.mitai.platform.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mitai.ledger.EndorsementException;
import io.mitai.platform.keys.HostedOrganisations;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.keys.OrgKeys;
import io.mitai.platform.keys.Pem;
import io.mitai.platform.ledger.GuardedLedger;
import io.mitai.platform.outbox.LedgerWrite;
import io.mitai.platform.outbox.Outbox;
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
      ObjectNode registration = registration(orgKeys);
      if (!registered(orgKeys).filter(r -> sameRegistration(r, registration)).isPresent()) {
        LedgerWrite write = outbox.submit(orgId, "RegisterOrganisation", registration.toString());
        LOG.infof(
            "organisation %s registration at %s: %s (%s)",
            orgId, registration.path("endpoint").asText(), write.state(), write.txId());
      }
    }
  }

  /** The organisation's record on the ledger, if it is registered. */
  private Optional<JsonNode> registered(OrgKeys orgKeys) {
    try {
      String record =
          ledger.evaluate(hosted.identity(orgKeys.orgId()), "ReadOrganisation", orgKeys.orgId());
      return Optional.of(json.readTree(record));
    } catch (EndorsementException e) {
      if (e.errorCode().filter("NOT_FOUND"::equals).isPresent()) {
        return Optional.empty();
      }
      throw e;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the ledger's organisation record is unreadable", e);
    }
  }

  private static boolean sameRegistration(JsonNode onLedger, ObjectNode wanted) {
    return onLedger.path("endpoint").asText().equals(wanted.path("endpoint").asText())
        && onLedger.path("publicKey").asText().equals(wanted.path("publicKey").asText());
  }

  private ObjectNode registration(OrgKeys orgKeys) {
    ObjectNode request = json.createObjectNode();
    request.put("id", orgKeys.orgId());
    request.put("displayName", displayName(orgKeys.orgId()));
    request.put("endpoint", network.publishedEndpoint(orgKeys.orgId()));
    request.put("publicKey", Pem.publicKey(orgKeys.identity().getPublic()));
    return request;
  }

  private String displayName(String orgId) {
    return demo && HostedOrganisations.DEMO.contains(orgId) ? "Demo organisation " + orgId : orgId;
  }
}
