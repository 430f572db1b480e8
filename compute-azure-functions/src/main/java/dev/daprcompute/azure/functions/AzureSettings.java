package dev.daprcompute.azure.functions;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.SecretValue;
import dev.daprcompute.api.protocol.BaseUrls;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of a {@code compute.azure.functions} component, read and checked.
 *
 * @param endpoint the HTTP trigger's base URL, protocol paths are appended to it ({@code /api/dapr}
 *     when the metadata gave no path)
 * @param appRoot the app's root ({@code https://app.azurewebsites.net/}), where the admin API is
 * @param functionName the function's name: the last segment of the endpoint's path
 * @param functionKey the function key, for {@code x-functions-key}
 * @param masterKey the master key for the admin checks, or {@code null}
 * @param trust the private CA's trust manager from {@code caCertificate}, or {@code null} for the system's
 */
record AzureSettings(HttpUrl endpoint, HttpUrl appRoot, String functionName, SecretValue functionKey,
    @Nullable SecretValue masterKey, @Nullable X509TrustManager trust) {

  static final String ENDPOINT = "endpoint";
  static final String FUNCTION_KEY = "functionKey";
  static final String MASTER_KEY = "masterKey";
  static final String CA_CERTIFICATE = "caCertificate";
  /** The route an endpoint without a path means: routePrefix {@code api}, a function named {@code dapr}. */
  static final String DEFAULT_ROUTE = "/api/dapr";

  AzureSettings {
    Objects.requireNonNull(endpoint, "endpoint == null");
    Objects.requireNonNull(appRoot, "appRoot == null");
    Objects.requireNonNull(functionName, "functionName == null");
    Objects.requireNonNull(functionKey, "functionKey == null");
  }

  /**
   * Reads the provider's own fields of {@code metadata}.
   *
   * @throws ComputeConfigurationException naming every problem, never showing a key
   */
  static AzureSettings read(ComponentMetadata metadata) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    HttpUrl endpoint = null;
    Optional<URI> uri = Optional.empty();
    try {
      uri = metadata.uri(ENDPOINT);
    } catch (ComputeConfigurationException e) { // not an absolute URL; init's validation says so first
      problems.addAll(e.problems());
    }
    if (uri.isEmpty() && metadata.string(ENDPOINT).isEmpty()) {
      problems.add(metadata.problem(ENDPOINT, "is required but not set",
          "set it to the HTTP trigger's base URL, such as https://app.azurewebsites.net/api/dapr"));
    } else if (uri.isPresent()) {
      endpoint = BaseUrls.read(metadata, ENDPOINT, uri.get(), problems);
    }
    if (endpoint != null && endpoint.encodedPath().equals("/")) {
      endpoint = endpoint.newBuilder().encodedPath(DEFAULT_ROUTE).build();
    }
    SecretValue functionKey = key(metadata, FUNCTION_KEY, problems);
    if (metadata.secret(FUNCTION_KEY).isEmpty()) {
      problems.add(metadata.problem(FUNCTION_KEY, "is required but not set", "set it to a function key of the "
          + "function (az functionapp function keys list), preferably with secretKeyRef"));
    }
    SecretValue masterKey = key(metadata, MASTER_KEY, problems);
    X509TrustManager trust = null;
    Optional<String> pem = metadata.string(CA_CERTIFICATE);
    if (pem.isPresent()) {
      try {
        trust = PrivateCa.trustManager(pem.get());
      } catch (IllegalArgumentException e) {
        problems.add(metadata.problem(CA_CERTIFICATE, "is not a PEM certificate: " + e.getMessage(),
            "paste the CA certificate(s), -----BEGIN CERTIFICATE----- blocks"));
      }
    }
    if (!problems.isEmpty() || endpoint == null || functionKey == null) {
      throw new ComputeConfigurationException(problems);
    }
    return new AzureSettings(endpoint, endpoint.newBuilder().encodedPath("/").build(), functionName(endpoint),
        functionKey, masterKey, trust);
  }

  /**
   * The function's name for an endpoint: its path's last segment, decoded ({@code dapr} for
   * {@code /api/dapr} and {@code /api/dapr/}). A trigger whose route is {@code <name>/{*path}}, as
   * the example's is, is reached at {@code /api/<name>}.
   */
  // SPI v2: this is the provider's audience(ComponentMetadata) rule (the CLI's token command has a
  // copy per platform today and none for Azure: it asks for --audience).
  static String functionName(HttpUrl endpoint) {
    List<String> segments = endpoint.pathSegments();
    for (int i = segments.size() - 1; i >= 0; i--) {
      if (!segments.get(i).isEmpty()) {
        return segments.get(i);
      }
    }
    return DEFAULT_ROUTE.substring(DEFAULT_ROUTE.lastIndexOf('/') + 1);
  }

  /** {@code field} as a key for an HTTP header: visible ASCII only, checked here so no message ever shows it. */
  // SPI v2: a generic reader of secrets sent as header values (API tokens, keys) would serve every provider:
  // OkHttp puts a rejected header value into its exception message unless it knows the header as a
  // credential (Authorization, Cookie).
  private static @Nullable SecretValue key(ComponentMetadata metadata, String field, List<ConfigurationProblem> problems) {
    Optional<SecretValue> value = metadata.secret(field);
    if (value.isEmpty()) {
      return null;
    }
    String key = value.get().reveal();
    if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      problems.add(metadata.problem(field, "contains characters a key cannot have (spaces, line breaks or non-ASCII)",
          "paste the key's value exactly as the portal or 'az functionapp keys list' shows it"));
      return null;
    }
    if (key.startsWith("code=")) {
      problems.add(metadata.problem(field, "starts with 'code=', the query parameter's name",
          "set only the key's value; the component sends it in the x-functions-key header"));
      return null;
    }
    return value.get();
  }

  /** The app's root for messages: {@code https://app.azurewebsites.net}. */
  String app() {
    return BaseUrls.display(appRoot);
  }

  /** Names only: the keys are secrets. */
  @Override
  public String toString() {
    return "AzureSettings[endpoint=" + BaseUrls.display(endpoint) + ", function=" + functionName + ", masterKey="
        + (masterKey != null ? "set" : "not set") + ", caCertificate=" + (trust != null ? "set" : "not set") + "]";
  }
}
