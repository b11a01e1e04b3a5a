package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.dcap.Json.Arr;
import io.mitai.compute.tee.dcap.Json.JsonException;
import io.mitai.compute.tee.dcap.Json.Node;
import io.mitai.compute.tee.dcap.Json.Num;
import io.mitai.compute.tee.dcap.Json.Obj;
import io.mitai.compute.tee.dcap.Json.Str;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TcbStatus;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads TCB info and QE identity JSON (Intel PCS formats). Every failure is COLLATERAL_MALFORMED.
 */
final class CollateralJson {
  private CollateralJson() {}

  /** Parses the signed {@code tcbInfo} object. */
  static TcbInfo tcbInfo(Bytes signedBody) throws EvidenceRejectedException {
    Obj o = object(signedBody);
    int version = integer(o, "version");
    TeeType tee;
    if (version == 2) {
      tee = TeeType.SGX;
    } else if (version == 3) {
      String id = string(o, "id");
      tee =
          switch (id) {
            case "SGX" -> TeeType.SGX;
            case "TDX" -> TeeType.TDX;
            default -> throw bad("unknown TCB info id " + id);
          };
    } else {
      throw bad("unsupported TCB info version " + version);
    }
    List<TcbLevel> levels = new ArrayList<>();
    for (Node n : array(o, "tcbLevels")) {
      Obj level = asObj(n, "tcbLevel");
      Obj tcb = obj(level, "tcb");
      List<Integer> sgx = new ArrayList<>();
      List<Integer> tdx = new ArrayList<>();
      if (version == 2) {
        for (int i = 1; i <= 16; i++) {
          sgx.add(integer(tcb, String.format(java.util.Locale.ROOT, "sgxtcbcomp%02dsvn", i)));
        }
      } else {
        sgx.addAll(components(tcb, "sgxtcbcomponents"));
        if (tee == TeeType.TDX) {
          tdx.addAll(components(tcb, "tdxtcbcomponents"));
        }
      }
      levels.add(
          new TcbLevel(
              sgx,
              integer(tcb, "pcesvn"),
              tdx,
              instant(level, "tcbDate"),
              status(level),
              advisories(level)));
    }
    Optional<TdxModuleIdentity> module = Optional.empty();
    List<TdxModuleIdentity> identities = new ArrayList<>();
    if (tee == TeeType.TDX) {
      Optional<Node> m = o.get("tdxModule");
      if (m.isPresent()) {
        module = Optional.of(moduleIdentity(asObj(m.get(), "tdxModule"), "TDX", false));
      }
      Optional<Node> ids = o.get("tdxModuleIdentities");
      if (ids.isPresent()) {
        for (Node n : asArr(ids.get(), "tdxModuleIdentities").items()) {
          Obj mi = asObj(n, "tdxModuleIdentity");
          identities.add(moduleIdentity(mi, string(mi, "id"), true));
        }
      }
    }
    return new TcbInfo(
        tee,
        version,
        instant(o, "issueDate"),
        instant(o, "nextUpdate"),
        hex(o, "fmspc", 6),
        hex(o, "pceId", 2),
        integer(o, "tcbEvaluationDataNumber"),
        levels,
        module,
        identities);
  }

  /** Parses the signed {@code enclaveIdentity} object. */
  static QeIdentity qeIdentity(Bytes signedBody) throws EvidenceRejectedException {
    Obj o = object(signedBody);
    int version = integer(o, "version");
    if (version != 2) {
      throw bad("unsupported enclave identity version " + version);
    }
    List<EnclaveTcbLevel> levels = new ArrayList<>();
    for (Node n : array(o, "tcbLevels")) {
      levels.add(enclaveLevel(asObj(n, "tcbLevel")));
    }
    return new QeIdentity(
        string(o, "id"),
        version,
        instant(o, "issueDate"),
        instant(o, "nextUpdate"),
        integer(o, "tcbEvaluationDataNumber"),
        u32(hex(o, "miscselect", 4)),
        u32(hex(o, "miscselectMask", 4)),
        hex(o, "attributes", 16),
        hex(o, "attributesMask", 16),
        hex(o, "mrsigner", 32),
        integer(o, "isvprodid"),
        levels);
  }

  /**
   * The exact bytes of {@code member} of a PCS response body such as {@code
   * {"tcbInfo":{...},"signature":"<hex r||s>"}}, and the decoded signature.
   */
  static SignedCollateral signedMember(Bytes body, String member, List<X509Certificate> issuerChain)
      throws EvidenceRejectedException {
    byte[] src = body.toByteArray();
    Obj o = object(body);
    Node signed = o.get(member).orElseThrow(() -> bad("no " + member));
    asObj(signed, member);
    return new SignedCollateral(
        Bytes.of(Json.raw(src, signed)), hex(o, "signature", 64), issuerChain);
  }

