package io.mitai.ledger.embedded;

import io.mitai.ledger.LedgerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * The tree-head signing key kept in a file, so that several processes writing one shared embedded
 * ledger sign with the same key (the ledger pins the first key it sees and refuses any other).
 *
 * <p>The file holds an unencrypted PKCS#8 EC P-256 private key in PEM ({@code -----BEGIN PRIVATE
 * KEY-----}), as {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} writes it.
 * Protect it like any signing key: whoever reads it can sign tree heads for the ledger.
 */
public final class TreeHeadKeyFile {

  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";
  private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");

  private TreeHeadKeyFile() {}

  /**
   * Reads the key in {@code file}, or, if there is no such file, generates one and creates the file
   * atomically (owner read/write only where the file system has POSIX permissions): of several
   * processes starting together exactly one creates it and all use its key.
   *
   * @throws LedgerException the file exists but does not hold a PKCS#8 P-256 private key
   * @throws UncheckedIOException the file cannot be read or created
   */
  public static KeyPair loadOrCreate(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      KeyPair generated = generate();
      return create(file, generated) ? generated : read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("the tree-head key file " + file + " cannot be used", e);
    }
  }

  /** Reads the key pair from {@code file} (the public key is derived from the private one). */
  public static KeyPair read(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new LedgerException(
          "the tree-head key file "
              + file
              + " is not a PKCS#8 PEM private key (convert one with"
              + " 'openssl pkcs8 -topk8 -nocrypt')");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new LedgerException("the tree-head key file " + file + " is not valid PEM", e);
    }
    try {
      KeyFactory ec = KeyFactory.getInstance("EC");
      if (!(ec.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof ECPrivateKey key)
          || !isP256(key.getParams())) {
        throw new LedgerException("the tree-head key in " + file + " is not an EC P-256 key");
      }
      return new KeyPair(publicKeyOf(ec, key), key);
    } catch (GeneralSecurityException e) {
      throw new LedgerException(
          "the tree-head key in " + file + " is not an EC P-256 PKCS#8 private key", e);
    }
  }

  private static boolean isP256(ECParameterSpec params) {
    return params.getOrder().equals(P256.getN())
        && params.getGenerator().getAffineX().equals(P256.getG().getAffineXCoord().toBigInteger())
        && params.getGenerator().getAffineY().equals(P256.getG().getAffineYCoord().toBigInteger());
  }

  /** Q = d·G: PKCS#8 need not carry the public key, and the ledger pins the public key. */
  private static PublicKey publicKeyOf(KeyFactory ec, ECPrivateKey key)
      throws GeneralSecurityException {
    org.bouncycastle.math.ec.ECPoint q = P256.getG().multiply(key.getS()).normalize();
    BigInteger x = q.getAffineXCoord().toBigInteger();
    BigInteger y = q.getAffineYCoord().toBigInteger();
    return ec.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), key.getParams()));
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides EC P-256", e);
    }
  }

  /**
   * Writes {@code pair} to a private temporary file next to {@code file}, then links it in under
   * its name: {@code link(2)} fails if the name exists, so a reader never sees a half-written key
   * and a process that loses the race reads the winner's.
   *
   * @return whether this call created the file
   */
  private static boolean create(Path file, KeyPair pair) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] ownerOnly = ownerOnly(dir);
    Path temp = Files.createTempFile(dir, ".tree-head-", ".tmp", ownerOnly);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(pem(pair)));
        channel.force(true);
      }
      try {
        Files.createLink(file, temp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (Files.exists(file)) {
          return false;
        }
        // No hard links here: create-new is still exclusive, only not all-or-nothing.
        try (FileChannel channel =
            FileChannel.open(
                file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
          channel.write(ByteBuffer.wrap(pem(pair)));
          channel.force(true);
          return true;
        } catch (FileAlreadyExistsException raced) {
          return false;
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path dir) {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new FileAttribute<?>[0];
  }

  private static byte[] pem(KeyPair pair) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(pair.getPrivate().getEncoded());
    return (BEGIN + "\n" + body + "\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);
  }
}
