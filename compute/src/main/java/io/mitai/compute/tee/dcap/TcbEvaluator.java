package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TcbStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pure TCB evaluation to Intel's published rules, on collateral whose signatures and validity were
 * already checked:
 *
 * <ol>
 *   <li>QE identity: the QE report's MRSIGNER and ISVPRODID equal the identity's, and its
 *       MISCSELECT and ATTRIBUTES equal the identity's under the masks; the QE status is that of
 *       the first level whose ISVSVN is at most the QE report's.
 *   <li>Platform: the first TCB info level (Intel lists them highest first) such that every one of
 *       the PCK certificate's 16 SGX component SVNs and its PCE SVN is at least the level's, and,
 *       for TDX, every TEE_TCB_SVN byte is at least the level's {@code tdxtcbcomponents} — from
 *       byte 2 on when TEE_TCB_SVN[1] (the TDX module major version) is not 0, because bytes 0 and
 *       1 are then graded by the TDX module identity.
 *   <li>TDX module: the identity {@code TDX_<major as two hex digits>}: MRSIGNERSEAM and
 *       SEAMATTRIBUTES (masked) must match, and its status is that of the first level whose ISVSVN
 *       is at most TEE_TCB_SVN[0]. A TCB info without module identities falls back to the generic
 *       {@code tdxModule} (signer and attributes only).
 *   <li>Convergence: an OUT_OF_DATE QE or module turns an UP_TO_DATE or SW_HARDENING_NEEDED
 *       platform into OUT_OF_DATE and a CONFIGURATION_NEEDED or
 *       CONFIGURATION_AND_SW_HARDENING_NEEDED one into OUT_OF_DATE_CONFIGURATION_NEEDED; anything
 *       REVOKED is refused.
 * </ol>
 *
 * A platform, QE or module that meets no level is refused (TCB_LEVEL_NOT_FOUND), as Intel's library
 * reports "TCB not supported".
 */
public final class TcbEvaluator {
  private TcbEvaluator() {}

  /** Evaluates the quote's TCB; collateral identity checks (id, FMSPC, PCE-ID) come first. */
  public static TcbEvaluation evaluate(
      Quote quote, PckExtension pck, TcbInfo tcbInfo, QeIdentity qeIdentity)
      throws EvidenceRejectedException {
    TeeType tee = quote.header().teeType();
    if (tcbInfo.teeType() != tee) {
      throw mismatch("TCB info is for " + tcbInfo.teeType() + ", the quote is " + tee);
    }
    if (!qeIdentity.id().equals(tee.qeIdentityId())) {
      throw mismatch("QE identity " + qeIdentity.id() + " does not apply to " + tee);
    }
    if (!tcbInfo.fmspc().equals(pck.fmspc())) {
      throw mismatch("TCB info FMSPC " + tcbInfo.fmspc() + " is not the PCK's " + pck.fmspc());
    }
    if (!tcbInfo.pceId().equals(pck.pceId())) {
      throw mismatch("TCB info PCE-ID " + tcbInfo.pceId() + " is not the PCK's " + pck.pceId());
    }
    List<String> advisories = new ArrayList<>();

    EnclaveTcbLevel qeLevel = qeLevel(quote.signatureData().qeReport(), qeIdentity);
    advisories.addAll(qeLevel.advisoryIds());

    Optional<Bytes> teeTcbSvn =
        quote.body() instanceof TdReportBody td ? Optional.of(td.teeTcbSvn()) : Optional.empty();
    if (tee == TeeType.TDX && teeTcbSvn.isEmpty()) {
      throw new EvidenceRejectedException(
          RefusalReason.UNSUPPORTED_QUOTE, "a TDX quote must carry a TD report");
    }
    TcbLevel level = platformLevel(pck, tcbInfo, teeTcbSvn);
    advisories.addAll(level.advisoryIds());

    Optional<TcbStatus> moduleStatus = Optional.empty();
    if (quote.body() instanceof TdReportBody td) {
      Optional<EnclaveTcbLevel> moduleLevel = tdxModuleLevel(td, tcbInfo);
      moduleLevel.ifPresent(l -> advisories.addAll(l.advisoryIds()));
      moduleStatus = moduleLevel.map(EnclaveTcbLevel::status);
    }

    TcbStatus combined = converge(level.status(), qeLevel.status());
    if (moduleStatus.isPresent()) {
      combined = converge(combined, moduleStatus.get());
    }
    if (combined == TcbStatus.REVOKED) {
      throw new EvidenceRejectedException(
          RefusalReason.TCB_REVOKED,
          "platform " + level.status() + ", QE " + qeLevel.status() + ", module " + moduleStatus);
    }
    return new TcbEvaluation(level.status(), qeLevel.status(), moduleStatus, combined, advisories);
  }

  /** Intel's convergence of a platform status with a QE or TDX module status. */
  static TcbStatus converge(TcbStatus platform, TcbStatus other) {
    if (platform == TcbStatus.REVOKED || other == TcbStatus.REVOKED) {
      return TcbStatus.REVOKED;
    }
    if (other != TcbStatus.OUT_OF_DATE) {
      return platform;
    }
    return switch (platform) {
      case UP_TO_DATE, SW_HARDENING_NEEDED -> TcbStatus.OUT_OF_DATE;
      case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED ->
          TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
      default -> platform;
    };
  }

