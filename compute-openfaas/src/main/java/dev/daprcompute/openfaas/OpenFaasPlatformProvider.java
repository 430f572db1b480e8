package dev.daprcompute.openfaas;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.TimeoutDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * {@code compute.openfaas}: a function behind an OpenFaaS gateway (CE, Standard or faasd).
 *
 * <p>Requests go to {@code {gateway}/function/{functionName}[.{namespace}]} plus the protocol path;
 * the gateway asks no credential there and passes the token in {@code Authorization} through to the
 * function. A missing function (the gateway's 404 {@code error finding function}, or 503 {@code No
 * endpoints available for}) is a platform failure: a topic event is RETRY, init fails "not
 * deployed". Because scale from zero can hold a request for about 100 s, {@code timeout} defaults
 * to 2 minutes and {@code initTimeout} to 150 s.
 *
 * <p>With {@code basicAuthUser} and {@code basicAuthPassword} (the gateway's {@code /system}
 * credentials), init first checks that the function exists and reports its replicas and the
 * gateway's and provider's versions; with {@code topicAnnotationPubsub} too, the function's {@code
 * topic} annotation (comma-separated, the connector-sdk convention) adds one subscription per topic
 * on that PubSub component, routed to {@code /{topic}}, to those the function lists itself (the
 * function's win). With {@code asyncBindings: true}, binding events are queued through {@code
 * /async-function} and reported as queued, with the gateway's call ID; the function's reply is not
 * read. Stateless and thread-safe.
 */
public final class OpenFaasPlatformProvider implements PlatformProvider {
  /** The component type. */
  public static final String TYPE = "compute.openfaas";

  /**
   * {@code timeout} 2 minutes: the gateway's scaling handler polls for a ready replica for up to
   * about 100 s (1,000 polls, 100 ms apart) before it forwards a call, and the function then needs
   * time of its own; {@code initTimeout} 150 s: room for the platform checks and one info call that
   * waits out a scale from zero, and a retry.
   */
  static final TimeoutDefaults TIMEOUT_DEFAULTS =
      new TimeoutDefaults(
          Duration.ofMinutes(2),
          Duration.ofSeconds(150),
          "since a scale from zero can hold a call for about 100 s");

  static final List<MetadataField> FIELDS =
      List.of(
          MetadataField.required(
              OpenFaasSettings.GATEWAY,
              Kind.URI,
              "the OpenFaaS gateway's URL, such as " + OpenFaasSettings.GATEWAY_EXAMPLE),
          MetadataField.required(
              OpenFaasSettings.FUNCTION_NAME,
              Kind.STRING,
              "the function's name as deployed (faas-cli deploy); the default token audience"),
          MetadataField.optional(
              OpenFaasSettings.NAMESPACE,
              Kind.STRING,
              "the function's namespace, such as openfaas-fn; default: the gateway's default namespace"),
          MetadataField.optional(
              OpenFaasSettings.BASIC_AUTH_USER,
              Kind.STRING,
              "the user of the gateway's /system API (normally admin); with basicAuthPassword, init checks the function there"),
          MetadataField.optional(
                  OpenFaasSettings.BASIC_AUTH_PASSWORD,
                  Kind.STRING,
                  "the password of the gateway's /system API (its basic-auth-password secret); use secretKeyRef")
              .asSecret(),
          MetadataField.optional(
              OpenFaasSettings.TOPIC_ANNOTATION_PUBSUB,
              Kind.STRING,
              "the PubSub component that the function's topic annotation subscribes to (one subscription per topic,"
                  + " routed to /<topic>); needs basicAuthUser and basicAuthPassword"),
          MetadataField.optional(
              OpenFaasSettings.ASYNC_BINDINGS,
              Kind.BOOLEAN,
              "queue binding events through /async-function (reported as queued, the reply is not read); default false"),
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

  @Override
  public TimeoutDefaults timeoutDefaults() {
    return TIMEOUT_DEFAULTS;
  }

  @Override
  public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    OpenFaasSettings settings = OpenFaasSettings.read(metadata, problems);
    OkHttpClient client =
        BaseUrls.client(
            metadata, context.httpClient(), problems); // caCertificate: /function and /system
    if (!problems.isEmpty() || settings == null) {
      throw new ComputeConfigurationException(problems);
    }
    return new OpenFaasTransport(settings, client, context.clock());
  }
}
