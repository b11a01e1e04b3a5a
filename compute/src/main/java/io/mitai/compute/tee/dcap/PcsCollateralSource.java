package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import javax.security.auth.x500.X500Principal;

/**
 * Collateral fetched from Intel's Provisioning Certification Service or a PCCS caching it, with the
 * PCS API v4 (the same paths on both):
 *
 * <pre>
 *   GET {base}/{sgx|tdx}/certification/v4/tcb?fmspc={hex}     header TCB-Info-Issuer-Chain
 *   GET {base}/{sgx|tdx}/certification/v4/qe/identity         header SGX-Enclave-Identity-Issuer-Chain
 *   GET {base}/sgx/certification/v4/pckcrl?ca={processor|platform}&amp;encoding=der
 *   GET {rootCaCrl}                                           the Intel SGX Root CA CRL
 * </pre>
 *
 * Intel's PCS does not serve the root CA's CRL through its API (a PCCS does, at {@code
 * {base}/sgx/certification/v4/rootcacrl}), so its address is configured apart. Nothing here is
 * trusted: the verifier checks every signature, chain, CRL and validity window against the Intel
 * SGX Root CA it was given. A missing or unreadable piece makes the collateral unavailable, and the
 * verifier then refuses the quote with COLLATERAL_UNAVAILABLE.
 */
public final class PcsCollateralSource implements CollateralSource {

  private static final Logger LOG = Logger.getLogger(PcsCollateralSource.class.getName());

  static final String TCB_INFO_CHAIN = "TCB-Info-Issuer-Chain";
  static final String QE_IDENTITY_CHAIN = "SGX-Enclave-Identity-Issuer-Chain";

  private final URI base;
  private final URI rootCaCrl;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param base the service root, e.g. {@code https://api.trustedservices.intel.com} or a PCCS's
   *     {@code https://pccs.example:8081}
   * @param rootCaCrl where the Intel SGX Root CA CRL is served (DER, or its hex text as some PCCS
   *     versions answer)
   */
  public PcsCollateralSource(URI base, URI rootCaCrl, HttpClient http, Duration timeout) {
    String root = base.toString();
    this.base = URI.create(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
    this.rootCaCrl = rootCaCrl;
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public Optional<DcapCollateral> find(TeeType teeType, Bytes fmspc, X500Principal pckIssuer) {
    String tee = teeType.name().toLowerCase(Locale.ROOT);
    String ca = pckIssuer.getName().contains("Processor") ? "processor" : "platform";
    try {
      HttpResponse<byte[]> tcb = get(path(tee, "tcb?fmspc=" + fmspc.hex()));
      HttpResponse<byte[]> qe = get(path(tee, "qe/identity"));
      HttpResponse<byte[]> pck = get(path("sgx", "pckcrl?ca=" + ca + "&encoding=der"));
      HttpResponse<byte[]> root = get(rootCaCrl);
      return Optional.of(
          new DcapCollateral(
              SignedCollateral.fromPcsResponse(
                  Bytes.of(tcb.body()), "tcbInfo", chain(tcb, TCB_INFO_CHAIN)),
              SignedCollateral.fromPcsResponse(
                  Bytes.of(qe.body()), "enclaveIdentity", chain(qe, QE_IDENTITY_CHAIN)),
              crl(root.body()),
              crl(pck.body())));
    } catch (IOException
        | CertificateException
        | CRLException
        | EvidenceRejectedException
        | IllegalArgumentException e) {
      LOG.warning(
          "no DCAP collateral for " + teeType + " FMSPC " + fmspc.hex() + ": " + e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private URI path(String tee, String rest) {
    return URI.create(base + "/" + tee + "/certification/v4/" + rest);
  }

  private HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException(uri + " answered " + r.statusCode());
    }
    return r;
  }

  /** The issuer chain PCS sends URL-encoded (PEM, signer first) in a response header. */
  private static List<X509Certificate> chain(HttpResponse<byte[]> r, String header)
      throws IOException, CertificateException {
    String encoded =
        r.headers()
            .firstValue(header)
            .orElseThrow(() -> new IOException("the response has no " + header + " header"));
    byte[] pem =
        URLDecoder.decode(encoded, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    List<X509Certificate> out = new ArrayList<>();
    for (var c :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem))) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new IOException("the " + header + " header holds no certificate");
    }
    return out;
  }

  /** A CRL as DER, PEM, or the hex text of its DER (as some PCCS versions answer). */
  static X509CRL crl(byte[] body) throws CertificateException, CRLException {
    byte[] der = body;
    String text = new String(body, StandardCharsets.US_ASCII).strip();
    if (!text.isEmpty() && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      der = HexFormat.of().parseHex(text);
    }
    return (X509CRL)
        CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }
}
