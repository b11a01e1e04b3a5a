package io.mitai.compute.session;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a peer only if its leaf certificate carries a key the ledger registered (checked by the
 * predicate) and currently valid. No CA, no host-name check: the registry is the trust root.
 * Extends {@link X509ExtendedTrustManager} so the JDK does not wrap it with a host-name check.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
  private final Predicate<X509Certificate> registered;

  PinnedTrustManager(Predicate<X509Certificate> registered) {
    this.registered = registered;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no certificate presented");
    }
    chain[0].checkValidity();
    if (!registered.test(chain[0])) {
      throw new CertificateException(
          "certificate does not carry the key registered for this party");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
