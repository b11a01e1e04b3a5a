package io.mitai.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The published transparency-dev probes (testdata/rfc6962-merkle in this repository): every happy
 * path verifies, every mutation is rejected exactly when the probe says so.
 */
class Rfc6962VectorTest {

  private static final Path VECTORS = locateVectors();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> inclusion_probes_verify_exactly_when_expected() throws IOException {
    return probeTests(
        "inclusion",
        probe ->
            () ->
                MerkleProofs.verifyInclusion(
                    probe.get("leafIdx").asLong(),
                    probe.get("treeSize").asLong(),
                    bytes(probe.get("leafHash")),
                    hashes(probe.get("proof")),
                    bytes(probe.get("root"))));
  }

  @TestFactory
  Stream<DynamicTest> consistency_probes_verify_exactly_when_expected() throws IOException {
    return probeTests(
        "consistency",
        probe ->
            () ->
                MerkleProofs.verifyConsistency(
                    probe.get("size1").asLong(),
                    probe.get("size2").asLong(),
                    bytes(probe.get("root1")),
                    bytes(probe.get("root2")),
                    hashes(probe.get("proof"))));
  }

  /** One dynamic test per probe file: the verification must fail exactly when wantErr says so. */
  private static Stream<DynamicTest> probeTests(
      String kind, java.util.function.Function<JsonNode, ThrowingCall> verification)
      throws IOException {
    return probes(kind)
        .map(
            file ->
                dynamicTest(
                    VECTORS.relativize(file).toString(),
                    () -> {
                      JsonNode probe = JSON.readTree(file.toFile());
                      expectOutcome(probe, verification.apply(probe));
                    }));
  }

  @TestFactory
  Stream<DynamicTest> our_tree_produces_the_published_happy_path_proofs() throws IOException {
    // The probes use the RFC 6962 reference tree of 8 leaves; our proofs must match byte for byte.
    MerkleTree tree = referenceTree();
    return probes("inclusion")
        .filter(f -> f.getFileName().toString().equals("happy-path.json"))
        .map(
            file ->
                dynamicTest(
                    VECTORS.relativize(file).toString(),
                    () -> {
                      JsonNode probe = JSON.readTree(file.toFile());
                      long size = probe.get("treeSize").asLong();
                      if (size > tree.size()) {
                        return;
                      }
                      assertThat(tree.root(size)).isEqualTo(bytes(probe.get("root")));
                      assertThat(tree.inclusionProof(probe.get("leafIdx").asLong(), size))
                          .usingRecursiveFieldByFieldElementComparator()
                          .containsExactlyElementsOf(hashes(probe.get("proof")));
                    }));
  }

  /** The eight leaves of the RFC 6962 test tree used by the probes. */
  static MerkleTree referenceTree() {
    String[] leaves = {
      "",
      "00",
      "10",
      "2021",
      "3031",
      "40414243",
      "5051525354555657",
      "606162636465666768696a6b6c6d6e6f"
    };
    MerkleTree tree = new MerkleTree();
    for (String leaf : leaves) {
      tree.append(MerkleHasher.leafHash(java.util.HexFormat.of().parseHex(leaf)));
    }
    return tree;
  }

  private static void expectOutcome(JsonNode probe, ThrowingCall verification) {
    if (probe.get("wantErr").asBoolean()) {
      assertThatThrownBy(verification::call).isInstanceOf(ProofException.class);
    } else {
      assertThatCode(verification::call).doesNotThrowAnyException();
    }
  }

  private static Stream<Path> probes(String kind) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(VECTORS.resolve(kind))) {
      walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    assertThat(files).as("probes under " + VECTORS.resolve(kind)).hasSizeGreaterThan(10);
    return files.stream();
  }

  private static byte[] bytes(JsonNode node) {
    return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
  }

  private static List<byte[]> hashes(JsonNode node) {
    List<byte[]> out = new ArrayList<>();
    if (node != null && !node.isNull()) {
      node.forEach(n -> out.add(bytes(n)));
    }
    return out;
  }

  private static Path locateVectors() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata/rfc6962-merkle");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("testdata/rfc6962-merkle not found in the checkout");
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void call() throws Exception;
  }
}
