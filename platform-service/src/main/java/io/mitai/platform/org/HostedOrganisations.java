package io.mitai.platform.org;

import io.mitai.ledger.LedgerIdentity;
import io.mitai.platform.keys.KeyVault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The organisations this node hosts: {@code mitai.organisations}, or org1, org2 and org3 in the
 * demo sandbox. Each has its own keys in the {@link KeyVault} and acts on the ledger as itself.
 */
@ApplicationScoped
public class HostedOrganisations {

  static final List<String> DEMO = List.of("org1", "org2", "org3");

  @Inject KeyVault keys;

  @ConfigProperty(name = "mitai.organisations")
  Optional<List<String>> configured;

  @ConfigProperty(name = "mitai.demo.enabled", defaultValue = "true")
  boolean demo;

  public List<String> ids() {
    List<String> ids = configured.orElse(demo ? DEMO : List.of());
    if (ids.isEmpty()) {
      throw new IllegalStateException(
          "this node hosts no organisation: set mitai.organisations (or mitai.demo.enabled)");
    }
    return ids;
  }

  public boolean hosts(String orgId) {
    return ids().contains(orgId);
  }

  public LedgerIdentity identity(String orgId) {
    return keys.organisation(orgId).ledgerIdentity();
  }
}
