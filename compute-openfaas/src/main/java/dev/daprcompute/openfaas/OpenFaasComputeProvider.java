package dev.daprcompute.openfaas;

import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.protocol.BaseUrls;
import dev.daprcompute.api.protocol.ProtocolSettings;
import java.util.List;

/**
 * {@code compute.openfaas}: a function behind an OpenFaaS gateway (CE, Standard or faasd).
 *
 * <p>Requests go to {@code {gateway}/function/{functionName}[.{namespace}]} plus the protocol
 * path; the gateway asks no credential there and passes the token in {@code Authorization} through
 * to the function. A missing function (the gateway's 404 {@code error finding function}, or 503
 * {@code No endpoints available for}) is a platform failure: a topic event is RETRY, init fails
 * "not deployed". Because scale from zero can hold a request for about 100 s, {@code timeout}
 * defaults to 2 minutes and {@code initTimeout} to 150 s.
 *
 * <p>With {@code basicAuthUser} and {@code basicAuthPassword} (the gateway's {@code /system}
 * credentials), init first checks that the function exists and reports its replicas and the
 * gateway's and provider's versions; with {@code topicAnnotationPubsub} too, the function's
 * {@code topic} annotation (comma-separated, the connector-sdk convention) adds one subscription per
 * topic on that PubSub component, routed to {@code /{topic}}, to those the function lists itself
 * (the function's win). With {@code asyncBindings: true}, binding events are queued through
 * {@code /async-function} and reported as accepted; the function's reply is not read. Stateless and
 * thread-safe.
 */
public final class OpenFaasComputeProvider implements ComputeProvider {
  /** The component type. */
  public static final String TYPE = "compute.openfaas";

  static final List<MetadataField> FIELDS = withOwnTimeoutDefault(ProtocolSettings.fieldsWith(List.of(
      MetadataField.required(OpenFaasSettings.GATEWAY, Kind.URI,
          "the OpenFaaS gateway's URL, such as https://gateway.example.com or http://gateway.openfaas:8080"),
      MetadataField.required(OpenFaasSettings.FUNCTION_NAME, Kind.STRING,
          "the function's name as deployed (faas-cli deploy); the default token audience"),
      MetadataField.optional(OpenFaasSettings.NAMESPACE, Kind.STRING,
          "the function's namespace, such as openfaas-fn; default: the gateway's default namespace"),
      MetadataField.optional(OpenFaasSettings.BASIC_AUTH_USER, Kind.STRING,
          "the user of the gateway's /system API (normally admin); with basicAuthPassword, init checks the function there"),
      MetadataField.optional(OpenFaasSettings.BASIC_AUTH_PASSWORD, Kind.STRING,
          "the password of the gateway's /system API (its basic-auth-password secret); use secretKeyRef").asSecret(),
      MetadataField.optional(OpenFaasSettings.TOPIC_ANNOTATION_PUBSUB, Kind.STRING,
          "the PubSub component that the function's topic annotation subscribes to (one subscription per topic,"
              + " routed to /<topic>); needs basicAuthUser and basicAuthPassword"),
      MetadataField.optional(OpenFaasSettings.ASYNC_BINDINGS, Kind.BOOLEAN,
          "queue binding events through /async-function (accepted with 202, the reply is not read); default false"),
      MetadataField.optional(OpenFaasSettings.CA_CERTIFICATE, Kind.STRING,
          "PEM certificate(s) of a private CA that signed the gateway's certificate; replaces the system's trusted CAs"),
      BaseUrls.ALLOW_INSECURE_HTTP_FIELD)));

  /** The common fields, with {@code timeout} describing this provider's default. */
  // SPI v2: a PlatformProvider declares its default timeout, and ComputeProviders writes the common
  // fields' descriptions from it.
  private static List<MetadataField> withOwnTimeoutDefault(List<MetadataField> fields) {
    return fields.stream().map(field -> field.name().equals("timeout")
        ? MetadataField.optional("timeout", Kind.DURATION,
            "the deadline of a call; default 2m, since a scale from zero can hold a call for about 100 s")
        : field).toList();
  }

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
    return new OpenFaasCompute(context);
  }
}
