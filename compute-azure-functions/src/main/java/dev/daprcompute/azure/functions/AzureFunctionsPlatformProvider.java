package dev.daprcompute.azure.functions;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.SecretValue;
import dev.daprcompute.api.http.HttpTransport;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.PlatformChecks;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.protocol.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * {@code compute.azure.functions}: a function behind an Azure Functions HTTP trigger.
 *
 * <p>{@code endpoint} is the trigger's base URL, such as {@code
 * https://app.azurewebsites.net/api/dapr} (the trigger has a catch-all route, {@code dapr/{*path}},
 * and protocol paths are appended); an endpoint without a path means the default route {@code
 * /api/dapr}. Every request carries the function key ({@code functionKey}) in {@code
 * x-functions-key}, never in a {@code code} query (query strings end up in logs). The function's
 * name is the last segment of the endpoint's path ({@code dapr}): it is the default token audience,
 * and the name {@code init} looks up in the admin API.
 *
 * <p>With the app's master key ({@code masterKey}), {@code init} first checks that {@code
 * /admin/host/status} is {@code Running} and that {@code /admin/functions/{name}} exists and is
 * enabled ({@link AdminChecks}). Request bodies are limited to Azure's 100 MB. Stateless and
 * thread-safe.
 */
public final class AzureFunctionsPlatformProvider implements PlatformProvider {
  /** The component type. */
  public static final String TYPE = "compute.azure.functions";

  /** The header the Functions host reads a key from first (before any {@code code} query). */
  static final String KEY_HEADER = "x-functions-key";

  /** Azure's limit for an HTTP request body: 100 MB. */
  static final long MAX_REQUEST_BODY = 104_857_600L;

  private static final List<MetadataField> FIELDS =
      List.of(
          MetadataField.required(
              AzureSettings.ENDPOINT,
              Kind.URI,
              "the HTTP trigger's base URL, such as "
                  + AzureSettings.EXAMPLE
                  + " (a catch-all route); "
                  + "https://app.azurewebsites.net alone means the default route /api/dapr; the last path segment is the "
                  + "function's name, the default token audience"),
          MetadataField.required(
                  AzureSettings.FUNCTION_KEY,
                  Kind.STRING,
                  "a function key of the function (or a host key), sent in x-functions-key; use secretKeyRef")
              .asSecret(),
          MetadataField.optional(
                  AzureSettings.MASTER_KEY,
                  Kind.STRING,
                  "the app's master key (_master), for init's checks of /admin/host/status and /admin/functions/{name}; "
                      + "use secretKeyRef")
              .asSecret(),
          BaseUrls.CA_CERTIFICATE_FIELD,
          BaseUrls.ALLOW_INSECURE_HTTP_FIELD);

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<MetadataField> fields() {
    return FIELDS;
  }

  /**
   * The plain HTTP transport to the trigger, with the function key on every request, Azure's
   * request limit and errors, and the admin checks when the component has a master key (then it
   * declares {@link Feature#PLATFORM_CHECKS}).
   */
  @Override
  public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    AzureSettings settings = AzureSettings.read(metadata, problems);
    OkHttpClient client = BaseUrls.client(metadata, context.httpClient(), problems);
    if (!problems.isEmpty() || settings == null) {
      throw new ComputeConfigurationException(problems); // every problem at once
    }
    SecretValue functionKey = settings.functionKey();
    SecretValue masterKey = settings.masterKey();
    PlatformChecks checks =
        masterKey != null
            ? new AdminChecks(settings, masterKey, context.clock())
            : (transport, attempt) -> withoutMasterKey();
    return HttpTransport.builder(settings.endpoint(), client)
        .platformName("Azure Functions")
        .functionName(settings.functionName())
        // header(), not addHeader(): whatever a caller's metadata said, the key is ours and is sent
        // once.
        .decorator(
            (request, call) ->
                request.newBuilder().header(KEY_HEADER, functionKey.reveal()).build())
        .platformErrors(new AzureReplies(settings.functionName(), AzureReplies.Key.FUNCTION))
        .requestLimit(
            MAX_REQUEST_BODY,
            "Azure Functions' limit of 100 MB",
            "send less, or pass large data by reference (a Blob Storage URL, say)")
        .checks(checks)
        .features(masterKey != null ? Set.of(Feature.PLATFORM_CHECKS) : Set.of())
        .build();
  }

  /**
   * Without a master key: the checks that did not run, and how to have them (the info call still
   * proves the function).
   */
  private static List<InitCheck> withoutMasterKey() {
    String why =
        "no "
            + AzureSettings.MASTER_KEY
            + " set (set it to have init check the Functions host and the "
            + "function through the admin API)";
    return List.of(InitCheck.skipped("hostStatus", why), InitCheck.skipped("functionStatus", why));
  }
}
