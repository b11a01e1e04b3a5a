package io.mitai.platform.keys;

import java.security.GeneralSecurityException;

/**
 * The data keys wrapped under an organisation's key-encryption keys. The package that keeps the
 * data (asset) implements it, so {@link KekRotation} rotates KEKs without depending on what the
 * data keys protect: the keys sit below the assets.
 */
public interface WrappedDataKeys {

  /**
   * Re-wraps under the KEK {@code currentAlias} every live data key of the organisation that is
   * wrapped under another KEK, locking them, in the caller's transaction.
   *
   * @return how many data keys were re-wrapped
   */
  int rewrapAll(String orgId, String currentAlias) throws GeneralSecurityException;

  /** How many live data keys of the organisation are still wrapped under the KEK {@code alias}. */
  long wrappedUnder(String orgId, String alias);
}
