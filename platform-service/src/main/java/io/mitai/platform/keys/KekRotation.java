package io.mitai.platform.keys;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Rotates an organisation's key-encryption key: a new KEK becomes current, every live data key of
 * the organisation is re-wrapped under it in one database transaction, and only then are older KEKs
 * that no data key refers to any more deleted from the key store. A crash at any point leaves every
 * data key wrapped by a KEK that still exists; running the rotation again finishes it. The data
 * keys themselves, and so the ciphertext, do not change.
 */
@ApplicationScoped
public class KekRotation {

  @Inject KeyVault vault;
  @Inject WrappedDataKeys dataKeys;

  /** What a rotation did. */
  public record Outcome(String orgId, String kekAlias, int rewrapped, List<String> retired) {}

  public synchronized Outcome rotate(String orgId) {
    String current = vault.rotateKek(orgId);
    int rewrapped =
        QuarkusTransaction.requiringNew().call(() -> dataKeys.rewrapAll(orgId, current));
    List<String> retired = new ArrayList<>();
    for (String alias : vault.kekAliases(orgId)) {
      if (!alias.equals(current) && stillReferenced(orgId, alias) == 0) {
        vault.retireKek(orgId, alias);
        retired.add(alias);
      }
    }
    return new Outcome(orgId, current, rewrapped, retired);
  }

  private long stillReferenced(String orgId, String alias) {
    return QuarkusTransaction.requiringNew().call(() -> dataKeys.wrappedUnder(orgId, alias));
  }
}
