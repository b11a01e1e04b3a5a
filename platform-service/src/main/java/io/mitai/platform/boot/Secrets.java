package io.mitai.platform.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets kept in owner-only (0600) files, written atomically; never logged. */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** 256 random bits, URL-safe Base64 (no quoting needed in SQL or properties). */
  public static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  /** Reads the secret in {@code file}, creating it (random, 0600) if there is none. */
  public static String readOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return read(file);
    }
    String secret = random();
    try {
      write(file, secret, false);
      return secret;
    } catch (FileAlreadyExistsException raced) {
      return read(file);
    }
  }

  /** Writes (replacing) {@code secret} to {@code file}, created with mode 0600. */
  public static void write(Path file, String secret) throws IOException {
    write(file, secret, true);
  }

  private static void write(Path file, String secret, boolean replace) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(),
            "." + file.getFileName(),
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8);
      if (replace) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.move(temp, file);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
