package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.dcap.Json.Arr;
import io.mitai.compute.tee.dcap.Json.Node;
import io.mitai.compute.tee.dcap.Json.Num;
import io.mitai.compute.tee.dcap.Json.Obj;
import io.mitai.compute.tee.dcap.Json.Str;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.TcbStatus;
import io.mitai.compute.tee.evidence.TeePlatform;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The genuine Intel quotes and collateral of testdata/sgx-dcap (see its README for sources,
 * licences and windows), loaded from their three collateral formats into {@link DcapCollateral}.
 */
final class DcapTestData {
  static final Path DIR = locate();

  private DcapTestData() {}

  /**
   * A genuine quote with its collateral and what the README documents about it.
   *
   * @param quote the quote cut to its own length (files carry padding)
   * @param validFrom start of the documented collateral window
   * @param validUntil end of the documented collateral window
   * @param outcome the expected TCB status, or empty if the quote is refused inside its window
   */
  record GenuineSet(
      String name,
      Bytes quote,
      DcapCollateral collateral,
      Instant validFrom,
      Instant validUntil,
      TeePlatform platform,
      List<Measurement> measurements,
      Bytes reportData,
      boolean debug,
      Optional<TcbStatus> outcome,
      List<String> advisories) {
    Instant inside() {
      return validFrom.plusSeconds((validUntil.getEpochSecond() - validFrom.getEpochSecond()) / 2);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static X509Certificate root() {
    return certs(read("intel-sgx-root-ca.pem")).get(0);
  }

  static List<GenuineSet> verifiable() {
    return List.of(phalaSgx(), automataSgx(), phalaTdx(), automataTdx());
  }

  static GenuineSet phalaSgx() {
    return new GenuineSet(
        "sgx-v3/phala",
        quote("sgx-v3/phala/sgx_quote"),
        qvl("sgx-v3/phala/sgx_quote_collateral.json"),
        Instant.parse("2025-06-19T10:56:11Z"),
        Instant.parse("2025-07-19T10:01:18Z"),
        TeePlatform.INTEL_SGX,
        sgx(
            "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb",
            "815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6"),
        padded("48656c6c6f2c20776f726c6421"),
        false,
        Optional.of(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED),
        List.of("INTEL-SA-00289", "INTEL-SA-00615"));
  }

  static GenuineSet automataSgx() {
    return new GenuineSet(
        "sgx-v3/automata",
        quote("sgx-v3/automata/quotev3.hex"),
        pcs(
            "sgx-v3/automata/sgx_tcbinfov3_00606a000000.json",
            "sgx-v3/automata/sgx_qeidentity_v4.json",
            "intel-tcb-signing-chain-2025.pem",
            "intel-sgx-root-ca-crl-2025-03-20.der",
            "sgx-v3/automata/platform_crl.der"),
        Instant.parse("2025-08-15T05:41:26Z"),
        Instant.parse("2025-09-14T04:36:46Z"),
        TeePlatform.INTEL_SGX,
        sgx(
            "a4f45c39dac622cb1dd32ddb35a52ec92db41d0fa88a1c911c49e59c534f61cd",
            "8f2dbc0f9c5d3378d596974b2deed1f93223cc49242899f83809bcc92546132c"),
        padded(""),
        false,
        Optional.of(TcbStatus.SW_HARDENING_NEEDED),
        List.of());
  }

  static GenuineSet fortanixSgx() {
    return new GenuineSet(
        "sgx-v3/fortanix",
        quote("sgx-v3/fortanix/quote.bin"),
        fortanix(),
        Instant.parse("2020-05-18T17:49:24Z"),
        Instant.parse("2020-06-17T17:49:21Z"),
        TeePlatform.INTEL_SGX,
        sgx(
            "2531fd89facb97c6bab5f343805afe4dc051c2bef0d11309ac553c404326dda2",
            "9affcfae47b848ec2caf1c49b4b283531e1cc425f93582b36806e52a43d78d1a"),
        padded("240aebbc42245d152a01d2aa755750dae361dd19ffcaf7eb0c14deab93d59820"),
        true,
        Optional.empty(),
        List.of());
  }

  static GenuineSet phalaTdx() {
    return new GenuineSet(
        "tdx/phala v4",
        quote("tdx/phala/tdx_quote"),
        qvl("tdx/phala/tdx_quote_collateral.json"),
        Instant.parse("2025-06-19T10:32:27Z"),
        Instant.parse("2025-07-19T10:00:35Z"),
        TeePlatform.INTEL_TDX,
        tdx(
            "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7"),
        Bytes.fromHex(
            "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9"
                + "eca3efdbb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20"),
        false,
        Optional.of(TcbStatus.UP_TO_DATE),
        List.of());
  }

  static GenuineSet phalaTdxV5() {
    return new GenuineSet(
        "tdx/phala v5 (outdated)",
        quote("tdx/phala/tdx_quote_outdated"),
        qvl("tdx/phala/tdx_quote_outdated_collateral.json"),
        Instant.parse("2026-02-18T10:58:51Z"),
        Instant.parse("2026-03-20T10:41:15Z"),
        TeePlatform.INTEL_TDX,
        tdx(
            "273828c46252fcbdd8ad2dd907130222b03466d52a2911d70c1a5950895d6bd1ae451d382d5a9b1b4c0ed0e5ae9a3dbd"),
        padded("d2142b643598eb5fae2bc8529dd79a558b29f868ccbb6531cb28dab9dce47728"),
        false,
        Optional.empty(),
        List.of());
  }

  static GenuineSet goTdx() {
    return new GenuineSet(
        "tdx/go-tdx-guest",
        quote("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat"),
        pcs(
            "tdx/go-tdx-guest/sample_tcbInfo_response",
            "tdx/go-tdx-guest/sample_qeIdentity_response",
            "intel-tcb-signing-chain-2018.pem",
            "tdx/go-tdx-guest/rootcrl.der",
            "tdx/go-tdx-guest/pckcrl"),
        Instant.parse("2023-06-18T08:42:58Z"),
        Instant.parse("2023-07-08T07:24:59Z"),
        TeePlatform.INTEL_TDX,
        tdx(
            "6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215cbb"),
        Bytes.fromHex(
            "6c62dec1b8191749a31dab490be532a35944dea47caef1f980863993d9899545"
                + "eb7406a38d1eed313b987a467dacead6f0c87a6d766c66f6f29f8acb281f1113"),
        false,
        Optional.empty(),
        List.of());
  }

  static GenuineSet automataTdx() {
    return new GenuineSet(
        "tdx/automata v4",
        quote("tdx/automata/quotev4.hex"),
        pcs(
            "tdx/automata/tcb_info.json",
            "tdx/automata/identity.json",
            "intel-tcb-signing-chain-2025.pem",
            "intel-sgx-root-ca-crl-2025-03-20.der",
            "tdx/automata/pck_crl.der"),
        Instant.parse("2025-10-19T17:48:50Z"),
        Instant.parse("2025-11-12T10:45:32Z"),
        TeePlatform.INTEL_TDX,
        tdx(
            "935be7742dd89c6a4df6dba8353d89041ae0f052beef993b1e7f4524d3bc57650df20e5582158352e1240b3f1fed55d8"),
        padded(""),
        false,
        Optional.of(TcbStatus.OUT_OF_DATE),
        List.of("INTEL-SA-00960", "INTEL-SA-00982", "INTEL-SA-00986"));
  }

  // ---- loaders ------------------------------------------------------------------------------

  /** A quote file (binary or hex text) cut to the quote's own length. */
  static Bytes quote(String file) {
    byte[] raw = read(file);
    if (file.endsWith(".hex")) {
      raw = HexFormat.of().parseHex(new String(raw, StandardCharsets.US_ASCII).strip());
    }
    Bytes all = Bytes.of(raw);
    try {
      return all.slice(0, QuoteParser.quoteLength(all));
    } catch (Exception e) {
      throw new IllegalStateException(file, e);
    }
  }

  /** dcap-qvl {@code QuoteCollateralV3} JSON: signed JSON as strings, hex signatures and CRLs. */
  static DcapCollateral qvl(String file) {
    Obj o = obj(read(file));
    return new DcapCollateral(
        new SignedCollateral(
            utf8(str(o, "tcb_info")),
            Bytes.fromHex(str(o, "tcb_info_signature")),
            certs(str(o, "tcb_info_issuer_chain").getBytes(StandardCharsets.US_ASCII))),
        new SignedCollateral(
            utf8(str(o, "qe_identity")),
            Bytes.fromHex(str(o, "qe_identity_signature")),
            certs(str(o, "qe_identity_issuer_chain").getBytes(StandardCharsets.US_ASCII))),
        crl(HexFormat.of().parseHex(str(o, "root_ca_crl"))),
        crl(HexFormat.of().parseHex(str(o, "pck_crl"))));
  }

  /** Raw PCS response bodies, the issuer chain PCS sends in a header, and DER CRLs. */
  static DcapCollateral pcs(
      String tcbInfo, String qeIdentity, String signingChain, String rootCrl, String pckCrl) {
    List<X509Certificate> chain = certs(read(signingChain));
    try {
      return new DcapCollateral(
          SignedCollateral.fromPcsResponse(Bytes.of(read(tcbInfo)), "tcbInfo", chain),
          SignedCollateral.fromPcsResponse(Bytes.of(read(qeIdentity)), "enclaveIdentity", chain),
          crl(read(rootCrl)),
          crl(read(pckCrl)));
    } catch (Exception e) {
      throw new IllegalStateException(tcbInfo, e);
    }
  }

  /**
   * Fortanix's wrappers: signed JSON as a string, the signature as a DER byte array, the chain as
   * PEM strings. No 2020 root CA CRL exists in the testdata; the 2025 one stands in (and is not yet
   * valid in 2020, which the verifier must notice).
   */
  static DcapCollateral fortanix() {
    Obj tcb = obj(read("sgx-v3/fortanix/00906ea10000.tcb"));
    Obj qe = obj(read("sgx-v3/fortanix/qe3_identity.id"));
    Obj pckCrl = obj(read("sgx-v3/fortanix/processor.crl"));
    return new DcapCollateral(
        new SignedCollateral(utf8(str(tcb, "raw_tcb_info")), derToRs(tcb), pemList(tcb)),
        new SignedCollateral(utf8(str(qe, "raw_enclave_identity")), derToRs(qe), pemList(qe)),
        crl(read("intel-sgx-root-ca-crl-2025-03-20.der")),
        crl(str(pckCrl, "crl").getBytes(StandardCharsets.US_ASCII)));
  }

  static byte[] read(String file) {
    try {
      return Files.readAllBytes(DIR.resolve(file));
    } catch (Exception e) {
      throw new IllegalStateException(file, e);
    }
  }

  static List<X509Certificate> certs(byte[] pem) {
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (var c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static X509CRL crl(byte[] derOrPem) {
    try {
      return (X509CRL)
          CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(derOrPem));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Bytes padded(String hexPrefix) {
    byte[] out = new byte[64];
    byte[] p = HexFormat.of().parseHex(hexPrefix);
    System.arraycopy(p, 0, out, 0, p.length);
    return Bytes.of(out);
  }

  private static List<Measurement> sgx(String mrEnclave, String mrSigner) {
    return List.of(
        Measurement.of(MeasurementKind.MRENCLAVE, mrEnclave),
        Measurement.of(MeasurementKind.MRSIGNER, mrSigner));
  }

  private static List<Measurement> tdx(String mrTd) {
    return List.of(Measurement.of(MeasurementKind.MRTD, mrTd));
  }

  private static Bytes derToRs(Obj wrapper) {
    Arr a = (Arr) wrapper.get("signature").orElseThrow();
    byte[] der = new byte[a.items().size()];
    for (int i = 0; i < der.length; i++) {
      der[i] = (byte) ((Num) a.items().get(i)).value().intValueExact();
    }
    ASN1Sequence seq = ASN1Sequence.getInstance(der);
    byte[] rs = new byte[64];
    fixed(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), rs, 0);
    fixed(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), rs, 32);
    return Bytes.of(rs);
  }

  private static void fixed(BigInteger v, byte[] out, int at) {
    byte[] b = v.toByteArray();
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, at + 32 - n, n);
  }

  private static List<X509Certificate> pemList(Obj wrapper) {
    StringBuilder sb = new StringBuilder();
    for (Node n : ((Arr) wrapper.get("ca_chain").orElseThrow()).items()) {
      sb.append(((Str) n).value()).append('\n');
    }
    return certs(sb.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static Obj obj(byte[] json) {
    try {
      return (Obj) Json.parse(json);
    } catch (Json.JsonException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String str(Obj o, String key) {
    return ((Str) o.get(key).orElseThrow(() -> new IllegalStateException(key))).value();
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Path locate() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata/sgx-dcap");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("testdata/sgx-dcap not found in the checkout");
  }
}
