package io.mitai.platform.keys;

import io.mitai.platform.boot.NodeMode;
import io.mitai.platform.boot.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Which password protects the node's PKCS#12 key stores ({@code mitai.keystore.password}), and the
 * re-encryption of stores still under an earlier one.
 *
 * <ul>
 *   <li>Configured, and not the old sandbox default {@value #OLD_DEFAULT}: that password.
 *   <li>Federation ({@code mitai.mode=federation}) without one, or with {@value #OLD_DEFAULT}: the
 *       node refuses to start.
 *   <li>Sandbox without one (or with the old default): a random password kept in {@code
 *       <data-dir>/keys/keystore.password} (0600), created on first start.
 * </ul>
 *
 * A store that does not open with the password but opens with {@code
 * mitai.keystore.previous-password} (or, in the sandbox, with the old default {@value
 * #OLD_DEFAULT}, which every sandbox used before) is re-encrypted with it at start: that is both
 * the migration of old sandboxes and the rotation procedure (docs/operations.md).
 */
public final class KeystorePassword {

  /** The default of earlier versions: public, so never a protection. */
  public static final String OLD_DEFAULT = "mitai-sandbox";

  static final String FILE = "keystore.password";

  private static final Logger LOG = Logger.getLogger(KeystorePassword.class.getName());

  private KeystorePassword() {}

  /** The password to use; creates the sandbox's file if needed. Never logs it. */
  public static String resolve(NodeMode mode, Optional<String> configured, Path keysDirectory) {
    Optional<String> set = configured.filter(p -> !p.isBlank());
    if (set.isPresent() && !set.get().equals(OLD_DEFAULT)) {
      return set.get();
    }
    if (mode == NodeMode.FEDERATION) {
      throw new IllegalStateException(
          set.isPresent()
              ? "mitai.keystore.password is the published sandbox default '"
                  + OLD_DEFAULT
                  + "': a federation node refuses it. Set MITAI_KEYSTORE_PASSWORD to a secret"
                  + " of your own (and mitai.keystore.previous-password to the old one once, to"
                  + " re-encrypt existing key stores); see docs/operations.md#key-store-password"
              : "mitai.keystore.password is not set: a federation node refuses to start without"
                  + " it. Set MITAI_KEYSTORE_PASSWORD to a secret of your own; see"
                  + " docs/operations.md#key-store-password");
    }
    Path file = keysDirectory.resolve(FILE);
    try {
      boolean existed = Files.exists(file);
      String password = Secrets.readOrCreate(file);
      if (!existed) {
        LOG.info("the sandbox's key stores are protected by a generated password in " + file);
      }
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the key-store password " + file, e);
    }
  }

  /**
   * Re-encrypts, with {@code password}, every {@code *.p12} in {@code keysDirectory} that opens
   * only with one of {@code earlier}. A store that opens with none of them stops the node.
   *
   * @return the stores re-encrypted
   */
  public static List<Path> reencrypt(Path keysDirectory, char[] password, Set<String> earlier) {
    List<Path> changed = new ArrayList<>();
    if (!Files.isDirectory(keysDirectory)) {
      return changed;
    }
    try (DirectoryStream<Path> stores = Files.newDirectoryStream(keysDirectory, "*.p12")) {
      for (Path store : stores) {
        if (opens(store, password)) {
          continue;
        }
        Optional<String> old =
            earlier.stream().filter(p -> opens(store, p.toCharArray())).findFirst();
        if (old.isEmpty()) {
          throw new KeyStoreFailure(
              "the key store "
                  + store
                  + " opens neither with mitai.keystore.password nor with"
                  + " mitai.keystore.previous-password",
              null);
        }
        rewrite(store, old.get().toCharArray(), password);
        LOG.info("re-encrypted the key store " + store + " with the current key-store password");
        changed.add(store);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the key stores in " + keysDirectory, e);
    }
    return changed;
  }

  /** The earlier passwords to try: the configured previous one, and the old sandbox default. */
  static Set<String> earlier(NodeMode mode, Optional<String> previous) {
    Set<String> candidates = new LinkedHashSet<>();
    previous.filter(p -> !p.isBlank()).ifPresent(candidates::add);
    if (mode == NodeMode.SANDBOX) {
      candidates.add(OLD_DEFAULT);
    }
    return candidates;
  }

  private static boolean opens(Path file, char[] password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore.getInstance("PKCS12").load(in, password);
      return true;
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  /** Every entry, re-protected with the new password; written beside it and moved into place. */
  private static void rewrite(Path file, char[] oldPassword, char[] newPassword) {
    try {
      KeyStore source = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        source.load(in, oldPassword);
      }
      KeyStore target = KeyStore.getInstance("PKCS12");
      target.load(null, newPassword);
      for (String alias : Collections.list(source.aliases())) {
        if (source.isKeyEntry(alias)) {
          Key key = source.getKey(alias, oldPassword);
          Certificate[] chain = source.getCertificateChain(alias);
          if (chain != null) {
            target.setKeyEntry(alias, key, newPassword, chain);
          } else {
            target.setEntry(
                alias,
                new KeyStore.SecretKeyEntry((javax.crypto.SecretKey) key),
                new KeyStore.PasswordProtection(newPassword));
          }
        } else {
          target.setCertificateEntry(alias, source.getCertificate(alias));
        }
      }
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        target.store(out, newPassword);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyStoreFailure("the key store " + file + " could not be re-encrypted", e);
    }
  }
}
