package io.mitai.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.contract.Tx;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.Test;

/** The node names transactions by {@link Tx}; the contract must answer to exactly those names. */
class TransactionNamesTest {

  @Test
  void the_contract_declares_exactly_the_transactions_of_the_shared_enum() {
    Set<String> declared =
        Arrays.stream(DataRightsContract.class.getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(Transaction.class))
            .map(m -> m.getAnnotation(Transaction.class))
            .map(t -> t.name() + " " + t.intent().name())
            .collect(Collectors.toSet());
    Set<String> shared =
        Arrays.stream(Tx.values())
            .map(tx -> tx.txName() + " " + tx.intent().name())
            .collect(Collectors.toSet());

    assertThat(declared).isEqualTo(shared);
  }
}
