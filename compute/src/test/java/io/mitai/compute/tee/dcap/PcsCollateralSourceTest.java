package io.mitai.compute.tee.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mitai.compute.tee.dcap.DcapTestData.GenuineSet;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.RefusalReason;
import io.mitai.compute.tee.evidence.TcbStatus;
import io.mitai.compute.tee.evidence.TeeAssurance;
import io.mitai.compute.tee.evidence.VerifiedEvidence;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Collateral fetched over HTTP with the PCS API v4, from a local server answering with Intel's own
 * responses for a genuine TDX quote (bodies and issuer-chain headers as PCS sends them): the quote
 * verifies inside its window, every request is the one a PCCS expects, and a service that does not
 * know the platform makes the quote refused for unavailable collateral.
 */
class PcsCollateralSourceTest {

  private static final String FMSPC = "00806f050000";

  private HttpServer server;
  private final Map<String, Response> routes = new TreeMap<>();
  private final List<String> requested = new ArrayList<>();

  private record Response(byte[] body, Map<String, String> headers) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private synchronized void answer(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestURI().toString();
    requested.add(target);
    Response r = routes.get(target);
    if (r == null) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(200, r.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(r.body());
    }
  }

  private void servePcs(boolean knowsThePlatform) {
    String chain =
        URLEncoder.encode(
            new String(
                DcapTestData.read("intel-tcb-signing-chain-2025.pem"), StandardCharsets.US_ASCII),
            StandardCharsets.UTF_8);
    if (knowsThePlatform) {
      routes.put(
          "/tdx/certification/v4/tcb?fmspc=" + FMSPC,
          new Response(
              DcapTestData.read("tdx/automata/tcb_info.json"),
              Map.of(PcsCollateralSource.TCB_INFO_CHAIN, chain)));
    }
    routes.put(
        "/tdx/certification/v4/qe/identity",
        new Response(
            DcapTestData.read("tdx/automata/identity.json"),
            Map.of(PcsCollateralSource.QE_IDENTITY_CHAIN, chain)));
    byte[] pckCrl = DcapTestData.read("tdx/automata/pck_crl.der");
    for (String ca : List.of("platform", "processor")) {
      routes.put(
          "/sgx/certification/v4/pckcrl?ca=" + ca + "&encoding=der",
          new Response(pckCrl, Map.of()));
    }
    // As a PCCS answers rootcacrl: the DER's hex text.
    routes.put(
        "/sgx/certification/v4/rootcacrl",
        new Response(
            HexFormat.of()
                .formatHex(DcapTestData.read("intel-sgx-root-ca-crl-2025-03-20.der"))
                .getBytes(StandardCharsets.US_ASCII),
            Map.of()));
  }

  private VerifiedEvidence verify(GenuineSet set) throws EvidenceRejectedException {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    PcsCollateralSource source =
        new PcsCollateralSource(
            base,
            base.resolve("/sgx/certification/v4/rootcacrl"),
            HttpClient.newHttpClient(),
            Duration.ofSeconds(10));
    return new DcapQuoteVerifier(DcapTestData.root(), source)
        .verify(
            new Evidence(EvidenceFormat.INTEL_DCAP_QUOTE, set.quote()),
            GenuineQuotesTest.expectationFor(set),
            set.inside());
  }

  @Test
  void a_genuine_quote_verifies_with_collateral_fetched_from_the_service() throws Exception {
    servePcs(true);
    GenuineSet set = DcapTestData.automataTdx();
    VerifiedEvidence v = verify(set);
    assertThat(v.assurance()).isEqualTo(TeeAssurance.TEE_HARDWARE);
    assertThat(v.tcbStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(v.measurements()).containsExactlyElementsOf(set.measurements());
    assertThat(requested)
        .contains(
            "/tdx/certification/v4/tcb?fmspc=" + FMSPC,
            "/tdx/certification/v4/qe/identity",
            "/sgx/certification/v4/rootcacrl");
    assertThat(requested).anyMatch(r -> r.startsWith("/sgx/certification/v4/pckcrl?ca="));
  }

  @Test
  void a_platform_the_service_does_not_know_is_refused_for_unavailable_collateral() {
    servePcs(false);
    assertThatThrownBy(() -> verify(DcapTestData.automataTdx()))
        .isInstanceOfSatisfying(
            EvidenceRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.COLLATERAL_UNAVAILABLE));
  }
}
