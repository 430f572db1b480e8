package dev.daprcompute.cloudflare.workers;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.http.HttpTransport;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.protocol.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * {@code compute.cloudflare.workers}: a function on Cloudflare Workers, reached at the worker's URL
 * with the token in {@code Authorization}; the default audience is the worker's name.
 *
 * <p>With {@code workerUrl} alone the worker is one the user deployed: the jump worker, or their
 * own worker built on the JavaScript function SDK. With {@code accountId}, {@code apiToken} and
 * {@code workerName} init also checks the worker through the Cloudflare API; add {@code
 * targetWorker} and init deploys the bundled jump worker in front of that worker when it is missing
 * or older, keeps its public keys (rotation included), audience and target up to date, and turns on
 * its workers.dev route ({@link WorkerChecks}). Stateless and thread-safe.
 */
public final class CloudflareWorkersPlatformProvider implements PlatformProvider {
  /** The component type. */
  public static final String TYPE = "compute.cloudflare.workers";

  static final String PLATFORM = "Cloudflare Workers";

  private static final List<MetadataField> FIELDS =
      List.of(
          MetadataField.optional(
              WorkersSettings.WORKER_URL,
              Kind.URI,
              "the worker's URL, such as https://orders-dapr.example.workers.dev; default with the API: its workers.dev URL"),
          MetadataField.optional(
              WorkersSettings.WORKER_NAME,
              Kind.STRING,
              "the worker's (script's) name: the jump worker's in managed mode; the default token audience"),
          MetadataField.optional(
              WorkersSettings.ACCOUNT_ID,
              Kind.STRING,
              "the Cloudflare account ID (32 hex digits); with apiToken, init checks the worker through the API"),
          MetadataField.optional(
                  WorkersSettings.API_TOKEN,
                  Kind.STRING,
                  "a Cloudflare API token with Workers Scripts: Edit (Read without targetWorker); use secretKeyRef")
              .asSecret(),
          MetadataField.optional(
              WorkersSettings.API_BASE_URL,
              Kind.URI,
              "the Cloudflare API's base URL; default " + WorkersSettings.DEFAULT_API_BASE_URL),
          MetadataField.optional(
              WorkersSettings.TARGET_WORKER,
              Kind.STRING,
              "the user's worker: with it, init deploys the jump worker in front of it (a service binding)"),
          MetadataField.optional(
              BaseUrls.CA_CERTIFICATE,
              Kind.STRING,
              "PEM certificate(s) of a private CA for the worker's host and the API; replaces the system's trusted CAs"),
          BaseUrls.ALLOW_INSECURE_HTTP_FIELD);

  private final BiFunction<String, String, HttpUrl> workersDev;

  /** The provider. */
  public CloudflareWorkersPlatformProvider() {
    this(WorkerChecks::workersDevUrl);
  }

  /**
   * As above, with the workers.dev URL rule given: (script, subdomain) to URL (tests point it at a
   * fake).
   */
  CloudflareWorkersPlatformProvider(BiFunction<String, String, HttpUrl> workersDev) {
    this.workersDev = Objects.requireNonNull(workersDev, "workersDev == null");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<MetadataField> fields() {
    return FIELDS;
  }

  /**
   * The plain HTTP transport to the worker, reading Cloudflare's error pages; with the API, its
   * checks ({@link WorkerChecks}), and without {@code workerUrl} the workers.dev URL they find.
   */
  @Override
  public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    WorkersSettings settings = null;
    try {
      settings = WorkersSettings.read(metadata);
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
    }
    OkHttpClient client = BaseUrls.client(metadata, context.httpClient(), problems);
    if (settings == null || !problems.isEmpty()) {
      throw new ComputeConfigurationException(problems);
    }
    HttpUrl workerUrl = settings.workerUrl();
    // Without workerUrl the base is a stand-in: the decorator sends each request below the URL init
    // found.
    HttpTransport.Builder transport =
        HttpTransport.builder(
                workerUrl != null
                    ? workerUrl
                    : WorkerChecks.workersDevUrl(
                        Objects.requireNonNull(settings.workerName()), "unknown-until-init"),
                client)
            .platformName(PLATFORM)
            .functionName(settings.functionName())
            .platformErrors(ErrorPages::read)
            .advice(
                Reason.NOT_DEPLOYED,
                workerUrl != null
                    ? "check that the worker is deployed and that workerUrl reaches it (its route or custom domain)"
                    : "check that worker '"
                        + settings.functionName()
                        + "' is deployed and its workers.dev route is on")
            .advice(
                Reason.PLATFORM_CREDENTIALS,
                "a 401 or 403 without the function's marker comes from in front of the"
                    + " worker (Cloudflare Access, a WAF rule): let the component through, or use the worker's workers.dev URL");
    if (settings.usesApi()) {
      WorkerChecks checks =
          new WorkerChecks(metadata.name(), settings, client, context.clock(), workersDev);
      transport.checks(checks).features(Set.of(Feature.PLATFORM_CHECKS));
      if (workerUrl == null) {
        transport.decorator(checks.workersDevRoute());
      }
    }
    return transport.build();
  }
}
