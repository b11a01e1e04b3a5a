package io.mitai.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that encrypts the console's form-login session cookie ({@code
 * quarkus.http.auth.session.encryption-key}), kept in {@code
 * <mitai.data-dir>/keys/console-session.key} and created (256 random bits, owner-only permissions)
 * on first start. Without it Quarkus would use a temporary key and print it in the log; with it
 * sessions also survive a restart. The node's entry point installs it unless a key is configured
 * explicitly (for example {@code QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY}).
 */
public final class SessionKeyFile {

  /** The Quarkus property the key is given to. */
  public static final String PROPERTY = "quarkus.http.auth.session.encryption-key";

  static final String FILE = "console-session.key";

  private SessionKeyFile() {}

  /** Reads the data directory's session key, creating it first if there is none. */
  public static String readOrCreate(Path dataDir) {
    Path file = dataDir.resolve("keys").resolve(FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      Files.createDirectories(file.getParent());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String encoded = Base64.getEncoder().encodeToString(random);
      Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp");
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the data directory's own permissions protect it.
      }
      Files.writeString(temp, encoded, StandardCharsets.US_ASCII);
      try {
        Files.move(temp, file);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(temp);
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      return encoded;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the session key " + file, e);
    }
  }
}
