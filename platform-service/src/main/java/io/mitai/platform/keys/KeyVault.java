package io.mitai.platform.keys;

import io.mitai.platform.boot.NodeMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's key stores: PKCS#12 files under {@code <mitai.data-dir>/keys}, protected by {@code
 * mitai.keystore.password} (see {@link KeystorePassword}: a generated one in the sandbox; a
 * federation node refuses to start without one of its own).
 *
 * <ul>
 *   <li>{@code node.p12} holds {@code tree-head}, the embedded ledger's tree-head signing key.
 *   <li>{@code org-<id>.p12} per organisation holds {@code identity} (ECDSA P-256 key and
 *       self-signed certificate: the ledger identity) and the AES-256 key-encryption keys {@code
 *       kek-1}, {@code kek-2}, ...; the highest number is current, older ones unwrap data keys not
 *       yet re-wrapped.
 * </ul>
 *
 * Keys are generated with Bouncy Castle on first use and never leave these files unencrypted.
 */
@ApplicationScoped
@Startup
public class KeyVault {

  static final String TREE_HEAD = "tree-head";
  static final String IDENTITY = "identity";
  static final String KEK_PREFIX = "kek-";
  static final String RESULT_KEY = "result-x25519";
  private static final Pattern KEK_ALIAS = Pattern.compile("kek-([1-9][0-9]{0,8})");
  private static final Duration CERT_VALIDITY = Duration.ofDays(3650);

  private final Path directory;
  private final char[] password;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, OrgKeys> identities = new ConcurrentHashMap<>();

  public KeyVault(
      @ConfigProperty(name = "mitai.data-dir", defaultValue = "./data") String dataDir,
      @ConfigProperty(name = "mitai.mode", defaultValue = "sandbox") String mode,
      @ConfigProperty(name = "mitai.keystore.password") Optional<String> password,
      @ConfigProperty(name = "mitai.keystore.previous-password") Optional<String> previous) {
    this.directory = Path.of(dataDir, "keys").toAbsolutePath().normalize();
    NodeMode nodeMode = NodeMode.parse(mode);
    this.password = KeystorePassword.resolve(nodeMode, password, directory).toCharArray();
    KeystorePassword.reencrypt(
        directory, this.password, KeystorePassword.earlier(nodeMode, previous));
  }

  /** The embedded ledger's tree-head signing key, created on first use. */
  public synchronized KeyPair treeHeadKey() {
    Path file = directory.resolve("node.p12");
    KeyStore store = load(file);
    try {
      if (!store.containsAlias(TREE_HEAD)) {
        KeyPair pair = newEcKeyPair();
        store.setKeyEntry(
            TREE_HEAD,
            pair.getPrivate(),
            password,
            new Certificate[] {selfSigned(pair, "CN=Mitai ledger tree head")});
        save(store, file);
      }
      return new KeyPair(
          store.getCertificate(TREE_HEAD).getPublicKey(),
          (PrivateKey) store.getKey(TREE_HEAD, password));
    } catch (GeneralSecurityException e) {
      throw new KeyStoreFailure("the tree-head key in " + file + " is unusable", e);
    }
  }

  /** The organisation's identity, generated with a first key-encryption key on first use. */
  public OrgKeys organisation(String orgId) {
    return identities.computeIfAbsent(orgId, this::loadOrCreateOrganisation);
  }

  private synchronized OrgKeys loadOrCreateOrganisation(String orgId) {
    Path file = orgFile(orgId);
    KeyStore store = load(file);
    try {
      boolean changed = false;
      if (!store.containsAlias(IDENTITY)) {
        KeyPair pair = newEcKeyPair();
        store.setKeyEntry(
            IDENTITY,
            pair.getPrivate(),
            password,
            new Certificate[] {selfSigned(pair, "CN=" + orgId + ",O=" + orgId + ",OU=mitai")});
        changed = true;
      }
      if (kekAliases(store).isEmpty()) {
        store.setEntry(
            KEK_PREFIX + 1,
            new KeyStore.SecretKeyEntry(newAesKey()),
            new KeyStore.PasswordProtection(password));
        changed = true;
      }
      if (changed) {
        save(store, file);
      }
      X509Certificate certificate = (X509Certificate) store.getCertificate(IDENTITY);
      PrivateKey key = (PrivateKey) store.getKey(IDENTITY, password);
      return new OrgKeys(orgId, new KeyPair(certificate.getPublicKey(), key), certificate);
    } catch (GeneralSecurityException e) {
      throw new KeyStoreFailure("the key store " + file + " is unusable", e);
    }
  }

