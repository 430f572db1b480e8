package dev.daprcompute.cloudflare.workers;

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
 * {@code compute.cloudflare.workers}: a function on Cloudflare Workers.
 *
 * <p>With {@code workerUrl} alone the worker is one the user deployed: the jump worker, or their
 * own worker built on the JavaScript function SDK. With {@code accountId}, {@code apiToken} and
 * {@code workerName} init also checks the worker through the Cloudflare API; add
 * {@code targetWorker} and init deploys the bundled jump worker in front of that worker when it is
 * missing or older, keeps its public keys (rotation included), audience and target up to date,
 * and turns on its workers.dev route. The token goes in {@code Authorization}; the default audience
 * is the worker's name. Stateless and thread-safe.
 */
public final class CloudflareWorkersComputeProvider implements ComputeProvider {
  /** The component type. */
  public static final String TYPE = "compute.cloudflare.workers";

  static final List<MetadataField> FIELDS = ProtocolSettings.fieldsWith(List.of(
      MetadataField.optional(WorkersSettings.WORKER_URL, Kind.URI,
          "the worker's URL, such as https://orders-dapr.example.workers.dev; default with the API: its workers.dev URL"),
      MetadataField.optional(WorkersSettings.WORKER_NAME, Kind.STRING,
          "the worker's (script's) name: the jump worker's in managed mode; the default token audience"),
      MetadataField.optional(WorkersSettings.ACCOUNT_ID, Kind.STRING,
          "the Cloudflare account ID (32 hex digits); with apiToken, init checks the worker through the API"),
      MetadataField.optional(WorkersSettings.API_TOKEN, Kind.STRING,
          "a Cloudflare API token with Workers Scripts: Edit (Read without targetWorker); use secretKeyRef").asSecret(),
      MetadataField.optional(WorkersSettings.API_BASE_URL, Kind.URI,
          "the Cloudflare API's base URL; default " + WorkersSettings.DEFAULT_API_BASE_URL),
      MetadataField.optional(WorkersSettings.TARGET_WORKER, Kind.STRING,
          "the user's worker: with it, init deploys the jump worker in front of it (a service binding)"),
      MetadataField.optional(WorkersSettings.CA_CERTIFICATE, Kind.STRING,
          "PEM certificate(s) of a private CA for the worker's host and the API; replaces the system's trusted CAs"),
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
    // The transport declares PLATFORM_CHECKS when the API is configured.
    return new FunctionCompute(context, FIELDS, WorkersTransport::create, Set.of());
  }
}
