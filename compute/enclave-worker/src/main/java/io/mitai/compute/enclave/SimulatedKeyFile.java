package io.mitai.compute.enclave;

import io.mitai.compute.tee.simulated.SimulatedPlatformKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated platform's key file: a PKCS#8 {@code PRIVATE KEY} and an X.509 {@code PUBLIC KEY}
 * PEM block (ECDSA P-256), preceded by a comment saying what it is. It stands in for a TEE vendor's
 * attestation key; whoever can read it can forge simulated evidence, which is why simulated
 * evidence is only ever TEE_SIMULATED.
 */
public final class SimulatedKeyFile {
  private SimulatedKeyFile() {}

  /** Reads the key pair. */
  public static SimulatedPlatformKey read(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    KeyFactory ec = KeyFactory.getInstance("EC");
    return SimulatedPlatformKey.of(
        new KeyPair(
            ec.generatePublic(new X509EncodedKeySpec(block(pem, "PUBLIC KEY"))),
            ec.generatePrivate(new PKCS8EncodedKeySpec(block(pem, "PRIVATE KEY")))));
  }

  /** Reads only the public key (what a verifying node needs). */
  public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    return KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(block(pem, "PUBLIC KEY")));
  }

  /** Creates a new key file (owner read/write only where the file system supports it). */
  public static void generate(Path file, SecureRandom random)
      throws IOException, GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    KeyPair kp = g.generateKeyPair();
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    String text =
        "# Mitai SIMULATED TEE platform key - NOT a hardware key; evidence it signs is TEE_SIMULATED\n"
            + "-----BEGIN PRIVATE KEY-----\n"
            + b64.encodeToString(kp.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n"
            + "-----BEGIN PUBLIC KEY-----\n"
            + b64.encodeToString(kp.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the data directory's own permissions apply.
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static byte[] block(String pem, String type) throws IOException {
    Matcher m =
        Pattern.compile(
                "-----BEGIN " + type + "-----([A-Za-z0-9+/=\\s]+)-----END " + type + "-----")
            .matcher(pem);
    if (!m.find()) {
      throw new IOException("no " + type + " PEM block in the simulated key file");
    }
    return Base64.getMimeDecoder().decode(m.group(1));
  }
}
