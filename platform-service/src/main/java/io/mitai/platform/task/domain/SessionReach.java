package io.mitai.platform.task.domain;

import java.util.List;
import java.util.Set;

/**
 * The organisations whose compute parties a session planned on this node can include: those this
 * node hosts, and (federation) those registered on the ledger with a compute endpoint of another
 * node.
 *
 * @param hosted the organisations this node hosts, in configuration order
 * @param remote registered organisations of other nodes whose parties this node can dial
 */
public record SessionReach(List<String> hosted, Set<String> remote) {

  public SessionReach {
    hosted = List.copyOf(hosted);
    remote = Set.copyOf(remote);
  }

  /** A sandbox: every party of a session runs on this node. */
  public static SessionReach hostedOnly(List<String> hosted) {
    return new SessionReach(hosted, Set.of());
  }

  public boolean reaches(String org) {
    return hosted.contains(org) || remote.contains(org);
  }
}
