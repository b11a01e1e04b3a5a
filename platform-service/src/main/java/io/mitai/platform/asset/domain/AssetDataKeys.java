package io.mitai.platform.asset.domain;

import io.mitai.platform.asset.persistence.StoredAsset;
import io.mitai.platform.keys.KeyVault;
import io.mitai.platform.keys.WrappedDataKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.SecretKey;

/** The assets' data keys, for the key package's KEK rotation ({@link WrappedDataKeys}). */
@ApplicationScoped
public class AssetDataKeys implements WrappedDataKeys {

  @Inject KeyVault vault;

  @Override
  public int rewrapAll(String orgId, String currentAlias) throws GeneralSecurityException {
    SecretKey newKek = vault.kek(orgId, currentAlias);
    List<StoredAsset> assets =
        StoredAsset.<StoredAsset>find(
                "orgId = ?1 and wrappedKey is not null and kekAlias <> ?2", orgId, currentAlias)
            .withLock(LockModeType.PESSIMISTIC_WRITE)
            .list();
    for (StoredAsset asset : assets) {
      SecretKey dataKey =
          KeyWrap.unwrap(
              vault.kek(orgId, asset.kekAlias), asset.wrappedKey, asset.id, asset.kekAlias);
      asset.wrappedKey = KeyWrap.wrap(newKek, dataKey, asset.id, currentAlias);
      asset.kekAlias = currentAlias;
    }
    return assets.size();
  }

  @Override
  public long wrappedUnder(String orgId, String alias) {
    return StoredAsset.count(
        "orgId = ?1 and wrappedKey is not null and kekAlias = ?2", orgId, alias);
  }
}
