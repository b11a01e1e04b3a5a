package io.mitai.platform.keys;

import io.mitai.platform.asset.domain.KeyWrap;
import io.mitai.platform.asset.persistence.StoredAsset;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;

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

  /** What a rotation did. */
  public record Outcome(String orgId, String kekAlias, int rewrapped, List<String> retired) {}

  public synchronized Outcome rotate(String orgId) {
    String current = vault.rotateKek(orgId);
    int rewrapped = QuarkusTransaction.requiringNew().call(() -> rewrap(orgId, current));
    List<String> retired = new ArrayList<>();
    for (String alias : vault.kekAliases(orgId)) {
      if (!alias.equals(current) && stillReferenced(orgId, alias) == 0) {
        vault.retireKek(orgId, alias);
        retired.add(alias);
      }
    }
    return new Outcome(orgId, current, rewrapped, retired);
  }

  private int rewrap(String orgId, String current) throws java.security.GeneralSecurityException {
    SecretKey newKek = vault.kek(orgId, current);
    List<StoredAsset> assets =
        StoredAsset.<StoredAsset>find(
                "orgId = ?1 and wrappedKey is not null and kekAlias <> ?2", orgId, current)
            .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
            .list();
    for (StoredAsset asset : assets) {
      SecretKey dataKey =
          KeyWrap.unwrap(
              vault.kek(orgId, asset.kekAlias), asset.wrappedKey, asset.id, asset.kekAlias);
      asset.wrappedKey = KeyWrap.wrap(newKek, dataKey, asset.id, current);
      asset.kekAlias = current;
    }
    return assets.size();
  }

  private long stillReferenced(String orgId, String alias) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                StoredAsset.count(
                    "orgId = ?1 and wrappedKey is not null and kekAlias = ?2", orgId, alias));
  }
}
