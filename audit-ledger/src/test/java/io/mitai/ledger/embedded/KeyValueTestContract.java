package io.mitai.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * A minimal contract that exercises every stub feature the ledger offers, so the ledger's tests do
 * not depend on Mitai's business rules. Called as {@code ledgertest:<name>}.
 */
@Contract(name = "ledgertest")
public final class KeyValueTestContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String put(Context ctx, String key, String value) {
    ChaincodeStub stub = ctx.getStub();
    stub.putStringState(key, value);
    stub.setEvent("Put", (key + "=" + value).getBytes(StandardCharsets.UTF_8));
    return value;
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String putThenRead(Context ctx, String key, String value) {
    ctx.getStub().putStringState(key, value);
    return "read:" + ctx.getStub().getStringState(key);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public void remove(Context ctx, String key) {
    ctx.getStub().delState(key);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String putIndexed(Context ctx, String type, String id, String value) {
    ChaincodeStub stub = ctx.getStub();
    stub.putStringState(stub.createCompositeKey(type, id).toString(), value);
    return value;
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public void putThenFail(Context ctx, String key) {
    ctx.getStub().putStringState(key, "should never be stored");
    throw new ChaincodeException("TEST_REFUSAL: refused on purpose", "TEST_REFUSAL");
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String get(Context ctx, String key) {
    return ctx.getStub().getStringState(key);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String list(Context ctx, String type) throws Exception {
    List<String> values = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> it =
        ctx.getStub().getStateByPartialCompositeKey(new CompositeKey(type))) {
      for (KeyValue kv : it) {
        values.add(
            ctx.getStub().splitCompositeKey(kv.getKey()).getAttributes().get(0)
                + "="
                + kv.getStringValue());
      }
    }
    return String.join(",", values);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String range(Context ctx, String start, String end) throws Exception {
    List<String> keys = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> it = ctx.getStub().getStateByRange(start, end)) {
      it.forEach(kv -> keys.add(kv.getKey()));
    }
    return String.join(",", keys);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String history(Context ctx, String key) throws Exception {
    List<String> entries = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> it = ctx.getStub().getHistoryForKey(key)) {
      it.forEach(m -> entries.add(m.isDeleted() ? "<deleted>" : m.getStringValue()));
    }
    return String.join(",", entries);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String whoAmI(Context ctx) {
    return ctx.getClientIdentity().getMSPID()
        + "|"
        + ctx.getClientIdentity().getId()
        + "|"
        + ctx.getStub().getTxTimestamp();
  }
}
