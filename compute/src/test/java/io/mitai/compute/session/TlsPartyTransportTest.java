package io.mitai.compute.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.ops.Aggregate;
import io.mitai.compute.ops.AggregateResult;
import io.mitai.compute.ops.AggregateSpec;
import io.mitai.compute.ops.JointStatsResult;
import io.mitai.compute.ops.JointStatsSpec;
import io.mitai.compute.ops.Operation;
import io.mitai.compute.ops.PsiResult;
import io.mitai.compute.ops.PsiSpec;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TlsPartyTransportTest {
  private static final PartyId ORG1 = PartyId.of("org1");
  private static final PartyId ORG2 = PartyId.of("org2");
  private static final PartyId ORG3 = PartyId.of("org3");
  private static final PartyId DEALER = PartyId.of("dealer");
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private static Map<PartyId, Sessions.Outcome> runTls(
      TlsFixture f, io.mitai.compute.ops.TaskSpec spec, Map<PartyId, Table> inputs) {
    SessionId sid = SessionId.of("task-" + System.nanoTime());
    return Sessions.run(
        spec,
        inputs,
        p -> {
          try {
            return f.transports.get(p).openSession(sid, spec.roles().participants(), TIMEOUT);
          } catch (SessionFailedException e) {
            throw new AssertionError(e);
          }
        });
  }

  private static Table rows(List<String> cols, String... csv) {
    List<List<String>> out = new ArrayList<>();
    for (String line : csv) {
      out.add(List.of(line.split(",", -1)));
    }
    return new Table(cols, out);
  }

  @Test
  void three_parties_aggregate_over_mutual_tls_on_loopback_and_match_the_plaintext()
      throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3))) {
      AggregateSpec spec =
          new AggregateSpec(
              new Roles(List.of(ORG1, ORG2), ORG3, Optional.empty()),
              List.of("x"),
              EnumSet.allOf(Aggregate.class),
              Optional.of("g"),
              0);
      Map<PartyId, Table> in =
          Map.of(
              ORG1, rows(List.of("g", "x"), "a,1.5", "b,-2", "a,"),
              ORG2, rows(List.of("g", "x"), "a,10", "c,0.000001"));
      AggregateResult r = (AggregateResult) Sessions.requesterResult(spec, runTls(f, spec, in));
      assertThat(r.groups()).hasSize(3);
      AggregateResult.Group a = r.groups().get(0);
      assertThat(a.label()).contains("a");
      assertThat(a.rows()).isEqualTo(3);
      assertThat(a.columns().get(0).count()).contains(2L);
      assertThat(a.columns().get(0).sum().orElseThrow()).isEqualByComparingTo("11.5");
      assertThat(f.transports.values()).allSatisfy(t -> assertThat(t.openSessions()).isZero());
    }
  }

  @Test
  void psi_and_joint_stats_with_a_dealer_run_over_tls() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3, DEALER))) {
      Table t1 = rows(List.of("id", "a"), "k1,1", "k2,2", "k3,3", "k9,9");
      Table t2 = rows(List.of("b", "id"), "10,k1", "20,k2", "30,k3", "0,k7");
      PsiSpec psi =
          new PsiSpec(Operation.PSI, new Roles(List.of(ORG1, ORG2), ORG1, Optional.empty()), "id");
      PsiResult pr =
          (PsiResult) Sessions.requesterResult(psi, runTls(f, psi, Map.of(ORG1, t1, ORG2, t2)));
      assertThat(pr.keys()).contains(List.of("k1", "k2", "k3"));

      JointStatsSpec js =
          new JointStatsSpec(
              new Roles(List.of(ORG1, ORG2), ORG3, Optional.of(DEALER)),
              "id",
              EnumSet.of(Statistic.COUNT, Statistic.DOT, Statistic.CORRELATION),
              Optional.empty());
      JointStatsResult jr =
          (JointStatsResult)
              Sessions.requesterResult(js, runTls(f, js, Map.of(ORG1, t1, ORG2, t2)));
      assertThat(jr.rows()).isEqualTo(3);
      // 1*10 + 2*20 + 3*30 = 140
      assertThat(jr.dot().orElseThrow().get(0).get(1).subtract(new java.math.BigDecimal(140)).abs())
          .isLessThanOrEqualTo(jr.dotErrorBound().get(0).get(1));
      assertThat(jr.correlation().orElseThrow().get(0).get(1).orElseThrow().doubleValue())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  private static JointStatsSpec dealtStats() {
    return new JointStatsSpec(
        new Roles(List.of(ORG1, ORG2), ORG3, Optional.of(DEALER)),
        "id",
        EnumSet.of(Statistic.COUNT, Statistic.DOT),
        Optional.empty());
  }

  private static final Table T1 = rows(List.of("id", "a"), "k1,1", "k2,2", "k3,3", "k9,9");
  private static final Table T2 = rows(List.of("b", "id"), "10,k1", "20,k2", "30,k3", "0,k7");

  /** Replaces the dealer's transport with a fresh identity on a fresh port, as a new enclave. */
  private static void newDealer(TlsFixture f) throws Exception {
    f.transports.remove(DEALER).close();
    f.add(TlsFixture.identity(DEALER.value()), true);
  }

  @Test
  void a_party_back_with_another_key_and_port_is_dialled_afresh_and_pinned_to_the_new_key()
      throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3, DEALER))) {
      JointStatsSpec js = dealtStats();
      Map<PartyId, Table> in = Map.of(ORG1, T1, ORG2, T2);
      assertThat(((JointStatsResult) Sessions.requesterResult(js, runTls(f, js, in))).rows())
          .isEqualTo(3);
      newDealer(f); // each enclave dealer has its own key: the next session's dealer is another
      assertThat(((JointStatsResult) Sessions.requesterResult(js, runTls(f, js, in))).rows())
          .isEqualTo(3);
    }
  }

  @Test
  void a_party_admitted_inside_the_session_is_refused_until_pinned_then_connected()
      throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3))) {
      JointStatsSpec js = dealtStats();
      List<PartyId> all = js.roles().participants();
      SessionId sid = SessionId.of("task-late");
      Map<PartyId, PartyChannel> early = new TreeMap<>();
      for (PartyId p : List.of(ORG1, ORG2, ORG3)) {
        early.put(
            p,
            f.transports
                .get(p)
                .openSession(sid, all, Set.of(DEALER), TIMEOUT, Duration.ofMinutes(1)));
      }
      PartyIdentity dealer = TlsFixture.identity(DEALER.value());
      TlsPartyTransport dealerTransport = f.add(dealer, false);
      // Not yet pinned: the organisations' servers refuse the dealer's handshake.
      PartyChannel refused = dealerTransport.openSession(SessionId.of("probe"), all, TIMEOUT);
      assertThatThrownBy(() -> refused.send(ORG1, 1, new byte[] {1}))
          .isInstanceOf(SessionFailedException.class);
      assertThatThrownBy(() -> refused.receive(ORG1, 1)).isInstanceOf(SessionFailedException.class);
      refused.close();
      f.directory.register(
          new PartyEndpoint(
              DEALER, "127.0.0.1", dealerTransport.port(), dealer.certificate().getPublicKey()));
      for (PartyId p : early.keySet()) {
        f.transports.get(p).connect(sid, DEALER);
      }
      Map<PartyId, Sessions.Outcome> out =
          Sessions.run(
              js,
              Map.of(ORG1, T1, ORG2, T2),
              p -> {
                if (early.containsKey(p)) {
                  return early.get(p);
                }
                try {
                  return dealerTransport.openSession(sid, all, TIMEOUT);
                } catch (SessionFailedException e) {
                  throw new AssertionError(e);
                }
              });
      assertThat(((JointStatsResult) Sessions.requesterResult(js, out)).rows()).isEqualTo(3);
    }
  }

  @Test
  void an_abort_names_the_party_its_sender_blames() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3))) {
      SessionId sid = SessionId.of("task-blame");
      List<PartyId> all = List.of(ORG1, ORG2, ORG3);
      PartyChannel c1 = f.transports.get(ORG1).openSession(sid, all, TIMEOUT);
      PartyChannel c3 = f.transports.get(ORG3).openSession(sid, all, TIMEOUT);
      // org1 gave up waiting for org2 (which never joined) and tells the others whom it blames.
      c1.abort(
          new SessionFailedException(
              FailureReason.TIMEOUT, sid, Optional.of(ORG2), "no message of round 2"));
      assertThatThrownBy(() -> c3.receive(ORG1, 1))
          .isInstanceOf(SessionFailedException.class)
          .satisfies(
              e -> {
                SessionFailedException failure = (SessionFailedException) e;
                assertThat(failure.reason()).isEqualTo(FailureReason.PEER_ABORTED);
                assertThat(failure.culprit()).contains(ORG1);
                assertThat(failure.getMessage()).contains("TIMEOUT, caused by party org2");
              });
      c3.close();
    }
  }

  @Test
  void a_party_whose_server_is_killed_mid_session_makes_the_others_fail_within_the_timeout()
      throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3))) {
      SessionId sid = SessionId.of("task-killed");
      List<PartyId> parties = List.of(ORG1, ORG2, ORG3);
      PartyChannel c1 = f.transports.get(ORG1).openSession(sid, parties, TIMEOUT);
      PartyChannel c2 = f.transports.get(ORG2).openSession(sid, parties, TIMEOUT);
      f.transports.get(ORG3).openSession(sid, parties, TIMEOUT);
      c1.send(ORG2, 1, new byte[] {1});
      assertThat(c2.receive(ORG1, 1)).containsExactly(1);
      f.transports.get(ORG3).close(); // killed: its server and links go away mid-session
      long start = System.nanoTime();
      assertThatThrownBy(() -> c1.receive(ORG3, 2))
          .isInstanceOf(SessionFailedException.class)
          .satisfies(
              e ->
                  assertThat(((SessionFailedException) e).reason())
                      .isIn(FailureReason.PEER_DISCONNECTED, FailureReason.TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(2));
      c1.close();
      c2.close();
      assertThat(f.transports.get(ORG1).openSessions()).isZero();
    }
    assertNoLeakedThreads(before);
  }

  @Test
  void stopping_a_party_wakes_its_own_blocked_receive_at_once_as_cancelled() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2))) {
      SessionId sid = SessionId.of("task-stopped");
      List<PartyId> parties = List.of(ORG1, ORG2);
      Duration longWait = Duration.ofSeconds(30);
      PartyChannel c1 = f.transports.get(ORG1).openSession(sid, parties, longWait);
      f.transports.get(ORG2).openSession(sid, parties, longWait);
      ExecutorService exec = Executors.newSingleThreadExecutor();
      try {
        Future<SessionFailedException> blocked =
            exec.submit(
                () -> {
                  try {
                    c1.receive(ORG2, 1);
                    return null;
                  } catch (SessionFailedException e) {
                    return e;
                  }
                });
        Thread.sleep(300);
        long start = System.nanoTime();
        f.transports.get(ORG1).close(); // this party is stopped while it waits for a message
        SessionFailedException e = blocked.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.reason()).isEqualTo(FailureReason.CANCELLED);
        assertThat(e.culprit()).isEmpty();
      } finally {
        exec.shutdownNow();
      }
    }
  }

  @Test
  void a_whole_operation_fails_with_a_typed_reason_when_one_party_never_shows_up()
      throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2, ORG3))) {
      AggregateSpec spec =
          new AggregateSpec(
              new Roles(List.of(ORG1, ORG2), ORG3, Optional.empty()),
              List.of("x"),
              EnumSet.of(Aggregate.SUM),
              Optional.empty(),
              0);
      SessionId sid = SessionId.of("task-absent");
      ExecutorService exec = Executors.newFixedThreadPool(2);
      try {
        List<Future<SessionFailedException>> fs = new ArrayList<>();
        for (PartyId p : List.of(ORG1, ORG3)) {
          PartyChannel ch =
              f.transports.get(p).openSession(sid, spec.roles().participants(), TIMEOUT);
          Optional<Table> in =
              p.equals(ORG1) ? Optional.of(rows(List.of("x"), "1")) : Optional.empty();
          fs.add(
              exec.submit(
                  () -> {
                    try {
                      io.mitai.compute.ops.ComputeEngine.run(ch, spec, in);
                      return null;
                    } catch (SessionFailedException e) {
                      return e;
                    }
                  }));
        }
        for (Future<SessionFailedException> fu : fs) {
          SessionFailedException e = fu.get(TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
          assertThat(e).isNotNull();
          assertThat(e.reason()).isIn(FailureReason.TIMEOUT, FailureReason.PEER_ABORTED);
        }
      } finally {
        exec.shutdownNow();
      }
      assertThat(f.transports.values()).allSatisfy(t -> assertThat(t.openSessions()).isZero());
    }
  }

  @Test
  void a_party_with_an_unregistered_certificate_is_refused() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2))) {
      // An impostor claims to be org2 with its own, unregistered certificate.
      PartyIdentity impostor = TlsFixture.identity("org2");
      MapPartyDirectory dir = new MapPartyDirectory();
      dir.register(
          new PartyEndpoint(
              ORG1,
              "127.0.0.1",
              f.transports.get(ORG1).port(),
              f.identities.get(ORG1).certificate().getPublicKey()));
      try (TlsPartyTransport evil =
          TlsPartyTransport.start(impostor, new java.net.InetSocketAddress("127.0.0.1", 0), dir)) {
        SessionId sid = SessionId.of("task-impostor");
        PartyChannel good = f.transports.get(ORG1).openSession(sid, List.of(ORG1, ORG2), TIMEOUT);
        PartyChannel bad = evil.openSession(sid, List.of(ORG1, ORG2), TIMEOUT);
        assertThatThrownBy(
                () -> {
                  for (int i = 0; i < 3; i++) {
                    bad.send(ORG1, 1, new byte[] {42});
                    Thread.sleep(200);
                  }
                })
            .isInstanceOf(SessionFailedException.class);
        assertThatThrownBy(() -> good.receive(ORG2, 1))
            .isInstanceOf(SessionFailedException.class)
            .satisfies(
                e ->
                    assertThat(((SessionFailedException) e).reason())
                        .isEqualTo(FailureReason.TIMEOUT));
        good.close();
        bad.close();
      }
    }
  }

  @Test
  void garbage_from_an_authenticated_peer_fails_the_session_as_malformed() throws Exception {
    try (TlsFixture f = TlsFixture.start(List.of(ORG1, ORG2))) {
      SessionId sid = SessionId.of("task-garbage");
      PartyChannel c1 = f.transports.get(ORG1).openSession(sid, List.of(ORG1, ORG2), TIMEOUT);
      PartyChannel c2 = f.transports.get(ORG2).openSession(sid, List.of(ORG1, ORG2), TIMEOUT);
      // A well-framed message whose payload is garbage for the protocol...
      c2.send(ORG1, SecureAggregateRounds.HEADER, new byte[] {(byte) 0xff, 1, 2});
      AggregateSpec spec =
          new AggregateSpec(
              new Roles(List.of(ORG1, ORG2), ORG1, Optional.empty()),
              List.of("x"),
              EnumSet.of(Aggregate.SUM),
              Optional.empty(),
              0);
      assertThatThrownBy(
              () ->
                  io.mitai.compute.ops.ComputeEngine.run(
                      c1, spec, Optional.of(rows(List.of("x"), "1"))))
          .isInstanceOf(SessionFailedException.class)
          .satisfies(
              e -> {
                SessionFailedException s = (SessionFailedException) e;
                assertThat(s.reason()).isEqualTo(FailureReason.MALFORMED_MESSAGE);
                assertThat(s.culprit()).contains(ORG2);
              });
      // ...and the garbage sender, after org1's header, is told to abort.
      assertThat(c2.receive(ORG1, SecureAggregateRounds.HEADER)).isNotEmpty();
      assertThatThrownBy(() -> c2.receive(ORG1, 2))
          .isInstanceOf(SessionFailedException.class)
          .satisfies(
              e ->
                  assertThat(((SessionFailedException) e).reason())
                      .isEqualTo(FailureReason.PEER_ABORTED));
      c2.close();
    }
  }

  static void assertNoLeakedThreads(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> leaked = List.of();
    while (System.nanoTime() < deadline) {
      leaked =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> !before.contains(t) && t.isAlive())
              .map(Thread::getName)
              .filter(n -> n.startsWith("mitai-") || n.contains("grpc") || n.contains("netty"))
              .filter(
                  n -> !n.contains("grpc-shared-destroyer") && !n.contains("globalEventExecutor"))
              .toList();
      if (leaked.isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    Map<String, Integer> m = new TreeMap<>();
    leaked.forEach(n -> m.merge(n, 1, Integer::sum));
    throw new AssertionError("leaked threads: " + m);
  }

  /** Round numbers the garbage test targets. */
  static final class SecureAggregateRounds {
    static final int HEADER = 1;
  }
}
