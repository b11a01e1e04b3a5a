package io.mitai.compute.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.ops.Aggregate;
import io.mitai.compute.ops.AggregateResult;
import io.mitai.compute.ops.AggregateSpec;
import io.mitai.compute.ops.JointStatsResult;
import io.mitai.compute.ops.JointStatsSpec;
import io.mitai.compute.ops.Roles;
import io.mitai.compute.ops.Sessions;
import io.mitai.compute.ops.Statistic;
import io.mitai.compute.ops.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Progress-based liveness over the real TLS transport, with windows of a second so that "a round
 * that takes longer than the window" takes seconds: a party that computes between two rounds for
 * three times the window stays alive through its heartbeats and the session completes with the
 * plaintext answer; without heartbeats the same session times out (so the heartbeats are what keep
 * it alive); a party that goes silent is declared lost about one window after it was last heard;
 * and a party that heartbeats forever without progress ends at the session's maximum duration.
 */
class LivenessTest {
  private static final PartyId ORG1 = PartyId.of("org1");
  private static final PartyId ORG2 = PartyId.of("org2");
  private static final PartyId ORG3 = PartyId.of("org3");
  private static final Duration WINDOW = Duration.ofSeconds(1);
  private static final Duration BEAT = Duration.ofMillis(200);
  private static final Duration SLOW_WORK = Duration.ofSeconds(3);

  /**
   * A party's real channel, whose owner computes for {@link #SLOW_WORK} before the first message it
   * sends after it has received one: a slow round between two others. Only the time it takes is
   * emulated; every frame goes through the real transport.
   */
  private static class SlowBetweenRounds implements PartyChannel {
    private final PartyChannel real;
    private final AtomicBoolean received = new AtomicBoolean();
    private final AtomicBoolean slept;

    SlowBetweenRounds(PartyChannel real, AtomicBoolean slept) {
      this.real = real;
      this.slept = slept;
    }

    @Override
    public SessionId session() {
      return real.session();
    }

    @Override
    public PartyId self() {
      return real.self();
    }

    @Override
    public List<PartyId> parties() {
      return real.parties();
    }

    @Override
    public Duration timeout() {
      return real.timeout();
    }

    @Override
    public Duration maxDuration() {
      return real.maxDuration();
    }

    @Override
    public void send(PartyId to, int round, byte[] payload) throws SessionFailedException {
      if (received.get() && slept.compareAndSet(false, true)) {
        try {
          Thread.sleep(SLOW_WORK.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SessionFailedException(
              FailureReason.CANCELLED, session(), Optional.empty(), "interrupted");
        }
      }
      real.send(to, round, payload);
    }

    @Override
    public byte[] receive(PartyId from, int round) throws SessionFailedException {
      byte[] b = real.receive(from, round);
      received.set(true);
      return b;
    }

    @Override
    public void abort(SessionFailedException failure) {
      real.abort(failure);
    }

    @Override
    public void close() {
      real.close();
    }
  }

  private static Table rows(String... values) {
    List<List<String>> out = new ArrayList<>();
    for (String v : values) {
      out.add(List.of(v));
    }
    return new Table(List.of("x"), out);
  }

  private static final AggregateSpec SUM =
      new AggregateSpec(
          new Roles(List.of(ORG1, ORG2), ORG3, Optional.empty()),
          List.of("x"),
          EnumSet.of(Aggregate.SUM, Aggregate.COUNT),
          Optional.empty(),
          0);

  private static Map<PartyId, Sessions.Outcome> runWithSlowOrg2(
      TlsFixture f, AtomicBoolean sleptFlag) {
    SessionId sid = SessionId.of("task-slow-" + System.nanoTime());
    return Sessions.run(
        SUM,
        Map.of(ORG1, rows("1.5", "2", "-0.5"), ORG2, rows("10", "20")),
        p -> {
          try {
            PartyChannel ch =
                f.transports.get(p).openSession(sid, SUM.roles().participants(), WINDOW);
            return p.equals(ORG2) ? new SlowBetweenRounds(ch, sleptFlag) : ch;
          } catch (SessionFailedException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void a_party_computing_three_windows_between_rounds_stays_alive_and_the_answer_is_right()
      throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3), BEAT)) {
      AtomicBoolean slept = new AtomicBoolean();
      long start = System.nanoTime();
      AggregateResult r =
          (AggregateResult) Sessions.requesterResult(SUM, runWithSlowOrg2(f, slept));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(slept).isTrue();
      assertThat(took).isGreaterThanOrEqualTo(SLOW_WORK);
      AggregateResult.Group all = r.groups().get(0);
      assertThat(all.rows()).isEqualTo(5);
      assertThat(all.columns().get(0).sum().orElseThrow()).isEqualByComparingTo("33");
      assertThat(f.transports.values()).allSatisfy(t -> assertThat(t.openSessions()).isZero());
    }
  }

