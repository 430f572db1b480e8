package dev.daprcompute.azure.functions;

import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.protocol.BaseUrls;
import dev.daprcompute.api.protocol.FunctionCompute;
import dev.daprcompute.api.protocol.ProtocolSettings;
import java.util.List;
import java.util.Set;

/**
 * {@code compute.azure.functions}: a function behind an Azure Functions HTTP trigger.
 *
 * <p>{@code endpoint} is the trigger's base URL, such as {@code https://app.azurewebsites.net/api/dapr}
 * (the trigger has a catch-all route, {@code dapr/{*path}}, and protocol paths are appended); an
 * endpoint without a path means the default route {@code /api/dapr}. Every request carries the
 * function key ({@code functionKey}) in {@code x-functions-key}, never in a {@code code} query
 * (query strings end up in logs), and the token in {@code Authorization} unless {@code tokenHeader}
 * says {@code Dapr-Authorization} (App Service Authentication, API Management or Static Web Apps in
 * front). The function's name is the last segment of the endpoint's path ({@code dapr}): it is the
 * default token audience, and the name {@code init} looks up in the admin API.
 *
 * <p>With the app's master key ({@code masterKey}), {@code init} first checks that
 * {@code /admin/host/status} is {@code Running} and that {@code /admin/functions/{name}} exists and
 * is enabled (a 403 from admin isolation only skips these checks, with a warning); then the info
 * call. Request bodies are limited to Azure's 100 MB. Stateless and thread-safe.
 */
public final class AzureFunctionsComputeProvider implements ComputeProvider {
  /** The component type. */
  public static final String TYPE = "compute.azure.functions";

  static final List<MetadataField> FIELDS = ProtocolSettings.fieldsWith(List.of(
      MetadataField.required(AzureSettings.ENDPOINT, Kind.URI,
          "the HTTP trigger's base URL, such as https://app.azurewebsites.net/api/dapr (a catch-all route); "
              + "https://app.azurewebsites.net alone means the default route /api/dapr; the last path segment is the "
              + "function's name, the default token audience"),
      MetadataField.required(AzureSettings.FUNCTION_KEY, Kind.STRING,
          "a function key of the function (or a host key), sent in x-functions-key; use secretKeyRef").asSecret(),
      MetadataField.optional(AzureSettings.MASTER_KEY, Kind.STRING,
          "the app's master key (_master), for init's checks of /admin/host/status and /admin/functions/{name}; "
              + "use secretKeyRef").asSecret(),
      MetadataField.optional(AzureSettings.CA_CERTIFICATE, Kind.STRING,
          "PEM certificate(s) of a private CA that signed the endpoint's certificate (an App Service Environment, a "
              + "gateway in front); replaces the system's trusted CAs"),
      BaseUrls.ALLOW_INSECURE_HTTP_FIELD));

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<MetadataField> metadataFields() {
    return FIELDS;
  }

  @Override
  public Compute create(ComputeContext context) {
    // PLATFORM_CHECKS depends on masterKey: the transport declares it.
    return new FunctionCompute(context, FIELDS, AzureFunctionsTransport::create, Set.of());
  }
}
