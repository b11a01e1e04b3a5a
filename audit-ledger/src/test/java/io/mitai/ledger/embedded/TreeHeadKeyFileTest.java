package io.mitai.ledger.embedded;

import static io.mitai.testsupport.TestCertificates.p256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.ledger.LedgerException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeHeadKeyFileTest {

  @TempDir Path dir;

  @Test
  void the_first_call_creates_an_owner_only_file_and_later_calls_read_the_same_key()
      throws Exception {
    Path file = dir.resolve("keys/tree-head.pem");

    KeyPair created = TreeHeadKeyFile.loadOrCreate(file);
    KeyPair read = TreeHeadKeyFile.loadOrCreate(file);

    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(read.getPublic().getEncoded()).isEqualTo(created.getPublic().getEncoded());
    assertThat(read.getPrivate().getEncoded()).isEqualTo(created.getPrivate().getEncoded());
    assertThat(signsAndVerifies(read)).isTrue();
    try (var left = Files.list(file.getParent())) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void processes_starting_together_all_end_up_with_one_key() throws Exception {
    Path file = dir.resolve("tree-head.pem");
    int racers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<KeyPair>> keys = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      Callable<KeyPair> race =
          () -> {
            start.await();
            return TreeHeadKeyFile.loadOrCreate(file);
          };
      keys.add(pool.submit(race));
    }
    start.countDown();
    List<String> publicKeys = new ArrayList<>();
    for (Future<KeyPair> k : keys) {
      publicKeys.add(
          Base64.getEncoder().encodeToString(k.get(30, TimeUnit.SECONDS).getPublic().getEncoded()));
    }
    pool.shutdown();

    assertThat(publicKeys).containsOnly(publicKeys.get(0));
    assertThat(TreeHeadKeyFile.read(file).getPublic().getEncoded())
        .isEqualTo(Base64.getDecoder().decode(publicKeys.get(0)));
  }

  @Test
  void a_key_written_elsewhere_in_pkcs8_is_read_with_its_public_key() throws Exception {
    KeyPair pair = p256();
    Path file = dir.resolve("given.pem");
    Files.writeString(
        file,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n",
        StandardCharsets.US_ASCII);

    KeyPair read = TreeHeadKeyFile.loadOrCreate(file);

    assertThat(read.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
  }

  @Test
  void other_curves_and_other_formats_are_refused() throws Exception {
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    Path other = dir.resolve("p384.pem");
    Files.writeString(
        other,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(p384.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    Path sec1 = dir.resolve("sec1.pem");
    Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");

    assertThatThrownBy(() -> TreeHeadKeyFile.loadOrCreate(other))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("P-256");
    assertThatThrownBy(() -> TreeHeadKeyFile.loadOrCreate(sec1))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("PKCS#8");
  }

  private static boolean signsAndVerifies(KeyPair pair) throws Exception {
    byte[] message = "tree head".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(pair.getPublic());
    verifier.update(message);
    return verifier.verify(signature);
  }
}
