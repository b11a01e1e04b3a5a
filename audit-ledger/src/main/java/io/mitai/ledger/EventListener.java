package io.mitai.ledger;

/**
 * Receives chaincode events in ledger order, at least once. A listener that throws stops its
 * subscription; the subscriber resumes later from the last checkpoint it stored.
 */
@FunctionalInterface
public interface EventListener {
  void onEvent(ChaincodeEvent event) throws Exception;
}
