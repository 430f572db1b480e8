package dev.daprcompute.api.http;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.PlatformTransport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** A function at a plain HTTP(S) endpoint: no platform credential, no envelope. */
final class HttpTransport implements PlatformTransport {
  private final HttpUrl baseUrl;
  private final OkHttpClient client;

  private HttpTransport(HttpUrl baseUrl, OkHttpClient client) {
    this.baseUrl = baseUrl;
    this.client = client;
  }

  static HttpTransport create(ComponentMetadata metadata, ComputeContext context) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    URI endpoint = metadata.uri("endpoint").orElseThrow(() -> metadata.error("endpoint", "is required but not set",
        "set it to the function's base URL, such as https://fn.example.com/dapr"));
    HttpUrl url = BaseUrls.read(metadata, "endpoint", endpoint, problems);
    OkHttpClient client = context.httpClient();
    if (metadata.has("caCertificate")) {
      try {
        X509TrustManager trust = trustManager(metadata.requireString("caCertificate"));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {trust}, null);
        client = client.newBuilder().sslSocketFactory(ssl.getSocketFactory(), trust).build();
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        problems.add(metadata.problem("caCertificate", "is not a PEM certificate: " + e.getMessage(),
            "paste the CA certificate(s), -----BEGIN CERTIFICATE----- blocks"));
      }
    }
    if (!problems.isEmpty() || url == null) {
      throw new ComputeConfigurationException(problems);
    }
    return new HttpTransport(url, client);
  }

  @Override
  public String platformName() {
    return "the HTTP endpoint";
  }

  @Override
  public String functionName() {
    return BaseUrls.display(baseUrl);
  }

  @Override
  public OkHttpClient httpClient() {
    return client;
  }

  @Override
  public Request toHttpRequest(FunctionRequest request) {
    return HttpRequests.below(baseUrl, request).build();
  }

  private static X509TrustManager trustManager(String pem) throws GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    Collection<? extends Certificate> certificates;
    try {
      certificates = factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalArgumentException("no certificate could be read", e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificate found");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }
}
