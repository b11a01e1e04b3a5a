package io.mitai.compute.tee.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.tee.dcap.DcapTestData.GenuineSet;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.RefusalReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The DCAP collateral cache keeps Intel's answers until they are due, and never a refused one. */
class CachingCollateralSourceTest {

  private static final Duration A_MONTH = Duration.ofDays(31);

  private final GenuineSet set = DcapTestData.phalaSgx();
  private final MovableClock clock = new MovableClock(set.inside());
  private final CountingSource origin = new CountingSource();

  @Test
  void a_second_quote_of_the_platform_is_verified_without_asking_intel_again() throws Exception {
    origin.answers(set.collateral());
    DcapQuoteVerifier verifier = verifier(new CachingCollateralSource(origin, clock, A_MONTH));

    verify(verifier);
    verify(verifier);

    assertThat(origin.calls).isEqualTo(1);
  }

  @Test
  void the_answer_is_kept_until_its_earliest_next_update_and_fetched_again_after()
      throws Exception {
    origin.answers(set.collateral(), set.collateral());
    var cache = new CachingCollateralSource(origin, clock, A_MONTH);
    Instant due = earliestNextUpdate(set.collateral());

    clock.set(due.minusSeconds(1));
    find(cache);
    clock.set(due.minusMillis(1));
    find(cache);
    assertThat(origin.calls).isEqualTo(1);

    clock.set(due);
    find(cache);
    assertThat(origin.calls).isEqualTo(2);
  }

  @Test
  void the_answer_is_fetched_again_after_max_age_even_before_its_next_update() {
    origin.answers(set.collateral(), set.collateral());
    var cache = new CachingCollateralSource(origin, clock, Duration.ofHours(24));

    find(cache);
    clock.set(set.inside().plus(Duration.ofHours(24)));
    find(cache);

    assertThat(origin.calls).isEqualTo(2);
  }

  @Test
  void collateral_the_verifier_refuses_is_dropped_and_fetched_anew() throws Exception {
    SignedCollateral genuine = set.collateral().tcbInfo();
    byte[] signature = genuine.signature().toByteArray();
    signature[7] ^= 1;
    DcapCollateral forged =
        new DcapCollateral(
            new SignedCollateral(genuine.body(), Bytes.of(signature), genuine.issuerChain()),
            set.collateral().qeIdentity(),
            set.collateral().rootCaCrl(),
            set.collateral().pckCrl());
    origin.answers(forged, set.collateral());
    var cache = new CachingCollateralSource(origin, clock, A_MONTH);
    DcapQuoteVerifier verifier = verifier(cache);

    assertThatThrownBy(() -> verify(verifier))
        .isInstanceOfSatisfying(
            EvidenceRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.COLLATERAL_SIGNATURE_INVALID));
    assertThat(cache.size()).isZero();

    verify(verifier);
    assertThat(origin.calls).isEqualTo(2);
  }

  @Test
  void an_answer_already_past_its_next_update_is_not_kept() {
    origin.answers(set.collateral(), set.collateral());
    var cache = new CachingCollateralSource(origin, clock, A_MONTH);
    clock.set(earliestNextUpdate(set.collateral()).plusSeconds(1));

    find(cache);
    find(cache);

    assertThat(origin.calls).isEqualTo(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void no_answer_is_not_remembered() {
    var cache = new CachingCollateralSource(origin, clock, A_MONTH);

    assertThat(find(cache)).isEmpty();
    origin.answers(set.collateral());
    assertThat(find(cache)).contains(set.collateral());
  }

  @Test
  void each_platform_has_its_own_answer() {
    GenuineSet other = DcapTestData.phalaTdx();
    origin.answers(set.collateral(), other.collateral());
    var cache = new CachingCollateralSource(origin, clock, A_MONTH);

    assertThat(find(cache)).contains(set.collateral());
    assertThat(cache.find(TeeType.TDX, fmspc(), issuer())).contains(other.collateral());
    assertThat(find(cache)).contains(set.collateral());
    assertThat(origin.calls).isEqualTo(2);
  }

  private static DcapQuoteVerifier verifier(CollateralSource source) {
    return new DcapQuoteVerifier(DcapTestData.root(), source);
  }

  private void verify(DcapQuoteVerifier verifier) throws EvidenceRejectedException {
    verifier.verify(
        new Evidence(EvidenceFormat.INTEL_DCAP_QUOTE, set.quote()),
        GenuineQuotesTest.expectationFor(set),
        set.inside());
  }

  private static Optional<DcapCollateral> find(CollateralSource source) {
    return source.find(TeeType.SGX, fmspc(), issuer());
  }

  private static Bytes fmspc() {
    return Bytes.of(new byte[] {0, (byte) 0x90, 0x6e, (byte) 0xa1, 0, 0});
  }

  private static X500Principal issuer() {
    return new X500Principal("CN=Intel SGX PCK Platform CA");
  }

  private static Instant earliestNextUpdate(DcapCollateral c) {
    try {
      return Stream.of(
              CollateralJson.tcbInfo(c.tcbInfo().body()).nextUpdate(),
              CollateralJson.qeIdentity(c.qeIdentity().body()).nextUpdate(),
              c.rootCaCrl().getNextUpdate().toInstant(),
              c.pckCrl().getNextUpdate().toInstant())
          .min(Instant::compareTo)
          .orElseThrow();
    } catch (EvidenceRejectedException e) {
      throw new AssertionError(e);
    }
  }

  /** Intel's service as the cache sees it: the answers it gives, in order, and how often asked. */
  private static final class CountingSource implements CollateralSource {
    private final Deque<DcapCollateral> answers = new ArrayDeque<>();
    int calls;

    void answers(DcapCollateral... next) {
      answers.addAll(List.of(next));
    }

    @Override
    public Optional<DcapCollateral> find(TeeType teeType, Bytes fmspc, X500Principal pckIssuer) {
      calls++;
      return Optional.ofNullable(answers.poll());
    }
  }

  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
