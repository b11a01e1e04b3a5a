package io.mitai.platform.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.util.Optional;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, finding 2: no published default protects the key stores. */
class KeystorePasswordTest {

  @TempDir Path dataDir;

  private Path keys() {
    return dataDir.resolve("keys");
  }

  @Test
  void the_sandbox_generates_a_password_of_its_own_in_an_owner_only_file() throws Exception {
    KeyVault vault =
        new KeyVault(dataDir.toString(), "sandbox", Optional.empty(), Optional.empty());
    KeyPair treeHead = vault.treeHeadKey();

    Path file = keys().resolve(KeystorePassword.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String generated = Files.readString(file).strip();
    assertThat(generated)
        .hasSizeGreaterThanOrEqualTo(40)
        .isNotEqualTo(KeystorePassword.OLD_DEFAULT);
    Path store = keys().resolve("node.p12");
    assertThat(opens(store, generated)).isTrue();
    assertThat(opens(store, KeystorePassword.OLD_DEFAULT)).isFalse();

    // The old default configured explicitly is not used either; the same file is.
    KeyVault again =
        new KeyVault(
            dataDir.toString(),
            "sandbox",
            Optional.of(KeystorePassword.OLD_DEFAULT),
            Optional.empty());
    assertThat(again.treeHeadKey().getPublic()).isEqualTo(treeHead.getPublic());
    assertThat(Files.readString(file).strip()).isEqualTo(generated);
  }

  @Test
  void a_federation_node_refuses_a_missing_or_default_password() {
    assertThatThrownBy(
            () ->
                new KeyVault(dataDir.toString(), "federation", Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mitai.keystore.password is not set")
        .hasMessageContaining("MITAI_KEYSTORE_PASSWORD");
    assertThatThrownBy(
            () ->
                new KeyVault(
                    dataDir.toString(),
                    "federation",
                    Optional.of(KeystorePassword.OLD_DEFAULT),
                    Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sandbox default")
        .hasMessageNotContaining("null");
    assertThat(Files.exists(keys().resolve(KeystorePassword.FILE))).isFalse();
    // A password of its own is accepted.
    new KeyVault(
            dataDir.toString(), "federation", Optional.of("a-secret-of-org1"), Optional.empty())
        .treeHeadKey();
  }

  @Test
  void a_sandbox_made_with_the_old_default_is_migrated_at_its_first_start() throws Exception {
    Path store = keys().resolve("org-org1.p12");
    SecretKey kek = oldStore(store, KeystorePassword.OLD_DEFAULT);

    KeyVault vault =
        new KeyVault(dataDir.toString(), "sandbox", Optional.empty(), Optional.empty());

    String generated = Files.readString(keys().resolve(KeystorePassword.FILE)).strip();
    assertThat(opens(store, KeystorePassword.OLD_DEFAULT)).isFalse();
    assertThat(opens(store, generated)).isTrue();
    KeyStore ks = load(store, generated);
    assertThat(ks.getKey("kek-1", generated.toCharArray()).getEncoded())
        .isEqualTo(kek.getEncoded());
    assertThat(vault.organisation("org1").orgId()).isEqualTo("org1");
  }

  @Test
  void rotation_re_encrypts_with_the_new_password_given_the_previous_one() throws Exception {
    Path store = keys().resolve("org-org1.p12");
    SecretKey kek = oldStore(store, "old-secret");
    // Without the previous password, the stores do not open: the node stops.
    assertThatThrownBy(
            () ->
                new KeyVault(
                    dataDir.toString(), "federation", Optional.of("new-secret"), Optional.empty()))
        .isInstanceOf(KeyStoreFailure.class)
        .hasMessageContaining("previous-password");

    new KeyVault(
        dataDir.toString(), "federation", Optional.of("new-secret"), Optional.of("old-secret"));

    assertThat(opens(store, "old-secret")).isFalse();
    assertThat(load(store, "new-secret").getKey("kek-1", "new-secret".toCharArray()).getEncoded())
        .isEqualTo(kek.getEncoded());
  }

  private static SecretKey oldStore(Path file, String password) throws Exception {
    Files.createDirectories(file.getParent());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, password.toCharArray());
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    SecretKey kek = generator.generateKey();
    ks.setEntry(
        "kek-1",
        new KeyStore.SecretKeyEntry(kek),
        new KeyStore.PasswordProtection(password.toCharArray()));
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
    return kek;
  }

  private static KeyStore load(Path file, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password.toCharArray());
    }
    return ks;
  }

  private static boolean opens(Path file, String password) {
    try {
      load(file, password);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
