package io.mitai.compute.ops;

import io.mitai.compute.session.PartyId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who does what in a session: the input parties (owners of the data, sorted), the requester (the
 * only party that learns the result; may or may not hold an input) and, for JOINT_STATS, the dealer
 * of correlated randomness (never an input party).
 */
public record Roles(List<PartyId> inputs, PartyId requester, Optional<PartyId> dealer) {
  public Roles {
    TreeSet<PartyId> sorted = new TreeSet<>(inputs);
    if (sorted.size() != inputs.size() || sorted.isEmpty()) {
      throw new IllegalArgumentException("input parties must be distinct and non-empty");
    }
    inputs = List.copyOf(sorted);
    if (dealer.isPresent() && sorted.contains(dealer.get())) {
      throw new IllegalArgumentException("the dealer must not hold an input");
    }
  }

  /** Every party of the session: inputs, requester and dealer, sorted, without repeats. */
  public List<PartyId> participants() {
    TreeSet<PartyId> all = new TreeSet<>(inputs);
    all.add(requester);
    dealer.ifPresent(all::add);
    return new ArrayList<>(all);
  }

  public boolean isInput(PartyId p) {
    return inputs.contains(p);
  }

  /** The position of an input party in the sorted input list. */
  public int inputIndex(PartyId p) {
    int i = inputs.indexOf(p);
    if (i < 0) {
      throw new IllegalArgumentException(p + " is not an input party");
    }
    return i;
  }
}
