package io.mitai.platform.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.tee.dcap.DcapQuoteVerifier;
import io.mitai.compute.tee.dcap.QuoteParser;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.DebugPolicy;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.Expectation;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.MeasurementKind;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TcbStatus;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's collateral directory feeds the DCAP verifier: a genuine Intel TDX quote (Automata's,
 * testdata/sgx-dcap) verifies at a time inside its collateral window with the collateral laid out
 * as an operator keeps it, and is refused when the directory lacks its platform's TCB info.
 */
class DirectoryCollateralSourceTest {
  static final Path DATA = locate();
  static final String FMSPC = "00806f050000";
  static final Instant INSIDE = Instant.parse("2025-11-01T00:00:00Z");

  @TempDir Path dir;

  static Path locate() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("testdata/sgx-dcap");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("testdata/sgx-dcap not found in the checkout");
  }

  void layOut(boolean withTcbInfo) throws Exception {
    Files.copy(
        DATA.resolve("intel-tcb-signing-chain-2025.pem"), dir.resolve("tcb-signing-chain.pem"));
    Files.copy(
        DATA.resolve("intel-sgx-root-ca-crl-2025-03-20.der"), dir.resolve("root-ca-crl.der"));
    Files.copy(DATA.resolve("tdx/automata/pck_crl.der"), dir.resolve("pck-crl-platform.der"));
    Files.copy(DATA.resolve("tdx/automata/pck_crl.der"), dir.resolve("pck-crl-processor.der"));
    Files.createDirectories(dir.resolve("tdx").resolve(FMSPC));
    Files.copy(DATA.resolve("tdx/automata/identity.json"), dir.resolve("tdx/qeidentity.json"));
    if (withTcbInfo) {
      Files.copy(
          DATA.resolve("tdx/automata/tcb_info.json"),
          dir.resolve("tdx").resolve(FMSPC).resolve("tcbinfo.json"));
    }
  }

  static Evidence quote() throws Exception {
    byte[] raw =
        HexFormat.of()
            .parseHex(
                Files.readString(
                        DATA.resolve("tdx/automata/quotev4.hex"), StandardCharsets.US_ASCII)
                    .strip());
    Bytes all = Bytes.of(raw);
    return new Evidence(
        EvidenceFormat.INTEL_DCAP_QUOTE, all.slice(0, QuoteParser.quoteLength(all)));
  }

  static Expectation expectation() {
    return new Expectation(
        Bytes.of(new byte[64]),
        Set.of(
            Measurement.of(
                MeasurementKind.MRTD,
                "935be7742dd89c6a4df6dba8353d89041ae0f052beef993b1e7f4524d3bc57650df20e5582158352e1240b3f1fed55d8")),
        TeeAssurance.TEE_HARDWARE,
        Set.of(TcbStatus.OUT_OF_DATE),
        DebugPolicy.REFUSE_DEBUG);
  }

  DcapQuoteVerifier verifier() throws Exception {
    return new DcapQuoteVerifier(
        EnclaveWorkers.readCertificate(DATA.resolve("intel-sgx-root-ca.pem")),
        new DirectoryCollateralSource(dir));
  }

  @Test
  void a_genuine_quote_verifies_with_collateral_from_the_directory() throws Exception {
    layOut(true);
    VerifiedEvidence v = verifier().verify(quote(), expectation(), INSIDE);
    assertThat(v.assurance()).isEqualTo(TeeAssurance.TEE_HARDWARE);
    assertThat(v.tcbStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
  }

  @Test
  void a_platform_without_tcb_info_in_the_directory_is_refused() throws Exception {
    layOut(false);
    assertThatThrownBy(() -> verifier().verify(quote(), expectation(), INSIDE))
        .isInstanceOfSatisfying(
            EvidenceRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.COLLATERAL_UNAVAILABLE));
  }
}