  private static TdxModuleIdentity moduleIdentity(Obj o, String id, boolean withLevels)
      throws EvidenceRejectedException {
    List<EnclaveTcbLevel> levels = new ArrayList<>();
    if (withLevels) {
      for (Node n : array(o, "tcbLevels")) {
        levels.add(enclaveLevel(asObj(n, "tcbLevel")));
      }
    }
    return new TdxModuleIdentity(
        id, hex(o, "mrsigner", 48), hex(o, "attributes", 8), hex(o, "attributesMask", 8), levels);
  }

  private static EnclaveTcbLevel enclaveLevel(Obj level) throws EvidenceRejectedException {
    return new EnclaveTcbLevel(
        integer(obj(level, "tcb"), "isvsvn"),
        instant(level, "tcbDate"),
        status(level),
        advisories(level));
  }

  private static List<Integer> components(Obj tcb, String key) throws EvidenceRejectedException {
    List<Integer> out = new ArrayList<>();
    for (Node n : array(tcb, key)) {
      out.add(integer(asObj(n, key), "svn"));
    }
    if (out.size() != 16) {
      throw bad(key + " has " + out.size() + " entries, not 16");
    }
    return out;
  }

  private static TcbStatus status(Obj level) throws EvidenceRejectedException {
    String s = string(level, "tcbStatus");
    return TcbStatus.fromIntelName(s)
        .filter(t -> t != TcbStatus.NOT_APPLICABLE_SIMULATED)
        .orElseThrow(() -> bad("unknown tcbStatus " + s));
  }

  private static List<String> advisories(Obj level) throws EvidenceRejectedException {
    List<String> out = new ArrayList<>();
    Optional<Node> a = level.get("advisoryIDs");
    if (a.isPresent()) {
      for (Node n : asArr(a.get(), "advisoryIDs").items()) {
        if (!(n instanceof Str s)) {
          throw bad("advisory id is not a string");
        }
        out.add(s.value());
      }
    }
    return out;
  }

  private static Obj object(Bytes body) throws EvidenceRejectedException {
    try {
      return asObj(Json.parse(body.toByteArray()), "document");
    } catch (JsonException e) {
      throw new EvidenceRejectedException(
          RefusalReason.COLLATERAL_MALFORMED, "collateral JSON: " + e.getMessage(), e);
    }
  }

  private static Node member(Obj o, String key) throws EvidenceRejectedException {
    return o.get(key).orElseThrow(() -> bad("missing " + key));
  }

  private static Obj obj(Obj o, String key) throws EvidenceRejectedException {
    return asObj(member(o, key), key);
  }

  private static List<Node> array(Obj o, String key) throws EvidenceRejectedException {
    return asArr(member(o, key), key).items();
  }

  private static Obj asObj(Node n, String what) throws EvidenceRejectedException {
    if (n instanceof Obj o) {
      return o;
    }
    throw bad(what + " is not an object");
  }

  private static Arr asArr(Node n, String what) throws EvidenceRejectedException {
    if (n instanceof Arr a) {
      return a;
    }
    throw bad(what + " is not an array");
  }

  private static String string(Obj o, String key) throws EvidenceRejectedException {
    if (member(o, key) instanceof Str s) {
      return s.value();
    }
    throw bad(key + " is not a string");
  }

  private static int integer(Obj o, String key) throws EvidenceRejectedException {
    if (member(o, key) instanceof Num n) {
      try {
        int v = n.value().intValueExact();
        if (v >= 0) {
          return v;
        }
      } catch (ArithmeticException e) {
        // falls through to the refusal below
      }
    }
    throw bad(key + " is not a non-negative integer");
  }

  private static Instant instant(Obj o, String key) throws EvidenceRejectedException {
    String s = string(o, key);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw bad(key + " is not an ISO-8601 instant: " + s);
    }
  }

  private static Bytes hex(Obj o, String key, int length) throws EvidenceRejectedException {
    String s = string(o, key);
    try {
      Bytes b = Bytes.fromHex(s);
      if (b.length() == length) {
        return b;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal below
    }
    throw bad(key + " is not " + length + " bytes of hex");
  }

  private static long u32(Bytes bigEndian) {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = v << 8 | bigEndian.unsignedAt(i);
    }
    return v;
  }

  private static EvidenceRejectedException bad(String detail) {
    return new EvidenceRejectedException(RefusalReason.COLLATERAL_MALFORMED, detail);
  }
}
