package io.mitai.compute.ops;

import io.mitai.compute.session.LocalNetwork;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.session.SessionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Test driver: runs every party of a session concurrently and collects each party's outcome. */
public final class Sessions {
  private Sessions() {}

  /** One party's outcome: a result (requester), nothing (others) or a failure. */
  public record Outcome(
      Optional<OperationResult> result, Optional<SessionFailedException> failure) {}

  /** Runs over an in-memory network. */
  public static Map<PartyId, Outcome> runLocal(TaskSpec spec, Map<PartyId, Table> inputs) {
    Map<PartyId, PartyChannel> chans =
        LocalNetwork.create(
            SessionId.of("task-" + System.nanoTime()),
            spec.roles().participants(),
            Duration.ofSeconds(20));
    return run(spec, inputs, chans::get);
  }

  /**
   * Runs over an in-memory network where {@code tamperer}'s outgoing payloads pass through {@code
   * edit} (round, a copy of the payload) on their way.
   */
  public static Map<PartyId, Outcome> runTampered(
      TaskSpec spec,
      Map<PartyId, Table> inputs,
      PartyId tamperer,
      BiFunction<Integer, byte[], byte[]> edit) {
    Map<PartyId, PartyChannel> chans =
        LocalNetwork.create(
            SessionId.of("t-tamper-" + System.nanoTime()),
            spec.roles().participants(),
            Duration.ofSeconds(10));
    PartyChannel tampering =
        new TranscriptTest.Recording(chans.get(tamperer)) {
          @Override
          public void send(PartyId to, int round, byte[] payload) throws SessionFailedException {
            super.send(to, round, edit.apply(round, payload.clone()));
          }
        };
    return run(spec, inputs, p -> p.equals(tamperer) ? tampering : chans.get(p));
  }

  /** Runs with the given channel for each party. */
  public static Map<PartyId, Outcome> run(
      TaskSpec spec, Map<PartyId, Table> inputs, Function<PartyId, PartyChannel> channels) {
    List<PartyId> parties = spec.roles().participants();
    ExecutorService exec = Executors.newFixedThreadPool(parties.size());
    try {
      Map<PartyId, Future<Outcome>> futures = new TreeMap<>();
      for (PartyId p : parties) {
        PartyChannel ch = channels.apply(p);
        futures.put(
            p,
            exec.submit(
                () -> {
                  try {
                    return new Outcome(
                        ComputeEngine.run(ch, spec, Optional.ofNullable(inputs.get(p))),
                        Optional.empty());
                  } catch (SessionFailedException e) {
                    return new Outcome(Optional.empty(), Optional.of(e));
                  }
                }));
      }
      Map<PartyId, Outcome> out = new TreeMap<>();
      for (Map.Entry<PartyId, Future<Outcome>> e : futures.entrySet()) {
        out.put(e.getKey(), e.getValue().get(120, TimeUnit.SECONDS));
      }
      return out;
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      exec.shutdownNow();
    }
  }

  /** The requester's result, failing the test if any party failed. */
  public static OperationResult requesterResult(TaskSpec spec, Map<PartyId, Outcome> outcomes) {
    for (Map.Entry<PartyId, Outcome> e : outcomes.entrySet()) {
      if (e.getValue().failure().isPresent()) {
        throw new AssertionError(e.getKey() + " failed", e.getValue().failure().get());
      }
    }
    return outcomes.get(spec.roles().requester()).result().orElseThrow();
  }

  public static Table table(List<String> columns, List<List<String>> rows) {
    return new Table(columns, new ArrayList<>(rows));
  }
}