  private static EnclaveTcbLevel qeLevel(SgxReportBody qe, QeIdentity id)
      throws EvidenceRejectedException {
    if (!qe.mrSigner().equals(id.mrSigner())) {
      throw qeMismatch("MRSIGNER " + qe.mrSigner() + " is not " + id.mrSigner());
    }
    if (qe.isvProdId() != id.isvProdId()) {
      throw qeMismatch("ISVPRODID " + qe.isvProdId() + " is not " + id.isvProdId());
    }
    if ((qe.miscSelect() & id.miscSelectMask()) != (id.miscSelect() & id.miscSelectMask())) {
      throw qeMismatch("MISCSELECT does not match under the mask");
    }
    if (!maskedEqual(qe.attributes(), id.attributes(), id.attributesMask())) {
      throw qeMismatch("ATTRIBUTES do not match under the mask");
    }
    return firstLevelAtMost(id.tcbLevels(), qe.isvSvn(), "QE ISVSVN " + qe.isvSvn());
  }

  private static TcbLevel platformLevel(PckExtension pck, TcbInfo info, Optional<Bytes> teeTcbSvn)
      throws EvidenceRejectedException {
    for (TcbLevel level : info.tcbLevels()) {
      if (!atLeast(pck.componentSvns(), level.sgxComponentSvns(), 0)
          || pck.pceSvn() < level.pceSvn()) {
        continue;
      }
      if (teeTcbSvn.isPresent()) {
        Bytes svn = teeTcbSvn.get();
        if (level.tdxComponentSvns().isEmpty()) {
          continue;
        }
        List<Integer> tee = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          tee.add(svn.unsignedAt(i));
        }
        int from = svn.unsignedAt(1) > 0 ? 2 : 0;
        if (!atLeast(tee, level.tdxComponentSvns(), from)) {
          continue;
        }
      }
      return level;
    }
    throw new EvidenceRejectedException(
        RefusalReason.TCB_LEVEL_NOT_FOUND,
        "the platform (PCE SVN "
            + pck.pceSvn()
            + ", SGX components "
            + pck.componentSvns()
            + teeTcbSvn.map(s -> ", TEE_TCB_SVN " + s).orElse("")
            + ") meets no TCB level of TCB info "
            + info.tcbEvaluationDataNumber());
  }

  private static Optional<EnclaveTcbLevel> tdxModuleLevel(TdReportBody td, TcbInfo info)
      throws EvidenceRejectedException {
    int major = td.teeTcbSvn().unsignedAt(1);
    int minor = td.teeTcbSvn().unsignedAt(0);
    String id = String.format(Locale.ROOT, "TDX_%02X", major);
    Optional<TdxModuleIdentity> identity =
        info.tdxModuleIdentities().stream().filter(m -> m.id().equals(id)).findFirst();
    if (identity.isEmpty()) {
      if (!info.tdxModuleIdentities().isEmpty() && major > 0) {
        throw new EvidenceRejectedException(
            RefusalReason.TCB_LEVEL_NOT_FOUND, "no TDX module identity " + id);
      }
      if (info.tdxModule().isPresent()) {
        checkModule(td, info.tdxModule().get());
      }
      return Optional.empty();
    }
    checkModule(td, identity.get());
    return Optional.of(
        firstLevelAtMost(identity.get().tcbLevels(), minor, "TDX module " + id + " SVN " + minor));
  }

  private static void checkModule(TdReportBody td, TdxModuleIdentity m)
      throws EvidenceRejectedException {
    if (!td.mrSignerSeam().equals(m.mrSigner())) {
      throw new EvidenceRejectedException(
          RefusalReason.TDX_MODULE_MISMATCH, "MRSIGNERSEAM is not " + m.id() + "'s signer");
    }
    if (!maskedEqual(td.seamAttributes(), m.attributes(), m.attributesMask())) {
      throw new EvidenceRejectedException(
          RefusalReason.TDX_MODULE_MISMATCH, "SEAMATTRIBUTES do not match " + m.id());
    }
  }

  private static EnclaveTcbLevel firstLevelAtMost(
      List<EnclaveTcbLevel> levels, int svn, String what) throws EvidenceRejectedException {
    return levels.stream()
        .filter(l -> l.isvSvn() <= svn)
        .findFirst()
        .orElseThrow(
            () ->
                new EvidenceRejectedException(
                    RefusalReason.TCB_LEVEL_NOT_FOUND, what + " meets no TCB level"));
  }

  private static boolean atLeast(List<Integer> actual, List<Integer> required, int from) {
    for (int i = from; i < required.size(); i++) {
      if (actual.get(i) < required.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean maskedEqual(Bytes actual, Bytes expected, Bytes mask) {
    if (actual.length() != expected.length() || mask.length() != actual.length()) {
      return false;
    }
    for (int i = 0; i < actual.length(); i++) {
      if ((actual.unsignedAt(i) & mask.unsignedAt(i))
          != (expected.unsignedAt(i) & mask.unsignedAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static EvidenceRejectedException mismatch(String detail) {
    return new EvidenceRejectedException(RefusalReason.COLLATERAL_MISMATCH, detail);
  }

  private static EvidenceRejectedException qeMismatch(String detail) {
    return new EvidenceRejectedException(RefusalReason.QE_IDENTITY_MISMATCH, detail);
  }
}