  /**
   * The organisation's X25519 result key, created on first use. Stored as a private-key entry whose
   * certificate (subject {@code CN=<org> result key}) is signed by the organisation's identity key,
   * so the public half is bound to the organisation.
   */
  public synchronized ResultKey resultKey(String orgId) {
    OrgKeys identity = organisation(orgId);
    Path file = orgFile(orgId);
    KeyStore store = load(file);
    try {
      if (!store.containsAlias(RESULT_KEY)) {
        KeyPair pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        X509Certificate certificate =
            certificate(
                pair.getPublic(),
                new X500Name("CN=" + orgId + " result key,O=" + orgId + ",OU=mitai"),
                identity.identity().getPrivate(),
                X500Name.getInstance(
                    identity.certificate().getSubjectX500Principal().getEncoded()));
        store.setKeyEntry(
            RESULT_KEY,
            pair.getPrivate(),
            password,
            new Certificate[] {certificate, identity.certificate()});
        save(store, file);
      }
      return ResultKey.of(
          (PrivateKey) store.getKey(RESULT_KEY, password),
          store.getCertificate(RESULT_KEY).getPublicKey());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new KeyStoreFailure("the result key in " + file + " is unusable", e);
    }
  }

  /** The alias of the organisation's current key-encryption key. */
  public synchronized String currentKek(String orgId) {
    organisation(orgId);
    List<String> aliases = kekAliases(load(orgFile(orgId)));
    return aliases.get(aliases.size() - 1);
  }

  /** A key-encryption key by alias. */
  public synchronized SecretKey kek(String orgId, String alias) {
    Path file = orgFile(orgId);
    try {
      KeyStore store = load(file);
      if (!KEK_ALIAS.matcher(alias).matches() || !store.containsAlias(alias)) {
        throw new KeyStoreFailure(
            "organisation " + orgId + " has no key-encryption key '" + alias + "'", null);
      }
      return (SecretKey) store.getKey(alias, password);
    } catch (GeneralSecurityException e) {
      throw new KeyStoreFailure("the key store " + file + " is unusable", e);
    }
  }

  /** Adds a new key-encryption key, which becomes current; returns its alias. */
  public synchronized String rotateKek(String orgId) {
    organisation(orgId);
    Path file = orgFile(orgId);
    KeyStore store = load(file);
    List<String> aliases = kekAliases(store);
    Matcher last = KEK_ALIAS.matcher(aliases.get(aliases.size() - 1));
    if (!last.matches()) {
      throw new IllegalStateException("unexpected alias " + aliases);
    }
    String alias = KEK_PREFIX + (Integer.parseInt(last.group(1)) + 1);
    try {
      store.setEntry(
          alias,
          new KeyStore.SecretKeyEntry(newAesKey()),
          new KeyStore.PasswordProtection(password));
    } catch (GeneralSecurityException e) {
      throw new KeyStoreFailure("a new key-encryption key could not be stored", e);
    }
    save(store, file);
    return alias;
  }

  /** The aliases of the organisation's key-encryption keys, oldest first; the last is current. */
  public synchronized List<String> kekAliases(String orgId) {
    organisation(orgId);
    return kekAliases(load(orgFile(orgId)));
  }

  /** Deletes a retired key-encryption key once no data key is wrapped by it any more. */
  public synchronized void retireKek(String orgId, String alias) {
    Path file = orgFile(orgId);
    KeyStore store = load(file);
    try {
      if (alias.equals(currentKek(orgId))) {
        throw new IllegalArgumentException("the current key-encryption key cannot be retired");
      }
      store.deleteEntry(alias);
    } catch (GeneralSecurityException e) {
      throw new KeyStoreFailure("a key-encryption key could not be deleted", e);
    }
    save(store, file);
  }

  private Path orgFile(String orgId) {
    if (!orgId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("not an organisation id: " + orgId);
    }
    return directory.resolve("org-" + orgId + ".p12");
  }

  private static List<String> kekAliases(KeyStore store) {
    try {
      List<Integer> numbers = new ArrayList<>();
      for (String alias : Collections.list(store.aliases())) {
        Matcher m = KEK_ALIAS.matcher(alias);
        if (m.matches()) {
          numbers.add(Integer.parseInt(m.group(1)));
        }
      }
      Collections.sort(numbers);
      return numbers.stream().map(n -> KEK_PREFIX + n).toList();
    } catch (GeneralSecurityException e) {
      throw new KeyStoreFailure("a key store could not be listed", e);
    }
  }

  private KeyStore load(Path file) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          store.load(in, password);
        }
      } else {
        store.load(null, password);
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyStoreFailure(
          "the key store " + file + " cannot be opened (wrong mitai.keystore.password?)", e);
    }
  }

  private void save(KeyStore store, Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        store.store(out, password);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyStoreFailure("the key store " + file + " could not be written", e);
    }
  }

  private KeyPair newEcKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  private SecretKey newAesKey() throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256, random);
    return generator.generateKey();
  }

  private X509Certificate selfSigned(KeyPair pair, String subject) throws GeneralSecurityException {
    X500Name name = new X500Name(subject);
    return certificate(pair.getPublic(), name, pair.getPrivate(), name);
  }

  private X509Certificate certificate(
      PublicKey subjectKey, X500Name subject, PrivateKey issuerKey, X500Name issuer)
      throws GeneralSecurityException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(128, random),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(CERT_VALIDITY)),
            subject,
            subjectKey);
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("the certificate could not be signed", e);
    }
  }
}
