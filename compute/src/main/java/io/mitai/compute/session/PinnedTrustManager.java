package io.mitai.compute.session;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a peer only if its leaf certificate is currently valid and passes the pin: the key the
 * ledger registered for a party, or the one certificate an enclave worker presented. No CA, no
 * host-name check: the pin is the trust root. Extends {@link X509ExtendedTrustManager} so the JDK
 * does not wrap it with a host-name check. The one trust manager of every Mitai TLS link.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {
  private final Predicate<X509Certificate> registered;
  private final String refusal;

  /** Trusts certificates carrying a key the ledger registered for a party. */
  PinnedTrustManager(Predicate<X509Certificate> registered) {
    this(registered, "certificate does not carry the key registered for this party");
  }

  private PinnedTrustManager(Predicate<X509Certificate> pin, String refusal) {
    this.registered = pin;
    this.refusal = refusal;
  }

  /** Trusts exactly {@code pinned}, e.g. the certificate an enclave worker announced. */
  public static PinnedTrustManager exactly(X509Certificate pinned, String what) {
    return new PinnedTrustManager(pinned::equals, "not the pinned " + what + " certificate");
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no certificate presented");
    }
    chain[0].checkValidity();
    if (!registered.test(chain[0])) {
      throw new CertificateException(refusal);
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
