package io.mitai.platform.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The unprivileged OS account the embedded PostgreSQL runs as when the JVM is root (PostgreSQL
 * itself refuses root; zonky's {@code unshare -U} only hides root inside a user namespace, the
 * process keeps root's files). Programs are started through {@code setpriv} with its uid and gid
 * and no supplementary groups.
 */
record ServerUser(String name, int uid, int gid) {

  private static final Logger LOG = Logger.getLogger(ServerUser.class.getName());

  /** Null when this process is not root (the server then runs as this process's user). */
  static ServerUser forThisProcess() throws IOException {
    if (((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() != 0) {
      return null;
    }
    String name =
        System.getProperty(EmbeddedDatabase.OS_USER_PROPERTY, EmbeddedDatabase.DEFAULT_OS_USER);
    if (!name.matches("[a-z_][a-z0-9_-]{0,31}") || name.equals("root")) {
      throw new IllegalStateException(
          EmbeddedDatabase.OS_USER_PROPERTY + " must name an unprivileged user, not " + name);
    }
    if (id(name, "-u") == null) {
      LOG.info("creating the system user " + name + " for the embedded PostgreSQL server");
      String out =
          exec(
              List.of(
                  "useradd",
                  "--system",
                  "--user-group",
                  "--no-create-home",
                  "--home-dir",
                  "/nonexistent",
                  "--shell",
                  "/usr/sbin/nologin",
                  name));
      if (id(name, "-u") == null) {
        throw new IllegalStateException("could not create the system user " + name + ": " + out);
      }
    }
    int uid = Integer.parseInt(id(name, "-u"));
    int gid = Integer.parseInt(id(name, "-g"));
    if (uid == 0 || gid == 0) {
      throw new IllegalStateException(name + " is a root account; choose another " + name);
    }
    return new ServerUser(name, uid, gid);
  }

  List<String> prefix() {
    return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
  }

  /**
   * Gives the data directory (recursively) to this user, mode 0700, after checking that it can
   * reach it: every parent must be searchable by others.
   */
  void takeOver(Path dir) throws IOException {
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IllegalStateException(
            "the embedded PostgreSQL runs as the unprivileged user "
                + name
                + ", which cannot reach "
                + dir
                + " because "
                + p
                + " is not searchable by other users: allow it (chmod o+x "
                + p
                + ") or put mitai.data-dir on a path every user may traverse");
      }
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        chown(p);
      }
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  void chown(Path path) throws IOException {
    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
  }

  private static String id(String name, String flag) throws IOException {
    String out = exec(List.of("id", flag, name)).strip();
    return out.matches("[0-9]+") ? out : null;
  }

  private static String exec(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + command.get(0), e);
    }
    return out;
  }
}
