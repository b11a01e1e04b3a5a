package io.mitai.platform.tee;

import io.mitai.contract.model.ComputeCentre;
import io.mitai.platform.tee.TeeJobRunner.Failed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * Where a compute centre's worker listens and the certificate its TLS must present, as the ledger
 * records them: the ledger is the trust root for the connection (no CA, no host-name check); the
 * evidence then says what runs behind it.
 */
record CentreEndpoint(String host, int port, X509Certificate certificate) {

  static CentreEndpoint of(ComputeCentre centre) throws Failed {
    String endpoint = centre.workerEndpoint();
    int colon = endpoint.lastIndexOf(':');
    try {
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(
                          centre.workerCertificate().getBytes(StandardCharsets.US_ASCII)));
      return new CentreEndpoint(
          endpoint.substring(0, colon),
          Integer.parseInt(endpoint.substring(colon + 1)),
          certificate);
    } catch (CertificateException | RuntimeException e) {
      throw new Failed(
          "TEE_WORKER_UNAVAILABLE: compute centre "
              + centre.id()
              + " has no usable worker endpoint or certificate on the ledger");
    }
  }
}