  @Test
  void a_real_joint_stats_whose_rounds_outlast_the_window_completes_with_the_plaintext_answer()
      throws Exception {
    PartyId dealer = PartyId.of("dealer");
    JointStatsSpec spec =
        new JointStatsSpec(
            new Roles(List.of(ORG1, ORG2), ORG3, Optional.of(dealer)),
            "id",
            EnumSet.of(Statistic.COUNT, Statistic.CORRELATION),
            Optional.empty());
    // 15 000 keys a side, 10 000 shared: the ECDH alignment takes seconds, so the requester and
    // the dealer wait on rounds far longer than the 1 s window; only heartbeats keep them waiting.
    List<List<String>> a = new ArrayList<>();
    List<List<String>> b = new ArrayList<>();
    for (int i = 0; i < 15_000; i++) {
      a.add(List.of("k" + i, Integer.toString(i)));
      b.add(List.of("k" + (i + 5_000), Integer.toString(2 * (i + 5_000) + 1)));
    }
    AtomicLong longestWait = new AtomicLong();
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3, dealer), BEAT)) {
      SessionId sid = SessionId.of("task-big-" + System.nanoTime());
      Map<PartyId, Sessions.Outcome> out =
          Sessions.run(
              spec,
              Map.of(
                  ORG1, new Table(List.of("id", "a"), a), ORG2, new Table(List.of("id", "b"), b)),
              p -> {
                try {
                  PartyChannel ch =
                      f.transports.get(p).openSession(sid, spec.roles().participants(), WINDOW);
                  return p.equals(ORG3) ? new TimedReceives(ch, longestWait) : ch;
                } catch (SessionFailedException e) {
                  throw new AssertionError(e);
                }
              });
      JointStatsResult r = (JointStatsResult) Sessions.requesterResult(spec, out);
      assertThat(r.rows()).isEqualTo(10_000);
      assertThat(r.correlation().orElseThrow().get(0).get(1).orElseThrow().doubleValue())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }
    // The point of the test, when this machine is slow enough for it (it is, by a wide margin,
    // on the 2-core host): some wait lasted longer than the liveness window.
    Assumptions.assumeTrue(
        Duration.ofNanos(longestWait.get()).compareTo(WINDOW) > 0,
        "no round took longer than the window on this machine");
  }

  /** A real channel that records its longest receive. */
  private static final class TimedReceives extends SlowBetweenRounds {
    private final AtomicLong longest;

    TimedReceives(PartyChannel real, AtomicLong longest) {
      super(real, new AtomicBoolean(true));
      this.longest = longest;
    }

    @Override
    public byte[] receive(PartyId from, int round) throws SessionFailedException {
      long t = System.nanoTime();
      byte[] b = super.receive(from, round);
      longest.accumulateAndGet(System.nanoTime() - t, Math::max);
      return b;
    }
  }

  @Test
  void without_heartbeats_the_same_slow_round_times_out_naming_the_slow_party() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3), Duration.ZERO)) {
      Map<PartyId, Sessions.Outcome> out = runWithSlowOrg2(f, new AtomicBoolean());
      List<SessionFailedException> failures =
          out.values().stream().flatMap(o -> o.failure().stream()).toList();
      assertThat(failures).isNotEmpty();
      assertThat(failures)
          .anySatisfy(
              e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
                assertThat(e.culprit()).contains(ORG2);
                assertThat(e.getMessage()).contains("nothing heard from the peer");
              });
      assertThat(out.get(ORG3).result()).isEmpty();
    }
  }

  @Test
  void a_party_that_goes_silent_mid_session_is_declared_lost_about_one_window_later()
      throws Exception {
    try (TlsFixture f = new TlsFixture()) {
      f.add(TlsFixture.identity("org1"), true, BEAT);
      // org2's process is frozen after its first message: it sends nothing more, not even a
      // heartbeat (a SIGSTOPped process; its sockets stay open).
      f.add(TlsFixture.identity("org2"), true, Duration.ZERO);
      SessionId sid = SessionId.of("task-frozen");
      List<PartyId> parties = List.of(ORG1, ORG2);
      PartyChannel c1 = f.transports.get(ORG1).openSession(sid, parties, WINDOW);
      PartyChannel c2 = f.transports.get(ORG2).openSession(sid, parties, WINDOW);
      c2.send(ORG1, 1, new byte[] {7});
      assertThat(c1.receive(ORG2, 1)).containsExactly(7);
      long start = System.nanoTime();
      assertThatThrownBy(() -> c1.receive(ORG2, 2))
          .isInstanceOf(SessionFailedException.class)
          .satisfies(
              e -> {
                SessionFailedException s = (SessionFailedException) e;
                assertThat(s.reason()).isEqualTo(FailureReason.TIMEOUT);
                assertThat(s.culprit()).contains(ORG2);
                assertThat(s.getMessage()).contains("round 2").contains("PT1S");
              });
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isGreaterThanOrEqualTo(WINDOW.minusMillis(50));
      assertThat(took).isLessThan(WINDOW.plusMillis(1500));
      c1.close();
      c2.close();
    }
  }

  @Test
  void a_party_that_heartbeats_without_progress_ends_at_the_maximum_duration() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2), BEAT)) {
      SessionId sid = SessionId.of("task-stuck");
      List<PartyId> parties = List.of(ORG1, ORG2);
      Duration max = Duration.ofSeconds(3);
      PartyChannel c1 = f.transports.get(ORG1).openSession(sid, parties, WINDOW, max);
      PartyChannel c2 = f.transports.get(ORG2).openSession(sid, parties, WINDOW, max);
      long start = System.nanoTime();
      // org2 is alive (its transport heartbeats) but its protocol never sends round 1.
      assertThatThrownBy(() -> c1.receive(ORG2, 1))
          .isInstanceOf(SessionFailedException.class)
          .satisfies(
              e -> {
                SessionFailedException s = (SessionFailedException) e;
                assertThat(s.reason()).isEqualTo(FailureReason.TIMEOUT);
                assertThat(s.culprit()).contains(ORG2);
                assertThat(s.getMessage()).contains("maximum duration of PT3S");
              });
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // Well past the window (the heartbeats kept org2 alive), and ended by the bound.
      assertThat(took).isGreaterThan(WINDOW.multipliedBy(2));
      assertThat(took).isLessThan(max.plusSeconds(2));
      c1.close();
      c2.close();
    }
  }

  @Test
  void heartbeats_are_never_delivered_and_carry_nothing() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2), BEAT)) {
      SessionId sid = SessionId.of("task-quiet");
      List<PartyId> parties = List.of(ORG1, ORG2);
      PartyChannel c1 = f.transports.get(ORG1).openSession(sid, parties, WINDOW);
      PartyChannel c2 = f.transports.get(ORG2).openSession(sid, parties, WINDOW);
      Thread.sleep(3 * WINDOW.toMillis()); // many heartbeats each way, nothing else
      c2.send(ORG1, 1, new byte[] {1, 2});
      c2.send(ORG1, 2, new byte[] {3});
      assertThat(c1.receive(ORG2, 1)).containsExactly(1, 2);
      assertThat(c1.receive(ORG2, 2)).containsExactly(3);
      c1.close();
      c2.close();
    }
    // A heartbeat with a payload, a round or a sequence number is not a heartbeat.
    assertThatThrownBy(
            () ->
                new Frame(
                    Frame.Kind.HEARTBEAT, SessionId.of("s"), ORG1, ORG2, -1, -1, new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] forged =
        new Frame(Frame.Kind.DATA, SessionId.of("s"), ORG1, ORG2, 0, 0, new byte[] {1}).encode();
    forged[4] = 3;
    assertThatThrownBy(() -> Frame.decode(forged))
        .isInstanceOf(Frame.MalformedFrameException.class);
    Frame hb = Frame.decode(Frame.heartbeat(SessionId.of("s"), ORG1, ORG2).encode());
    assertThat(hb.kind()).isEqualTo(Frame.Kind.HEARTBEAT);
    assertThat(hb.payload()).isEmpty();
  }
}
