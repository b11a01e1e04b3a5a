package io.mitai.contract.model;

import java.util.regex.Pattern;

/**
 * Input of {@code RegisterComputeCentre}: the calling organisation runs enclave workers that
 * requesters may name in a TEE_JOB and that input owners' nodes connect to themselves.
 *
 * <pre>{@code {"workerEndpoint":"compute.west.example:7443",
 *  "workerCertificate":"-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n",
 *  "assurance":"TEE_SIMULATED"}}</pre>
 *
 * @param workerEndpoint required {@code host:port} of the enclave worker (a DNS name or IPv4
 *     address, port 1..65535)
 * @param workerCertificate required PEM of the worker's TLS certificate: the pin every connecting
 *     node uses (no CA, no host-name check), at most {@value #MAX_CERTIFICATE} characters
 * @param assurance required level its workers attest at: TEE_SIMULATED or TEE_HARDWARE
 */
public record ComputeCentreRequest(
    String workerEndpoint, String workerCertificate, Assurance assurance) {

  /** Longest accepted certificate PEM. */
  public static final int MAX_CERTIFICATE = 16384;

  private static final Pattern HOST_PORT =
      Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?:[0-9]{1,5}$");

  /** Validates the shape of the request. */
  public ComputeCentreRequest {
    Check.text("workerEndpoint", workerEndpoint, Check.MAX_NAME);
    if (!HOST_PORT.matcher(workerEndpoint).matches()) {
      throw Check.invalid("field 'workerEndpoint' must be host:port, e.g. compute.example:7443");
    }
    int port = Integer.parseInt(workerEndpoint.substring(workerEndpoint.lastIndexOf(':') + 1));
    if (port < 1 || port > 65535) {
      throw Check.invalid("field 'workerEndpoint' has no valid port (1..65535)");
    }
    Check.text("workerCertificate", workerCertificate, MAX_CERTIFICATE);
    String pem = workerCertificate.strip();
    if (!pem.startsWith("-----BEGIN CERTIFICATE-----")
        || !pem.endsWith("-----END CERTIFICATE-----")
        || pem.indexOf("-----BEGIN", 1) >= 0) {
      throw Check.invalid("field 'workerCertificate' must be the PEM of one X.509 certificate");
    }
    Check.present("assurance", assurance);
    if (assurance == Assurance.MPC_SEMI_HONEST) {
      throw Check.invalid("field 'assurance' must be TEE_SIMULATED or TEE_HARDWARE");
    }
  }
}
