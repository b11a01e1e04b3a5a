package io.mitai.platform.asset.domain;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Ciphertext an interrupted upload left in {@code <data-dir>/assets/<org>/}: a {@code
 * <asset>.seg.part} (the node stopped while the CSV streamed in), or a {@code <asset>.seg} whose
 * asset was never stored (it stopped between moving the file into place and committing the row).
 * Neither can ever be read again, as its data key was only in memory; {@link #remove} deletes them
 * when the node starts, before any upload can run.
 */
public final class UploadLeftovers {

  private static final Logger LOG = Logger.getLogger(UploadLeftovers.class);
  static final String PARTIAL = ".seg.part";
  static final String COMPLETE = ".seg";

  private UploadLeftovers() {}

  /**
   * Deletes every {@code *.seg.part} under {@code assetsRoot}'s organisation directories, and every
   * {@code <id>.seg} for which {@code stored} is false. Returns the deleted files.
   */
  public static List<Path> remove(Path assetsRoot, Predicate<String> stored) throws IOException {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(assetsRoot)) {
      return removed;
    }
    try (DirectoryStream<Path> orgs = Files.newDirectoryStream(assetsRoot, Files::isDirectory)) {
      for (Path org : orgs) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(org, Files::isRegularFile)) {
          for (Path file : files) {
            String name = file.getFileName().toString();
            boolean leftover =
                name.endsWith(PARTIAL)
                    || (name.endsWith(COMPLETE)
                        && !stored.test(name.substring(0, name.length() - COMPLETE.length())));
            if (leftover) {
              Files.deleteIfExists(file);
              removed.add(file);
            }
          }
        }
      }
    }
    for (Path file : removed) {
      LOG.warnf("deleted ciphertext left by an interrupted upload: %s", file);
    }
    return removed;
  }
}
