package io.mitai.platform.keys;

import io.mitai.ledger.LedgerIdentity;
import io.mitai.ledger.fabric.FabricConnections;
import io.mitai.platform.boot.NodeMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The organisations this node hosts: {@code mitai.organisations}, or org1, org2 and org3 in the
 * demo sandbox. In federation mode ({@link NodeMode#FEDERATION}) exactly one, which must be
 * configured. Each has its own keys in the {@link KeyVault} and acts on the ledger as itself.
 *
 * <p>{@link #identity(String)} is the one place where an organisation's ledger identity comes from:
 * on the embedded ledger its certificate and key from the key vault; on Fabric ({@code
 * mitai.ledger=fabric}) its MSP identity files {@code mitai.fabric.identities."<org>".certificate}
 * and {@code .private-key} (MSP ID = organisation id).
 */
@ApplicationScoped
public class HostedOrganisations {

  /** The demo sandbox's organisations, hosted when none are configured. */
  public static final List<String> DEMO = List.of("org1", "org2", "org3");

  @Inject KeyVault keys;

  @ConfigProperty(name = "mitai.organisations")
  Optional<List<String>> configured;

  @ConfigProperty(name = "mitai.demo.enabled", defaultValue = "true")
  boolean demo;

  @ConfigProperty(name = "mitai.ledger", defaultValue = "embedded")
  String ledgerKind;

  @ConfigProperty(name = "mitai.mode", defaultValue = "sandbox")
  String mode;

  private final Map<String, LedgerIdentity> fabricIdentities = new ConcurrentHashMap<>();

  public NodeMode mode() {
    return NodeMode.parse(mode);
  }

  public List<String> ids() {
    if (mode() == NodeMode.FEDERATION) {
      List<String> ids = configured.orElse(List.of());
      if (ids.size() != 1) {
        throw new IllegalStateException(
            "mitai.mode=federation: a node hosts exactly one organisation; set"
                + " mitai.organisations to its id (it is "
                + ids
                + ")");
      }
      return ids;
    }
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

  /** The identity the organisation signs its ledger transactions with. */
  public LedgerIdentity identity(String orgId) {
    if ("fabric".equals(ledgerKind)) {
      return fabricIdentities.computeIfAbsent(orgId, HostedOrganisations::fabricIdentity);
    }
    return keys.organisation(orgId).ledgerIdentity();
  }

  private static LedgerIdentity fabricIdentity(String orgId) {
    Path certificate = identityFile(orgId, "certificate");
    Path privateKey = identityFile(orgId, "private-key");
    try {
      return FabricConnections.identity(orgId, certificate, privateKey);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the Fabric identity of organisation "
              + orgId
              + " cannot be read from "
              + certificate
              + " and "
              + privateKey
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static Path identityFile(String orgId, String kind) {
    String property = "mitai.fabric.identities.\"" + orgId + "\"." + kind;
    Path path =
        ConfigProvider.getConfig()
            .getOptionalValue(property, String.class)
            .map(Path::of)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "mitai.ledger=fabric: organisation "
                            + orgId
                            + " has no Fabric identity; set "
                            + property
                            + " (a PEM file)"));
    if (!Files.isReadable(path)) {
      throw new IllegalStateException(
          "mitai.ledger=fabric: " + property + " = " + path + " is not a readable file");
    }
    return path;
  }
}
