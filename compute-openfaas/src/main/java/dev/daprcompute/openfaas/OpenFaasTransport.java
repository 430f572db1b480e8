package dev.daprcompute.openfaas;

import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.http.HttpTransport;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.InitAttempt;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicSubscription;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The OpenFaaS gateway as a {@link PlatformTransport}: the plain HTTP transport to {@code
 * {gateway}/function/{name}[.{namespace}]} with the gateway's errors ({@link GatewayReplies}), plus
 * what {@code /function} is not: the queue route {@code /async-function} for binding events with
 * {@code asyncBindings}, whose 202 is {@link PlatformResponse#queued}, and the {@code /system} API
 * ({@link SystemApi}) for the init checks and the {@code topic} annotation's subscriptions.
 *
 * <p>The gateway asks no credential on {@code /function} (CE) and passes {@code Authorization}
 * through, so the token travels there; the {@code /system} credentials only ever go to {@code
 * /system}. Thread-safe; created once per component, without I/O.
 */
final class OpenFaasTransport implements PlatformTransport {
  /** The header that would have the gateway POST the queued call's reply somewhere. */
  private static final String CALLBACK_URL = "X-Callback-Url";

  private final OpenFaasSettings settings;
  private final HttpTransport functionRoute;
  private final HttpUrl asyncFunctionUrl;
  private final @Nullable SystemApi system;

  /**
   * Whether {@code /system} said, in the last init attempt, that the function exists: then the
   * proxy's "no endpoints" means a replica is still starting (retried), not a missing function.
   */
  private volatile boolean knownDeployed;

  OpenFaasTransport(OpenFaasSettings settings, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.asyncFunctionUrl = settings.gatewayUrl("async-function", settings.routeName());
    OpenFaasSettings.BasicAuth credentials = settings.basicAuth();
    this.system = credentials == null ? null : new SystemApi(settings, credentials, client, clock);
    Set<Feature> features = EnumSet.noneOf(Feature.class);
    if (system != null) {
      features.add(Feature.PLATFORM_CHECKS);
    }
    if (settings.asyncBindings()) {
      features.add(Feature.ASYNC_BINDING_EVENTS);
    }
    this.functionRoute =
        HttpTransport.builder(settings.gatewayUrl("function", settings.routeName()), client)
            .platformName("the OpenFaaS gateway at " + BaseUrls.display(settings.gateway()))
            .functionName(
                settings
                    .functionName()) // the bare name: the default audience, whatever the namespace
            .platformErrors(
                (status, headers, body) ->
                    GatewayReplies.error(knownDeployed, status, headers, body))
            .advice(
                Reason.NOT_DEPLOYED,
                "deploy it (faas-cli deploy), or fix " + settings.functionFields())
            .advice(
                Reason.PLATFORM_CREDENTIALS,
                "OpenFaaS CE does not authenticate /function, and this component sends no"
                    + " credential there: check what in front of the gateway asks for one (an ingress, OpenFaaS IAM)")
            .features(features)
            .build();
  }

  @Override
  public String platformName() {
    return functionRoute.platformName();
  }

  @Override
  public String functionName() {
    return functionRoute.functionName();
  }

  @Override
  public OkHttpClient httpClient() {
    return functionRoute.httpClient();
  }

  @Override
  public Request toHttpRequest(FunctionRequest request) {
    if (queued(request)) {
      // The gateway would POST the function's reply to X-Callback-Url: nobody asked for that here.
      return HttpRequests.below(asyncFunctionUrl, request).removeHeader(CALLBACK_URL).build();
    }
    return functionRoute.toHttpRequest(request);
  }

  @Override
  public PlatformResponse fromHttpResponse(
      FunctionRequest request, int status, Metadata headers, Payload body) {
    return queued(request)
        ? GatewayReplies.ofQueue(knownDeployed, status, headers, body)
        : functionRoute.fromHttpResponse(request, status, headers, body);
  }

  @Override
  public boolean occupiesAuthorizationHeader() {
    return functionRoute.occupiesAuthorizationHeader();
  }

  private boolean queued(FunctionRequest request) {
    return settings.asyncBindings() && request.operation() == Operation.BINDING_EVENT;
  }

  /**
   * With the {@code /system} credentials, {@link SystemApi#checks}; without them, one skipped check
   * that says how to have them.
   */
  @Override
  public List<InitCheck> checkPlatform(InitAttempt attempt) {
    knownDeployed = false;
    if (system == null) {
      return List.of(
          InitCheck.skipped(
              "functionStatus",
              "no "
                  + OpenFaasSettings.BASIC_AUTH_USER
                  + " and "
                  + OpenFaasSettings.BASIC_AUTH_PASSWORD
                  + ": the gateway's /system API is not asked; set both to have init "
                  + "check that the function exists before the info call"));
    }
    List<InitCheck> checks = system.checks(this, attempt.deadline());
    knownDeployed = true;
    return checks;
  }

  /**
   * One subscription per topic of the function's {@code topic} annotation, for {@code
   * topicAnnotationPubsub}, read from {@code /system} each time; none without it.
   */
  @Override
  public List<TopicSubscription> platformSubscriptions(Deadline deadline) {
    String pubsub = settings.topicAnnotationPubsub();
    if (pubsub == null || system == null) {
      return List.of();
    }
    return TopicAnnotations.subscriptions(
        pubsub, system.functionStatus(this, deadline).annotations(), settings.describeFunction());
  }

  @Override
  public String advice(Reason reason) {
    return functionRoute.advice(reason);
  }

  @Override
  public Set<Feature> features() {
    return functionRoute.features();
  }

  /** Names only: never the /system credentials. */
  @Override
  public String toString() {
    return "OpenFaasTransport[" + settings + "]";
  }
}
