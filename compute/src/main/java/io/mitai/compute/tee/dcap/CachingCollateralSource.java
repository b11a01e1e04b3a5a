package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import javax.security.auth.x500.X500Principal;

/**
 * Keeps a PCS/PCCS's answers per platform (TEE type, FMSPC, PCK CA) until the first of their {@code
 * nextUpdate}s (TCB info, QE identity, both CRLs), and at most {@code maxAge}: without it every
 * attestation costs four round trips to Intel, and PCS rate-limits. The cap exists because Intel
 * publishes a TCB recovery's new TCB info before the old one's {@code nextUpdate}; a PCCS refreshes
 * daily by default for the same reason.
 *
 * <p>Nothing cached is trusted: the verifier checks every answer at every use, and tells this cache
 * (through {@link #rejected}) when a collateral check fails, so a bad or stale answer is fetched
 * anew rather than served until its claimed expiry. Answers already past a {@code nextUpdate} are
 * not kept.
 */
public final class CachingCollateralSource implements CollateralSource {

  private static final Logger LOG = Logger.getLogger(CachingCollateralSource.class.getName());

  /** The cache holds a few platform families; this only bounds a misbehaving caller. */
  static final int MAX_ENTRIES = 1024;

  private record Platform(TeeType teeType, Bytes fmspc, X500Principal pckIssuer) {}

  private record Entry(DcapCollateral collateral, Instant expires) {}

  private final CollateralSource origin;
  private final Clock clock;
  private final Duration maxAge;
  private final ConcurrentMap<Platform, Entry> entries = new ConcurrentHashMap<>();

  public CachingCollateralSource(CollateralSource origin, Clock clock, Duration maxAge) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
    }
    this.maxAge = maxAge;
  }

  @Override
  public Optional<DcapCollateral> find(TeeType teeType, Bytes fmspc, X500Principal pckIssuer) {
    Platform platform = new Platform(teeType, fmspc, pckIssuer);
    Instant now = clock.instant();
    Entry cached = entries.get(platform);
    if (cached != null && now.isBefore(cached.expires())) {
      return Optional.of(cached.collateral());
    }
    Optional<DcapCollateral> fetched = origin.find(teeType, fmspc, pckIssuer);
    fetched
        .flatMap(c -> expiry(c, now))
        .ifPresentOrElse(
            expires -> keep(platform, new Entry(fetched.get(), expires)),
            () -> entries.remove(platform));
    return fetched;
  }

  @Override
  public void rejected(TeeType teeType, Bytes fmspc, X500Principal pckIssuer) {
    entries.remove(new Platform(teeType, fmspc, pckIssuer));
  }

  /** How many platforms have an answer kept (for tests and metrics). */
  public int size() {
    return entries.size();
  }

  private void keep(Platform platform, Entry entry) {
    if (entries.size() >= MAX_ENTRIES && !entries.containsKey(platform)) {
      entries.clear();
    }
    entries.put(platform, entry);
  }

  /**
   * When the answer must be fetched again: its earliest {@code nextUpdate}, capped at {@code
   * maxAge} from now; empty if it is already due or cannot be read (then the verifier refuses it).
   */
  private Optional<Instant> expiry(DcapCollateral c, Instant now) {
    Instant expires = now.plus(maxAge);
    try {
      expires = earliest(expires, CollateralJson.tcbInfo(c.tcbInfo().body()).nextUpdate());
      expires = earliest(expires, CollateralJson.qeIdentity(c.qeIdentity().body()).nextUpdate());
    } catch (EvidenceRejectedException e) {
      LOG.fine("collateral not kept: " + e.getMessage());
      return Optional.empty();
    }
    if (c.rootCaCrl().getNextUpdate() == null || c.pckCrl().getNextUpdate() == null) {
      return Optional.empty();
    }
    expires = earliest(expires, c.rootCaCrl().getNextUpdate().toInstant());
    expires = earliest(expires, c.pckCrl().getNextUpdate().toInstant());
    return now.isBefore(expires) ? Optional.of(expires) : Optional.empty();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
