package io.mitai.platform.asset.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadLeftoversTest {

  @TempDir Path root;

  @Test
  void partial_uploads_and_unstored_ciphertext_are_deleted_stored_assets_are_kept()
      throws Exception {
    Path org1 = Files.createDirectories(root.resolve("org1"));
    Path org2 = Files.createDirectories(root.resolve("org2"));
    Path crashed = Files.write(org1.resolve("asset-crashed.seg.part"), new byte[] {1, 2, 3});
    Path kept = Files.write(org1.resolve("asset-kept.seg"), new byte[] {4});
    Path orphan = Files.write(org2.resolve("asset-orphan.seg"), new byte[] {5});
    Path alsoCrashed = Files.write(org2.resolve("asset-kept2.seg.part"), new byte[] {6});
    Path unrelated = Files.write(org2.resolve("README"), new byte[] {7});

    var removed = UploadLeftovers.remove(root, Set.of("asset-kept", "asset-kept2")::contains);

    assertThat(removed).containsExactlyInAnyOrder(crashed, orphan, alsoCrashed);
    assertThat(crashed).doesNotExist();
    assertThat(orphan).doesNotExist();
    assertThat(alsoCrashed).doesNotExist();
    assertThat(kept).exists();
    assertThat(unrelated).exists();
  }

  @Test
  void a_node_without_an_asset_directory_starts() throws Exception {
    assertThat(UploadLeftovers.remove(root.resolve("absent"), id -> true)).isEmpty();
  }
}
