package dev.daprcompute.openfaas;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.Feature;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.TopicSubscription;
import dev.daprcompute.api.protocol.BaseUrls;
import dev.daprcompute.api.protocol.FunctionRequest;
import dev.daprcompute.api.protocol.HttpRequests;
import dev.daprcompute.api.protocol.Operation;
import dev.daprcompute.api.protocol.PlatformResponse;
import dev.daprcompute.api.protocol.PlatformTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFaaS gateway as a {@link PlatformTransport}.
 *
 * <p>Each request goes to {@code {gateway}/function/{name}[.{namespace}]} plus the protocol path,
 * as it is: the gateway needs no credential there (CE) and passes {@code Authorization} through,
 * so the token travels there. With {@code asyncBindings}, binding events go to
 * {@code /async-function/...} instead, and the gateway's 202 is taken as accepted, not as a reply.
 * The gateway's own answers (a missing function, no ready replica, an unreachable pod, an upstream
 * failure) become {@link dev.daprcompute.api.protocol.PlatformResponse.PlatformError}s.
 *
 * <p>With {@code basicAuthUser} and {@code basicAuthPassword}, init first asks the gateway's
 * {@code /system} API whether the function exists (and how many replicas it has) and which gateway
 * and provider versions run; with {@code topicAnnotationPubsub}, the same API gives the
 * {@code topic} annotation that {@link #platformSubscriptions} turns into subscriptions. The
 * {@code /system} credentials only ever go to {@code /system}.
 *
 * <p>Thread-safe; created once per component.
 */
final class OpenFaasTransport implements PlatformTransport {
  private static final Logger log = LoggerFactory.getLogger(OpenFaasTransport.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final OpenFaasSettings settings;
  private final OkHttpClient client;
  private final HttpUrl functionUrl;
  private final HttpUrl asyncFunctionUrl;
  private final @Nullable SystemApi system;
  private final @Nullable ExecutorService systemCalls;
  /**
   * Whether {@code /system} said, in the last init attempt, that the function exists: then the
   * proxy's "no endpoints" means a replica is still starting (retried), not a missing function.
   */
  private volatile boolean knownDeployed;

  private OpenFaasTransport(OpenFaasSettings settings, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.client = client;
    this.functionUrl = settings.gatewayPath("function", settings.routeName()).build();
    this.asyncFunctionUrl = settings.gatewayPath("async-function", settings.routeName()).build();
    OpenFaasSettings.BasicAuth credentials = settings.basicAuth();
    this.system = credentials == null ? null : new SystemApi(settings, credentials, client, clock);
    this.systemCalls = system != null && settings.topicAnnotationPubsub() != null
        ? Executors.newCachedThreadPool(runnable -> {
          Thread thread = new Thread(runnable, "dapr-compute-openfaas-system-" + THREADS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        })
        : null;
  }

  /** The transport of a {@code compute.openfaas} component (the provider's factory). */
  static OpenFaasTransport create(ComponentMetadata metadata, ComputeContext context) {
    OpenFaasSettings settings = OpenFaasSettings.read(metadata);
    OkHttpClient client = settings.caTrust() == null ? context.httpClient()
        : CaCertificates.trusting(context.httpClient(), settings.caTrust());
    return new OpenFaasTransport(settings, client, context.clock());
  }

  OpenFaasSettings settings() {
    return settings;
  }

  // ------------------------------------------------------------------ PlatformTransport

  @Override
  public String platformName() {
    return "the OpenFaaS gateway";
  }

  /** The bare name: the default token audience, whatever the namespace. */
  @Override
  public String functionName() {
    return settings.functionName();
  }

  @Override
  public OkHttpClient httpClient() {
    return client;
  }

  @Override
  public Request toHttpRequest(FunctionRequest request) {
    if (queued(request)) {
      // The gateway would POST the function's reply to X-Callback-Url: nobody asked for that here.
      return HttpRequests.below(asyncFunctionUrl, request).removeHeader("X-Callback-Url").build();
    }
    return HttpRequests.below(functionUrl, request).build();
  }

  @Override
  public PlatformResponse fromHttpResponse(FunctionRequest request, int status, Metadata headers, Payload body) {
    boolean queued = queued(request);
    PlatformResponse reply = GatewayReplies.read(queued, knownDeployed, status, headers, body);
    if (queued && reply.answeredByFunction() && reply.platformError() == null && status == 202) {
      log.debug("binding event {} queued by the OpenFaaS gateway as call {}; the function's reply is not read",
          request.path(), headers.first(GatewayReplies.CALL_ID).orElse("?"));
    }
    return reply;
  }

  private boolean queued(FunctionRequest request) {
    return settings.asyncBindings() && request.operation() == Operation.BINDING_EVENT;
  }

  @Override
  public Set<Feature> features() {
    Set<Feature> features = EnumSet.noneOf(Feature.class);
    if (system != null) {
      features.add(Feature.PLATFORM_CHECKS);
    }
    if (settings.asyncBindings()) {
      features.add(Feature.ASYNC_BINDING_EVENTS);
    }
    return Set.copyOf(features);
  }

  // ------------------------------------------------------------------ init checks

  /**
   * With credentials: the function exists ({@code functionStatus}, with its replicas; a missing
   * function fails init at once), and the gateway's and provider's versions ({@code gateway},
   * skipped when {@code /system/info} fails). Without: one skipped check that says how to have them.
   */
  @Override
  public List<InitCheck> checkPlatform(Duration timeout) {
    knownDeployed = false;
    if (system == null) {
      return List.of(InitCheck.skipped("functionStatus", "no " + OpenFaasSettings.BASIC_AUTH_USER + " and "
          + OpenFaasSettings.BASIC_AUTH_PASSWORD + ": the gateway's /system API is not asked; set both to have init "
          + "check that the function exists before the info call"));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<InitCheck> checks = new ArrayList<>();
    SystemApi.FunctionStatus status = system.functionStatus(deadline);
    knownDeployed = true;
    checks.add(InitCheck.passed("functionStatus", describe(status)));
    try {
      checks.add(InitCheck.passed("gateway", system.gatewayInfo(deadline)));
    } catch (ComputeUnavailableException e) {
      if (e.reason() == Reason.PLATFORM_CREDENTIALS) {
        throw e;
      }
      checks.add(InitCheck.skipped("gateway", "the versions are unknown: " + e.getMessage()));
    }
    return checks;
  }

  private String describe(SystemApi.FunctionStatus status) {
    StringBuilder out = new StringBuilder(settings.describeFunction());
    out.append(" is deployed");
    if (!status.image().isEmpty()) {
      out.append(" (image ").append(status.image()).append(')');
    }
    if (status.replicas() == 0) {
      out.append("; it is scaled to zero: the gateway scales it up for the info call, which can take up to about 100 s,"
          + " or answers 503 when it does not scale from zero");
    } else {
      out.append("; replicas ").append(status.replicas()).append(", ").append(status.availableReplicas()).append(" ready");
    }
    String pubsub = settings.topicAnnotationPubsub();
    if (pubsub != null) {
      List<String> topics = TopicAnnotations.topics(status.annotations());
      out.append(topics.isEmpty() ? "; no topic annotation"
          : "; topic annotation: " + String.join(", ", topics) + " (subscribed on '" + pubsub + "')");
    }
    return out.toString();
  }

  // ------------------------------------------------------------------ subscriptions

  /**
   * The subscriptions the platform adds to the function's own: one per topic of the function's
   * {@code topic} annotation, for {@code topicAnnotationPubsub}; none without it. Completes within
   * {@code timeout}; fails with a {@link ComputeUnavailableException} when the gateway cannot say.
   */
  // SPI v2: this is the hook PlatformTransport lacks. In compute-api it becomes
  //   default CompletableFuture<List<TopicSubscription>> platformSubscriptions(Duration timeout) { empty }
  // which FunctionCompute.listTopicSubscriptions calls after the function's own list, inside the same
  // deadline, and merges with TopicAnnotations.merge's rule (by pubsubName and topic; the function wins).
  CompletableFuture<List<TopicSubscription>> platformSubscriptions(Duration timeout) {
    String pubsub = settings.topicAnnotationPubsub();
    SystemApi api = system;
    ExecutorService executor = systemCalls;
    if (pubsub == null || api == null || executor == null) {
      return CompletableFuture.completedFuture(List.of());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      return CompletableFuture.supplyAsync(() -> TopicAnnotations.subscriptions(pubsub,
          api.functionStatus(deadline).annotations(), settings.describeFunction()), executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("the compute component is closed"));
    }
  }

  /** Whether {@link #platformSubscriptions} may add anything. */
  boolean addsSubscriptions() {
    return systemCalls != null;
  }

  @Override
  public void close() {
    if (systemCalls != null) {
      systemCalls.shutdownNow();
    }
  }

  /** Names only: never the /system credentials. */
  @Override
  public String toString() {
    return "OpenFaasTransport[" + settings + ", " + BaseUrls.display(functionUrl) + "]";
  }
}
