package dev.daprcompute.cloudflare.workers;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ConfigurationProblem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * {@code caCertificate}: PEM certificates of a private CA that replace the system's trusted CAs
 * for the worker's host and the Cloudflare API (a TLS-inspecting proxy in front of both, say).
 */
// SPI v2: compute-api's HttpTransport has its own private copy of this; BaseUrls (or an HttpClients
// helper) should offer "a client trusting the caCertificate field" to every provider.
final class CaCertificates {
  private CaCertificates() {}

  /**
   * {@code client}, trusting only the CAs of {@code field} when it is set; adds a problem and
   * returns {@code client} when it holds no certificate.
   */
  static OkHttpClient apply(ComponentMetadata metadata, String field, OkHttpClient client,
      List<ConfigurationProblem> problems) {
    if (!metadata.has(field)) {
      return client;
    }
    try {
      X509TrustManager trust = trustManager(metadata.requireString(field));
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {trust}, null);
      return client.newBuilder().sslSocketFactory(ssl.getSocketFactory(), trust).build();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      problems.add(metadata.problem(field, "is not a PEM certificate: " + e.getMessage(),
          "paste the CA certificate(s), -----BEGIN CERTIFICATE----- blocks"));
      return client;
    }
  }

  private static X509TrustManager trustManager(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try {
      certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("no certificate could be read", e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificate found");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }
}
