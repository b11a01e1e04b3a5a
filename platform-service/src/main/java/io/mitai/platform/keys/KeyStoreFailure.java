package io.mitai.platform.keys;

/** A key store could not be read, written or created; the node cannot safely continue. */
public final class KeyStoreFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KeyStoreFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
