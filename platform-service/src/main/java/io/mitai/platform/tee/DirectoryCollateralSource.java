package io.mitai.platform.tee;

import io.mitai.compute.tee.dcap.CollateralSource;
import io.mitai.compute.tee.dcap.DcapCollateral;
import io.mitai.compute.tee.dcap.SignedCollateral;
import io.mitai.compute.tee.dcap.TeeType;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.jboss.logging.Logger;

/**
 * DCAP collateral from a directory an operator keeps current from Intel PCS or a PCCS (the verifier
 * checks every piece, so the directory needs no trust, only freshness):
 *
 * <pre>
 *   tcb-signing-chain.pem            the TCB-Info-Issuer-Chain (Intel SGX TCB Signing + Root CA)
 *   root-ca-crl.der                  the Intel SGX Root CA CRL
 *   pck-crl-platform.der             the Intel SGX PCK Platform CA CRL
 *   pck-crl-processor.der            the Intel SGX PCK Processor CA CRL
 *   sgx/qeidentity.json, tdx/qeidentity.json            PCS QE identity responses
 *   sgx/&lt;fmspc hex&gt;/tcbinfo.json, tdx/&lt;fmspc&gt;/tcbinfo.json  PCS TCB info responses
 * </pre>
 *
 * Files are read on every lookup, so a refreshed directory takes effect at once.
 */
final class DirectoryCollateralSource implements CollateralSource {
  private static final Logger LOG = Logger.getLogger(DirectoryCollateralSource.class);

  private final Path dir;

  DirectoryCollateralSource(Path dir) {
    this.dir = dir;
  }

  @Override
  public Optional<DcapCollateral> find(TeeType teeType, Bytes fmspc, X500Principal pckIssuer) {
    String tee = teeType.name().toLowerCase(Locale.ROOT);
    try {
      List<X509Certificate> chain = certificates(dir.resolve("tcb-signing-chain.pem"));
      SignedCollateral tcbInfo =
          SignedCollateral.fromPcsResponse(
              Bytes.of(
                  Files.readAllBytes(
                      dir.resolve(tee).resolve(fmspc.hex()).resolve("tcbinfo.json"))),
              "tcbInfo",
              chain);
      SignedCollateral qeIdentity =
          SignedCollateral.fromPcsResponse(
              Bytes.of(Files.readAllBytes(dir.resolve(tee).resolve("qeidentity.json"))),
              "enclaveIdentity",
              chain);
      String pck =
          pckIssuer.getName().contains("Processor")
              ? "pck-crl-processor.der"
              : "pck-crl-platform.der";
      return Optional.of(
          new DcapCollateral(
              tcbInfo, qeIdentity, crl(dir.resolve("root-ca-crl.der")), crl(dir.resolve(pck))));
    } catch (IOException
        | CertificateException
        | CRLException
        | EvidenceRejectedException
        | IllegalArgumentException e) {
      LOG.warnf(
          "no DCAP collateral for %s FMSPC %s in %s: %s",
          teeType, fmspc.hex(), dir, e.getMessage());
      return Optional.empty();
    }
  }

  private static List<X509Certificate> certificates(Path pem)
      throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      return out;
    }
  }

  private static X509CRL crl(Path der) throws IOException, CertificateException, CRLException {
    try (InputStream in = Files.newInputStream(der)) {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
    }
  }
}
