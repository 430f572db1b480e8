package dev.daprcompute.azure.functions;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.SecretValue;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.HeaderSecrets;
import java.util.List;
import java.util.Objects;
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
 */
record AzureSettings(
    HttpUrl endpoint,
    HttpUrl appRoot,
    String functionName,
    SecretValue functionKey,
    @Nullable SecretValue masterKey) {

  static final String ENDPOINT = "endpoint";
  static final String FUNCTION_KEY = "functionKey";
  static final String MASTER_KEY = "masterKey";
  static final String EXAMPLE = "https://app.azurewebsites.net/api/dapr";

  /**
   * The route an endpoint without a path means: routePrefix {@code api}, a function named {@code
   * dapr}.
   */
  static final String DEFAULT_ROUTE = "/api/dapr";

  AzureSettings {
    Objects.requireNonNull(endpoint, "endpoint == null");
    Objects.requireNonNull(appRoot, "appRoot == null");
    Objects.requireNonNull(functionName, "functionName == null");
    Objects.requireNonNull(functionKey, "functionKey == null");
  }

  /**
   * Reads the provider's own fields of {@code metadata}, adding every problem to {@code problems}
   * (never showing a key).
   *
   * @return the settings, or {@code null} when a field is unusable
   */
  static @Nullable AzureSettings read(
      ComponentMetadata metadata, List<ConfigurationProblem> problems) {
    HttpUrl endpoint = BaseUrls.read(metadata, ENDPOINT, true, EXAMPLE, problems);
    if (endpoint != null && endpoint.encodedPath().equals("/")) {
      endpoint = endpoint.newBuilder().encodedPath(DEFAULT_ROUTE).build();
    }
    SecretValue functionKey = key(metadata, FUNCTION_KEY, problems);
    SecretValue masterKey = key(metadata, MASTER_KEY, problems);
    if (endpoint == null || functionKey == null) {
      return null;
    }
    return new AzureSettings(
        endpoint,
        endpoint.newBuilder().encodedPath("/").build(),
        functionName(endpoint),
        functionKey,
        masterKey);
  }

  /**
   * The function's name for an endpoint: its path's last segment, decoded ({@code dapr} for {@code
   * /api/dapr} and {@code /api/dapr/}). A trigger whose route is {@code <name>/{*path}}, as the
   * example's is, is reached at {@code /api/<name>}.
   */
  static String functionName(HttpUrl endpoint) {
    List<String> segments = endpoint.pathSegments();
    for (int i = segments.size() - 1; i >= 0; i--) {
      if (!segments.get(i).isEmpty()) {
        return segments.get(i);
      }
    }
    return DEFAULT_ROUTE.substring(DEFAULT_ROUTE.lastIndexOf('/') + 1);
  }

  /**
   * {@code field} as a key for {@code x-functions-key}; never the {@code code=} query parameter
   * pasted whole.
   */
  private static @Nullable SecretValue key(
      ComponentMetadata metadata, String field, List<ConfigurationProblem> problems) {
    SecretValue key =
        HeaderSecrets.read(
            metadata,
            field,
            "paste the key's value exactly as the portal or 'az functionapp keys list' shows it",
            problems);
    if (key != null && key.reveal().startsWith("code=")) {
      problems.add(
          metadata.problem(
              field,
              "starts with 'code=', the query parameter's name",
              "set only the key's value; the component sends it in the "
                  + AzureFunctionsPlatformProvider.KEY_HEADER
                  + " header"));
      return null;
    }
    return key;
  }

  /** The app's root for messages: {@code https://app.azurewebsites.net}. */
  String app() {
    return BaseUrls.display(appRoot);
  }

  /** Names only: the keys are secrets. */
  @Override
  public String toString() {
    return "AzureSettings[endpoint="
        + BaseUrls.display(endpoint)
        + ", function="
        + functionName
        + ", masterKey="
        + (masterKey != null ? "set" : "not set")
        + "]";
  }
}
