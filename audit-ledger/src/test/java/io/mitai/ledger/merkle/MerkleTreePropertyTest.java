package io.mitai.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Random trees: every proof our tree makes verifies; every altered proof fails. */
class MerkleTreePropertyTest {

  @Test
  void root_equals_the_plain_recursive_definition_for_every_size_up_to_130() {
    List<byte[]> leaves = new ArrayList<>();
    MerkleTree tree = new MerkleTree();
    assertThat(tree.root()).isEqualTo(ReferenceMerkle.root(leaves));
    for (int i = 0; i < 130; i++) {
      byte[] leaf = MerkleHasher.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8));
      leaves.add(leaf);
      tree.append(leaf);
      assertThat(tree.root()).as("size %d", i + 1).isEqualTo(ReferenceMerkle.root(leaves));
    }
    for (int size = 0; size <= 130; size++) {
      assertThat(tree.root(size)).isEqualTo(ReferenceMerkle.root(leaves.subList(0, size)));
    }
  }

  @RepeatedTest(40)
  void every_inclusion_proof_verifies_and_every_altered_one_fails(RepetitionInfo info) {
    Random random = new Random(info.getCurrentRepetition());
    MerkleTree tree = randomTree(random, 1 + random.nextInt(300));
    long size = 1 + random.nextInt((int) tree.size());
    long index = random.nextInt((int) size);
    List<byte[]> proof = tree.inclusionProof(index, size);
    byte[] root = tree.root(size);
    byte[] leaf = tree.leafHash(index);

    assertThatCode(() -> MerkleProofs.verifyInclusion(index, size, leaf, proof, root))
        .doesNotThrowAnyException();
    assertThat(proof)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(ReferenceMerkle.path((int) index, tree, (int) size));

    if (!proof.isEmpty()) {
      List<byte[]> flipped = copy(proof);
      int at = random.nextInt(flipped.size());
      flipped.get(at)[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
      assertThatThrownBy(() -> MerkleProofs.verifyInclusion(index, size, leaf, flipped, root))
          .isInstanceOf(ProofException.class);
      assertThatThrownBy(
              () ->
                  MerkleProofs.verifyInclusion(
                      index, size, leaf, proof.subList(1, proof.size()), root))
          .isInstanceOf(ProofException.class);
      assertThatThrownBy(
              () -> MerkleProofs.verifyInclusion((index + 1) % size, size, leaf, proof, root))
          .isInstanceOf(ProofException.class);
    }
    List<byte[]> extended = copy(proof);
    extended.add(root);
    assertThatThrownBy(() -> MerkleProofs.verifyInclusion(index, size, leaf, extended, root))
        .isInstanceOf(ProofException.class);
    byte[] otherLeaf = MerkleHasher.leafHash(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> MerkleProofs.verifyInclusion(index, size, otherLeaf, proof, root))
        .isInstanceOf(ProofException.class);
  }

  @RepeatedTest(40)
  void every_consistency_proof_verifies_and_every_altered_one_fails(RepetitionInfo info) {
    Random random = new Random(1000L + info.getCurrentRepetition());
    MerkleTree tree = randomTree(random, 1 + random.nextInt(300));
    long size2 = 1 + random.nextInt((int) tree.size());
    long size1 = 1 + random.nextInt((int) size2);
    List<byte[]> proof = tree.consistencyProof(size1, size2);
    byte[] root1 = tree.root(size1);
    byte[] root2 = tree.root(size2);

    assertThatCode(() -> MerkleProofs.verifyConsistency(size1, size2, root1, root2, proof))
        .doesNotThrowAnyException();
    if (!proof.isEmpty()) {
      List<byte[]> flipped = copy(proof);
      flipped.get(random.nextInt(flipped.size()))[random.nextInt(32)] ^= 0x01;
      assertThatThrownBy(() -> MerkleProofs.verifyConsistency(size1, size2, root1, root2, flipped))
          .isInstanceOf(ProofException.class);
      assertThatThrownBy(
              () ->
                  MerkleProofs.verifyConsistency(
                      size1, size2, root1, root2, proof.subList(0, proof.size() - 1)))
          .isInstanceOf(ProofException.class);
    }
    if (size1 != size2) {
      assertThatThrownBy(() -> MerkleProofs.verifyConsistency(size1, size2, root2, root1, proof))
          .isInstanceOf(ProofException.class);
    }
  }

  @Test
  void proofs_at_a_million_leaves_are_logarithmic() {
    MerkleTree tree = new MerkleTree();
    byte[] leaf = new byte[32];
    for (int i = 0; i < 1_000_000; i++) {
      leaf[0] = (byte) i;
      leaf[1] = (byte) (i >> 8);
      leaf[2] = (byte) (i >> 16);
      tree.append(leaf);
    }
    List<byte[]> proof = tree.inclusionProof(777_777, tree.size());
    assertThat(proof).hasSize(20);
    assertThatCode(
            () ->
                MerkleProofs.verifyInclusion(
                    777_777, tree.size(), tree.leafHash(777_777), proof, tree.root()))
        .doesNotThrowAnyException();
  }

  private static MerkleTree randomTree(Random random, int size) {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < size; i++) {
      byte[] data = new byte[1 + random.nextInt(40)];
      random.nextBytes(data);
      tree.append(MerkleHasher.leafHash(data));
    }
    return tree;
  }

  private static List<byte[]> copy(List<byte[]> proof) {
    List<byte[]> out = new ArrayList<>();
    proof.forEach(p -> out.add(p.clone()));
    return out;
  }
}
