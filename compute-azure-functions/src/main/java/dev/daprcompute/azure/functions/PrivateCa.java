package dev.daprcompute.azure.functions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * {@code caCertificate}: trust only the CA certificates given as PEM, for an endpoint whose
 * certificate a private CA signed (an App Service Environment with an internal CA, a gateway in
 * front of the app). Stateless.
 */
// SPI v2: caCertificate belongs in BaseUrls (compute.http has the same reading in HttpTransport);
// this class goes when it is there.
final class PrivateCa {
  private PrivateCa() {}

  /**
   * A trust manager that trusts exactly the certificates in {@code pem}.
   *
   * @throws IllegalArgumentException when {@code pem} holds no readable certificate (the message
   *     says why, without the PEM)
   */
  static X509TrustManager trustManager(String pem) {
    try {
      Collection<? extends Certificate> certificates = java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate found");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + n++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalArgumentException("the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("no certificate could be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** {@code client} trusting only {@code trust}'s CAs. */
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
