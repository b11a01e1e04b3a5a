package io.mitai.chaincode.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.contract.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Assertions shared by the contract tests. */
public final class Expect {

  private Expect() {}

  /** Asserts a transaction failed with {@code code} (payload and message prefix). */
  public static TxResult error(TxResult result, ErrorCode code) {
    assertThat(result.ok()).as("transaction should fail with %s", code).isFalse();
    assertThat(result.errorCode()).as(result.message()).isEqualTo(code.name());
    assertThat(result.message()).startsWith(code.name() + ": ");
    return result;
  }

  /**
   * Runs a transaction and asserts that it failed with {@code code} and changed nothing: same world
   * state, same history, no new committed event.
   */
  public static TxResult failsWithoutWrites(
      TestLedger ledger, ErrorCode code, Supplier<TxResult> transaction) {
    WorldState stub = ledger.state();
    Map<String, String> before = stub.snapshot();
    int historyBefore = stub.historySize();
    List<Event> eventsBefore = List.copyOf(stub.committedEvents());
    TxResult result = transaction.get();
    error(result, code);
    assertThat(stub.snapshot()).isEqualTo(before);
    assertThat(stub.historySize()).isEqualTo(historyBefore);
    assertThat(stub.committedEvents()).isEqualTo(eventsBefore);
    return result;
  }
}
