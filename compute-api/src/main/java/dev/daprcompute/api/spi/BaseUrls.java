package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The one policy for a base URL in component metadata, for every provider: {@code http://} or
 * {@code https://}, no query or fragment (a base is what protocol paths are appended to, and a
 * query is where credentials such as {@code ?code=} leak into logs), and plain {@code http://} only
 * to loopback unless the component sets {@code allowInsecureHttp: true} (tokens and data would
 * otherwise travel unencrypted); a private CA through {@code caCertificate}; paths appended below
 * the base whether or not it ends in {@code /}. Messages show URLs {@linkplain Redaction#url
 * redacted}. Thread-safe; stateless.
 */
public final class BaseUrls {
  private BaseUrls() {}

  /** The metadata field that allows plain {@code http://} beyond loopback. */
  public static final String ALLOW_INSECURE_HTTP = "allowInsecureHttp";

  /** Its declaration, for a provider's field list. */
  public static final MetadataField ALLOW_INSECURE_HTTP_FIELD =
      MetadataField.optional(
          ALLOW_INSECURE_HTTP,
          Kind.BOOLEAN,
          "allow plain http:// to hosts other than loopback; default false (tokens would travel unencrypted)");

  /**
   * The metadata field with the PEM certificate(s) of a private CA to trust instead of the
   * system's.
   */
  public static final String CA_CERTIFICATE = "caCertificate";

  /** Its declaration, for a provider's field list. */
  public static final MetadataField CA_CERTIFICATE_FIELD =
      MetadataField.optional(
          CA_CERTIFICATE,
          Kind.STRING,
          "PEM certificate(s) of a private CA that signed the endpoint's certificate; replaces the system's trusted CAs");

  /**
   * {@link #ALLOW_INSECURE_HTTP_FIELD} and {@link #CA_CERTIFICATE_FIELD}: what a URL-based platform
   * declares.
   */
  public static final List<MetadataField> FIELDS =
      List.of(ALLOW_INSECURE_HTTP_FIELD, CA_CERTIFICATE_FIELD);

  /**
   * Field {@code field} of {@code metadata} as a base URL under the policy above, adding every
   * problem to {@code problems}; {@code null} when it is not usable.
   *
   * @param required whether a missing field is a problem (else it is {@code null} without one)
   * @param example a URL to show in the fix when the field is missing or unusable
   */
  public static @Nullable HttpUrl read(
      ComponentMetadata metadata,
      String field,
      boolean required,
      String example,
      List<ConfigurationProblem> problems) {
    Optional<URI> uri;
    try {
      uri = metadata.uri(field);
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
      return null;
    }
    if (uri.isEmpty()) {
      if (required) {
        problems.add(
            metadata.problem(
                field,
                "is required but not set",
                "set it to the function's base URL, such as " + example));
      }
      return null;
    }
    return read(metadata, field, uri.get(), problems);
  }

  /**
   * Field {@code field} of {@code metadata}, whose value is {@code uri}, as a base URL under the
   * policy above; adds every problem to {@code problems} and returns {@code null} when it is not
   * usable.
   */
  public static @Nullable HttpUrl read(
      ComponentMetadata metadata, String field, URI uri, List<ConfigurationProblem> problems) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    HttpUrl url = HttpUrl.parse(uri.toString());
    String shown = "'" + Redaction.url(uri.toString()) + "'";
    if (url == null || !(scheme.equals("http") || scheme.equals("https"))) {
      problems.add(
          metadata.problem(
              field, shown + " is not an http:// or https:// URL", "write an https:// URL"));
      return null;
    }
    boolean usable = true;
    if (url.encodedQuery() != null || uri.getRawFragment() != null) {
      problems.add(
          metadata.problem(
              field,
              shown + " has a query or fragment",
              "remove it: this is a base URL that protocol paths are appended to (credentials go in their own fields)"));
      usable = false;
    }
    if (!url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty()) {
      problems.add(
          metadata.problem(
              field,
              shown + " carries user info",
              "remove it: credentials go in the provider's own (secret) fields"));
      usable = false;
    }
    boolean allowInsecure = metadata.bool(ALLOW_INSECURE_HTTP).orElse(false);
    if (scheme.equals("http") && !allowInsecure && !isLoopback(url.host())) {
      problems.add(
          metadata.problem(
              field,
              shown
                  + " is plain http:// to a host that is not loopback, so tokens and "
                  + "data would travel unencrypted",
              "use https://, or set " + ALLOW_INSECURE_HTTP + ": true if the network is trusted"));
      usable = false;
    }
    return usable ? url : null;
  }

  /** Loopback by name or literal address; never resolved, so DNS cannot make a host "local". */
  public static boolean isLoopback(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    String bare =
        name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 =
        bare.contains(":")
            && bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    if (!ipv4 && !ipv6) {
      return false; // a name: only localhost counts, never what DNS says
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** {@code url} for messages and as a default audience: redacted, without a trailing slash. */
  public static String display(HttpUrl url) {
    String text = Redaction.url(url.toString());
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /**
   * {@code encodedPath} (starting with {@code /}) appended to the path of {@code baseUrl}, with
   * {@code encodedQuery} ({@code null} or empty for none): {@code https://h/api} and {@code
   * https://h/api/} both give {@code https://h/api/orders}.
   */
  public static HttpUrl below(HttpUrl baseUrl, String encodedPath, @Nullable String encodedQuery) {
    String base = baseUrl.encodedPath();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return baseUrl
        .newBuilder()
        .encodedPath(base + encodedPath)
        .encodedQuery(encodedQuery == null || encodedQuery.isEmpty() ? null : encodedQuery)
        .build();
  }

  /**
   * {@code client}, trusting only the CA certificates in field {@link #CA_CERTIFICATE} when the
   * component sets it (they replace the system's trusted CAs), else {@code client} itself; adds a
   * problem to {@code problems} when the field holds no certificate.
   */
  public static OkHttpClient client(
      ComponentMetadata metadata, OkHttpClient client, List<ConfigurationProblem> problems) {
    if (!metadata.has(CA_CERTIFICATE)) {
      return client;
    }
    try {
      X509TrustManager trust = trustManager(metadata.requireString(CA_CERTIFICATE));
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {trust}, null);
      return client.newBuilder().sslSocketFactory(ssl.getSocketFactory(), trust).build();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      problems.add(
          metadata.problem(
              CA_CERTIFICATE,
              "is not a PEM certificate: " + e.getMessage(),
              "paste the CA certificate(s), -----BEGIN CERTIFICATE----- blocks"));
      return client;
    }
  }

  private static X509TrustManager trustManager(String pem) throws GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          factory.generateCertificates(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
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
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }
}
