package dev.daprcompute.openfaas;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * {@code caCertificate}: trust a private CA (an in-cluster gateway behind cert-manager, say)
 * instead of the system's CAs. Stateless.
 */
// SPI v2: compute.http has the same logic privately (HttpTransport.trustManager); spi-v2.md moves
// caCertificate into BaseUrls, after which this class goes.
final class CaCertificates {
  private CaCertificates() {}

  /**
   * A trust manager that trusts exactly the certificates in {@code pem}.
   *
   * @throws IllegalArgumentException when {@code pem} holds no readable certificate
   */
  static X509TrustManager trustManager(String pem) {
    try {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate found");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalArgumentException("the JDK offers no X.509 trust manager");
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalArgumentException("no certificate could be read (" + e.getMessage() + ")", e);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** {@code client} trusting {@code trust} only; its pool and dispatcher are shared. */
  static OkHttpClient trusting(OkHttpClient client, X509TrustManager trust) {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {trust}, null);
      return client.newBuilder().sslSocketFactory(tls.getSocketFactory(), trust).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
