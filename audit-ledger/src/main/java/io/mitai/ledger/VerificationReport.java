package io.mitai.ledger;

import java.util.Optional;

/**
 * The outcome of re-checking the whole ledger: either intact up to {@code blocksChecked} blocks, or
 * the first bad block and what is wrong with it.
 */
public record VerificationReport(
    boolean intact,
    long blocksChecked,
    long transactionsChecked,
    Optional<Long> firstBadBlock,
    Optional<String> problem,
    Optional<SignedTreeHead> treeHead) {

  public static VerificationReport intact(long blocks, long transactions, SignedTreeHead head) {
    return new VerificationReport(
        true, blocks, transactions, Optional.empty(), Optional.empty(), Optional.ofNullable(head));
  }

  public static VerificationReport broken(
      long blocks, long transactions, long badBlock, String problem) {
    return new VerificationReport(
        false, blocks, transactions, Optional.of(badBlock), Optional.of(problem), Optional.empty());
  }
}
