package dev.daprcompute.api.internal;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformFailures;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.Redaction;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.ByteSize;
import dev.daprcompute.protocol.internal.SafeHeaders;
import dev.daprcompute.protocol.internal.SafePaths;
import dev.daprcompute.protocol.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link Compute} every provider uses: it speaks the function protocol and sends it
 * through the provider's {@link PlatformTransport}.
 *
 * <p>It builds each operation's request (path, verb, headers, body, token), enforces path and
 * header safety, body limits, deadlines and cancellation, and classifies each reply by protocol
 * section 4: the {@link Protocol#MARKER_HEADER} tells the function's answers from the platform's,
 * so a PubSub event is dropped only when the function said so. Thread-safe.
 */
public final class FunctionCompute implements Compute {
  private static final Logger log = LoggerFactory.getLogger(FunctionCompute.class);
  private static final Pattern ERROR_DESCRIPTION = Pattern.compile("error_description=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ComputeContext context;
  private final List<MetadataField> fields;
  private final PlatformProvider platform;
  private final AtomicBoolean initCalled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Ready ready;

  /**
   * @param context what the runtime shares
   * @param fields every metadata field the component accepts (see {@link ProtocolSettings#fieldsWith})
   * @param platform makes the transport from the component's metadata, and adds its features
   */
  public FunctionCompute(ComputeContext context, List<MetadataField> fields, PlatformProvider platform) {
    this.context = Objects.requireNonNull(context, "context == null");
    this.fields = List.copyOf(fields);
    this.platform = Objects.requireNonNull(platform, "platform == null");
  }

  /** What init established; immutable after init. */
  private record Ready(
      String component,
      ProtocolSettings settings,
      PlatformTransport transport,
      TokenSigner signer,
      String audience,
      String tokenHeader,
      Exchange exchange,
      ThreadPoolExecutor executor,
      Dispatcher dispatcher,
      Set<Feature> features) {

    Ready withFeatures(Set<Feature> features) {
      return new Ready(component, settings, transport, signer, audience, tokenHeader, exchange, executor, dispatcher, features);
    }
  }

  // ------------------------------------------------------------------ life cycle

  @Override
  public InitReport init(ComponentMetadata metadata) {
    if (!initCalled.compareAndSet(false, true)) {
      throw new IllegalStateException("init was already called on component '" + metadata.name() + "'");
    }
    metadata.validate(fields);
    List<ConfigurationProblem> problems = new ArrayList<>();
    ProtocolSettings settings = null;
    PlatformTransport transport = null;
    try {
      settings = ProtocolSettings.from(metadata);
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
    }
    // Transports derive their clients from the context's: harden it first, so that no platform call
    // (init checks and management APIs included) follows a redirect or keeps OkHttp's own timeouts.
    ComputeContext hardened = new ComputeContext(HttpClients.harden(context.httpClient()), context.clock(), context.appId());
    try {
      transport = platform.transport(metadata, hardened);
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
    }
    String tokenHeader = Protocol.AUTHORIZATION;
    if (settings != null && transport != null) {
      if (transport.occupiesAuthorizationHeader()) {
        if (Protocol.AUTHORIZATION.equals(settings.tokenHeader())) {
          problems.add(metadata.problem("tokenHeader", transport.platformName()
              + " uses the Authorization header itself here, so the token cannot go there",
              "remove tokenHeader or set it to Dapr-Authorization"));
        }
        tokenHeader = Protocol.DAPR_AUTHORIZATION;
      } else if (settings.tokenHeader() != null) {
        tokenHeader = settings.tokenHeader();
      }
    }
    if (!problems.isEmpty()) {
      if (transport != null) {
        transport.close();
      }
      throw new ComputeConfigurationException(problems);
    }
    Objects.requireNonNull(settings);
    Objects.requireNonNull(transport);

    ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "dapr-compute-" + metadata.name() + "-" + THREADS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    // The Exchange limits calls in flight to maxConcurrency (inside their deadlines); the
    // dispatcher's own limits only need room for calls that are still winding down after a
    // deadline, never to queue a call (a queued OkHttp call has no deadline).
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(2 * settings.maxConcurrency());
    dispatcher.setMaxRequestsPerHost(2 * settings.maxConcurrency());
    OkHttpClient client = HttpClients.harden(transport.httpClient()).newBuilder().dispatcher(dispatcher).build();
    TokenSigner signer = new TokenSigner(settings.key(), context.clock(), settings.tokenLifetime());
    String audience = settings.audience() != null ? settings.audience() : transport.functionName();
    String header = tokenHeader;
    String bearerFor = context.appId();
    Exchange exchange = new Exchange(transport, client, settings.maxBodySize(), settings.maxConcurrency(),
        call -> call.withHeader(header, "Bearer " + signer.token(audience, bearerFor)));
    Ready state = new Ready(metadata.name(), settings, transport, signer, audience, tokenHeader, exchange, executor,
        dispatcher, union(platform.features(), transport.features()));
    try {
      InitChecks.Result result = new InitChecks(this, state, metadata).run();
      ready = state.withFeatures(union(state.features(), result.report().functionFeatures()));
      if (closed.get()) {
        release(ready);
      }
      return result.report();
    } catch (RuntimeException e) {
      release(state);
      throw e;
    }
  }

  @Override
  public Set<Feature> features() {
    Ready state = ready;
    return state == null ? Set.of() : state.features();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Ready state = ready;
      if (state != null) {
        release(state);
      }
    }
  }

  private static void release(Ready state) {
    state.dispatcher().cancelAll();
    state.executor().shutdown();
    state.transport().close();
  }

  // ------------------------------------------------------------------ operations

  @Override
  public CompletableFuture<InvokeResponse> onInvoke(InvokeRequest request, CallOptions options) {
    Ready r;
    FunctionRequest call;
    try {
      r = ready();
      if (request.verb() == HttpVerb.CONNECT) {
        throw new ComputeRequestException("verb CONNECT cannot be delivered to a function (daprd rejects it too)");
      }
      String verb = request.verb().wireName();
      if ((verb.equals("GET") || verb.equals("HEAD")) && !request.data().isEmpty()) {
        throw new ComputeRequestException("a " + verb + " invocation of '" + SafePaths.printable(request.method())
            + "' carries a body, which HTTP cannot send: use POST or PUT");
      }
      call = request(r, Operation.INVOKE, verb, safePath(request.method()),
          safeQuery(request.queryString()), request.metadata(), request.contentType(), request.data());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<PlatformResponse> sent = send(r, call, options);
    return cancelling(sent, sent.thenApply(reply -> {
      functionAnswer(r, call, reply);
      return new InvokeResponse(reply.status(), reply.body(), reply.headers().first("content-type").orElse(""),
          SafeHeaders.replyMetadata(reply.headers()));
    }));
  }

  @Override
  public CompletableFuture<TopicEventResponse> onTopicEvent(TopicEventRequest event, CallOptions options) {
    Ready r;
    FunctionRequest call;
    try {
      r = ready();
      Metadata.Builder metadata = event.metadata().toBuilder();
      metadata.set(Protocol.PUBSUB_NAME_HEADER, event.pubsubName());
      for (String trace : List.of("traceparent", "tracestate")) {
        Object value = event.extensions().get(trace);
        if (value instanceof String s && !s.isEmpty() && !event.metadata().contains(trace)) {
          metadata.set(trace, s);
        }
      }
      Payload body = Payload.wrap(encode(() -> WireFormat.writeCloudEvent(event)));
      call = request(r, Operation.TOPIC_EVENT, "POST", safePath(event.path()), "", metadata.build(),
          Protocol.CLOUDEVENTS_JSON, body);
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(retryBecause("event " + event.id() + " cannot be sent: " + e.getMessage(), null));
    }
    CompletableFuture<PlatformResponse> sent = send(r, call, options);
    return cancelling(sent, sent
        .thenApply(reply -> reply.answeredByFunction() ? topicOutcome(r, call, reply) : platformRetry(r, call, reply))
        .exceptionally(failure -> retryOnFailure(call, failure)));
  }

  @Override
  public CompletableFuture<BulkTopicEventResponse> onBulkTopicEvent(BulkTopicEventRequest batch, CallOptions options) {
    Ready r;
    try {
      r = ready();
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!r.features().contains(Feature.BULK_TOPIC_EVENTS)) {
      return deliverOneByOne(batch, options);
    }
    FunctionRequest call;
    try {
      Payload body = Payload.wrap(encode(() -> WireFormat.writeBulk(batch)));
      call = request(r, Operation.BULK_TOPIC_EVENT, "POST", safePath(batch.path()), "",
          Metadata.of(Protocol.PUBSUB_NAME_HEADER, batch.pubsubName()), Protocol.JSON, body);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(BulkTopicEventResponse.all(batch, TopicEventStatus.RETRY,
          "batch " + batch.id() + " cannot be sent: " + e.getMessage(), null));
    }
    CompletableFuture<PlatformResponse> sent = send(r, call, options);
    return cancelling(sent, sent.thenApply(reply -> {
      if (!reply.answeredByFunction()) {
        ComputeUnavailableException failure = platformFailure(r, call, reply);
        warnRetry(call, failure.getMessage());
        return BulkTopicEventResponse.all(batch, TopicEventStatus.RETRY, failure.getMessage(), failure.retryAfter().orElse(null));
      }
      return bulkOutcome(r, call, batch, reply);
    }).exceptionally(failure -> {
      TopicEventResponse retry = retryOnFailure(call, failure);
      return BulkTopicEventResponse.all(batch, TopicEventStatus.RETRY, retry.reason(), retry.retryAfter());
    }));
  }

  @Override
  public CompletableFuture<BindingEventResponse> onBindingEvent(BindingEventRequest event, CallOptions options) {
    Ready r;
    FunctionRequest call;
    try {
      r = ready();
      call = request(r, Operation.BINDING_EVENT, "POST", safePath(event.name()), "",
          Metadata.ofSingle(event.metadata()), Protocol.JSON, event.data());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<PlatformResponse> sent = send(r, call, options);
    return cancelling(sent, sent.thenApply(reply -> {
      if (reply.isQueued()) {
        return BindingEventResponse.queued(Objects.requireNonNull(reply.queuedAs()));
      }
      functionAnswer(r, call, reply);
      if (reply.status() < 200 || reply.status() > 299) {
        throw new FunctionRejectedException("the function answered " + reply.status() + " to binding event '"
            + event.name() + "' of component '" + r.component() + "'" + excerpt(reply), reply.status(), null);
      }
      List<String> to = reply.headers().all(Protocol.BINDING_TO_HEADER).stream()
          .flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty()).toList();
      BindingEventConcurrency concurrency = reply.headers().first(Protocol.BINDING_CONCURRENCY_HEADER)
          .filter(v -> v.equalsIgnoreCase("parallel")).map(v -> BindingEventConcurrency.PARALLEL)
          .orElse(BindingEventConcurrency.SEQUENTIAL);
      return new BindingEventResponse(reply.body(), to, concurrency);
    }));
  }

  @Override
  public CompletableFuture<List<TopicSubscription>> listTopicSubscriptions(CallOptions options) {
    Ready r;
    FunctionRequest call;
    try {
      r = ready();
      Metadata metadata = context.appId() == null ? Metadata.empty() : Metadata.of("dapr-app-id", context.appId());
      call = request(r, Operation.SUBSCRIPTIONS, "GET", Protocol.SUBSCRIBE_PATH, "", metadata, "", Payload.empty());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<PlatformResponse> sent = send(r, call, options);
    return cancelling(sent, sent.thenApply(reply -> {
      functionAnswer(r, call, reply);
      if (reply.status() == 404 || reply.status() == 204) {
        return List.of();
      }
      if (reply.status() != 200) {
        throw new FunctionRejectedException("the function answered " + reply.status() + " to " + Protocol.SUBSCRIBE_PATH
            + " of component '" + r.component() + "'" + excerpt(reply), reply.status(), null);
      }
      try {
        return WireFormat.readSubscriptions(reply.body().unsafeArray());
      } catch (IllegalArgumentException e) {
        throw new ProtocolViolationException("the function's " + Protocol.SUBSCRIBE_PATH + " answer (component '"
            + r.component() + "') is not Dapr's subscription format: " + e.getMessage(), e);
      }
    }));
  }

  @Override
  public CompletableFuture<List<String>> listInputBindings(CallOptions options) {
    CompletableFuture<InfoDocument> info = info(options);
    return cancelling(info, info.thenApply(InfoDocument::inputBindings));
  }

  /** The function's info document; the call {@code init} makes. */
  public CompletableFuture<InfoDocument> info(CallOptions options) {
    Ready r;
    FunctionRequest call;
    try {
      r = ready();
      call = infoRequest(r);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return info(r, call, options);
  }

  // ------------------------------------------------------------------ requests and replies

  FunctionRequest infoRequest(Ready r) {
    return request(r, Operation.INFO, "GET", Protocol.INFO_PATH, "", Metadata.empty(), "", Payload.empty());
  }

  CompletableFuture<InfoDocument> info(Ready r, FunctionRequest call, CallOptions options) {
    CompletableFuture<PlatformResponse> sent = send(r, call, options);
    return cancelling(sent, sent.thenApply(reply -> {
      functionAnswer(r, call, reply);
      if (reply.status() != 200) {
        throw new FunctionRejectedException("the function answered " + reply.status() + " to " + Protocol.INFO_PATH
            + excerpt(reply), reply.status(), null);
      }
      try {
        return WireFormat.readInfo(reply.body().unsafeArray());
      } catch (IllegalArgumentException e) {
        throw new ProtocolViolationException("the function's info document is malformed: " + e.getMessage(), e);
      }
    }));
  }

  private Ready ready() {
    if (closed.get()) {
      throw new IllegalStateException("the compute component is closed");
    }
    Ready state = ready;
    if (state == null) {
      throw new IllegalStateException("init has not completed on this compute component: call init first");
    }
    return state;
  }

  private FunctionRequest request(Ready r, Operation operation, String verb, String path, String query,
      Metadata metadata, String contentType, Payload body) {
    if (body.size() > r.settings().maxBodySize()) {
      throw new ComputeRequestException("the " + operation.name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " body (" + ByteSize.format(body.size()) + ") is over maxBodySize (" + ByteSize.format(r.settings().maxBodySize())
          + ") of component '" + r.component() + "': send less, or raise maxBodySize");
    }
    boolean tokenInAuthorization = r.tokenHeader().equals(Protocol.AUTHORIZATION);
    Metadata.Builder headers = Metadata.builder();
    try {
      SafeHeaders.copyMetadata(metadata, tokenInAuthorization, headers);
      if (!contentType.isEmpty()) {
        SafeHeaders.check("content-type", contentType);
        headers.set("content-type", contentType);
      }
    } catch (IllegalArgumentException e) {
      throw new ComputeRequestException(e.getMessage());
    }
    headers.set(Protocol.MARKER_HEADER, Integer.toString(Protocol.VERSION));
    // The token is added by the Exchange when the call starts, not now: a call may wait for a slot.
    return new FunctionRequest(operation, verb, path, query, headers.build(), body);
  }

  /** {@link SafePaths#normalize}, refusing as this request's fault. */
  private static String safePath(String method) {
    try {
      return SafePaths.normalize(method);
    } catch (IllegalArgumentException e) {
      throw new ComputeRequestException(e.getMessage());
    }
  }

  /** {@link SafePaths#query}, refusing as this request's fault. */
  private static String safeQuery(String query) {
    try {
      return SafePaths.query(query);
    } catch (IllegalArgumentException e) {
      throw new ComputeRequestException(e.getMessage());
    }
  }

  private CompletableFuture<PlatformResponse> send(Ready r, FunctionRequest call, CallOptions options) {
    Duration timeout = options.timeoutIfSet().orElse(r.settings().timeout());
    log.debug("component '{}': {} {} via {}", r.component(), call.verb(), call.path(), r.transport().platformName());
    return r.exchange().send(call, timeout);
  }

  /**
   * {@code result}, whose cancellation cancels {@code sent} and with it the HTTP call: dependent
   * futures do not pass cancellation upstream by themselves.
   */
  private static <T> CompletableFuture<T> cancelling(CompletableFuture<?> sent, CompletableFuture<T> result) {
    result.whenComplete((value, failure) -> {
      if (result.isCancelled()) {
        sent.cancel(true);
      }
    });
    return result;
  }

  private static byte[] encode(java.util.function.Supplier<byte[]> encoder) {
    try {
      return encoder.get();
    } catch (IllegalArgumentException e) {
      throw new ComputeRequestException(e.getMessage());
    }
  }

  /** Dapr's HTTP delivery rules, for a reply the function itself wrote. */
  private TopicEventResponse topicOutcome(Ready r, FunctionRequest call, PlatformResponse reply) {
    int status = reply.status();
    String rejection = tokenRejection(reply);
    if (rejection != null) {
      String reason = rejected(r, call, reply, rejection).getMessage();
      log.error("{}; the event will be delivered again", reason);
      return retryBecause(reason, null);
    }
    if (status == 404) {
      return TopicEventResponse.drop();
    }
    if (status < 200 || status > 299) {
      return retryBecause("the function answered " + status + " to " + Exchange.describe(call), null);
    }
    TopicEventResponse outcome = WireFormat.readTopicReply(reply.body().unsafeArray());
    if (!outcome.reason().isEmpty()) {
      log.warn("{}: {}; it will be delivered again", Exchange.describe(call), outcome.reason());
    }
    return outcome;
  }

  /** Dapr's HTTP bulk rules, for a reply the function itself wrote. */
  private BulkTopicEventResponse bulkOutcome(Ready r, FunctionRequest call, BulkTopicEventRequest batch, PlatformResponse reply) {
    int status = reply.status();
    String rejection = tokenRejection(reply);
    if (rejection != null) {
      String reason = rejected(r, call, reply, rejection).getMessage();
      log.error("{}; the batch will be delivered again", reason);
      return BulkTopicEventResponse.all(batch, TopicEventStatus.RETRY, reason, null);
    }
    if (status == 404) {
      return BulkTopicEventResponse.all(batch, TopicEventStatus.DROP, "", null);
    }
    if (status < 200 || status > 299) {
      return BulkTopicEventResponse.all(batch, TopicEventStatus.RETRY, "the function answered " + status, null);
    }
    Map<String, String> statuses;
    try {
      statuses = WireFormat.readBulkStatuses(reply.body().unsafeArray());
    } catch (IllegalArgumentException e) {
      return BulkTopicEventResponse.all(batch, TopicEventStatus.RETRY, "the function's bulk answer is malformed: " + e.getMessage(), null);
    }
    List<BulkTopicEventResponse.Entry> entries = new ArrayList<>();
    for (BulkTopicEventEntry entry : batch.entries()) {
      // Exactly as daprd compares them; missing, empty or unknown (a lower-case "drop" too): RETRY.
      TopicEventStatus outcome = switch (statuses.getOrDefault(entry.entryId(), "")) {
        case "SUCCESS" -> TopicEventStatus.SUCCESS;
        case "DROP" -> TopicEventStatus.DROP;
        default -> TopicEventStatus.RETRY;
      };
      entries.add(new BulkTopicEventResponse.Entry(entry.entryId(), outcome));
    }
    return BulkTopicEventResponse.of(entries);
  }

  /** Each entry as a single event, for functions that do not take batches; statuses are collected. */
  private CompletableFuture<BulkTopicEventResponse> deliverOneByOne(BulkTopicEventRequest batch, CallOptions options) {
    List<CompletableFuture<BulkTopicEventResponse.Entry>> deliveries = new ArrayList<>();
    for (BulkTopicEventEntry entry : batch.entries()) {
      TopicEventRequest single = batch.asTopicEvent(entry);
      deliveries.add(onTopicEvent(single, options)
          .thenApply(outcome -> new BulkTopicEventResponse.Entry(entry.entryId(), outcome.status())));
    }
    CompletableFuture<BulkTopicEventResponse> all = CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new))
        .thenApply(done -> BulkTopicEventResponse.of(deliveries.stream().map(CompletableFuture::join).toList()));
    all.whenComplete((value, failure) -> {
      if (all.isCancelled()) {
        deliveries.forEach(delivery -> delivery.cancel(true));
      }
    });
    return all;
  }

  private TopicEventResponse platformRetry(Ready r, FunctionRequest call, PlatformResponse reply) {
    ComputeUnavailableException failure = platformFailure(r, call, reply);
    warnRetry(call, failure.getMessage());
    return TopicEventResponse.retry(failure.getMessage(), failure.retryAfter().orElse(null));
  }

  private TopicEventResponse retryOnFailure(FunctionRequest call, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof CancellationException cancelled) {
      throw cancelled;
    }
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    warnRetry(call, reason);
    Duration retryAfter = cause instanceof ComputeUnavailableException u ? u.retryAfter().orElse(null) : null;
    return TopicEventResponse.retry(reason, retryAfter);
  }

  private static void warnRetry(FunctionRequest call, String reason) {
    log.warn("{} will be delivered again: {}", Exchange.describe(call), reason);
  }

  private static TopicEventResponse retryBecause(String reason, @Nullable Duration retryAfter) {
    return TopicEventResponse.retry(reason, retryAfter);
  }

  /**
   * Returns when the function itself answered and accepted our token; otherwise throws what
   * protocol section 4 prescribes for the platform's answer or the token's rejection.
   */
  private void functionAnswer(Ready r, FunctionRequest call, PlatformResponse reply) {
    if (reply.isQueued()) {
      throw new ComputeException(r.transport().platformName() + " transport answered " + Exchange.describe(call)
          + " of component '" + r.component() + "' with 'queued', which only a binding event may be: a provider defect");
    }
    if (!reply.answeredByFunction()) {
      if (reply.status() == 413) {
        // Not a failure to wait out: the same request would be refused again. (A topic event
        // stays RETRY, so that Dapr's resiliency policy and dead-letter topic decide.)
        throw new ComputeRequestException(r.transport().platformName() + " refused " + Exchange.describe(call)
            + " of component '" + r.component() + "' as too large (413" + excerpt(reply)
            + "): send less, or raise the platform's request size limit");
      }
      throw platformFailure(r, call, reply);
    }
    String rejection = tokenRejection(reply);
    if (rejection != null) {
      throw rejected(r, call, reply, rejection);
    }
  }

  /** What a reply without the function's marker means (protocol section 4). */
  ComputeUnavailableException platformFailure(Ready r, FunctionRequest call, PlatformResponse reply) {
    return PlatformFailures.ofDelivery(r.transport(), Exchange.describe(call) + " of component '" + r.component() + "'",
        reply, context.clock());
  }

  private FunctionRejectedException rejected(Ready r, FunctionRequest call, PlatformResponse reply, String why) {
    return new FunctionRejectedException("the function rejected the token of component '" + r.component() + "' on "
        + Exchange.describe(call) + ": " + (why.isEmpty() ? "no reason given" : why)
        + ". Check that the function has the public key for kid " + r.signer().key().keyId()
        + " and expects audience '" + r.audience() + "'", reply.status(), why);
  }

  /** The function's {@code error_description} when it answered 401 {@code invalid_token}; else null. */
  static @Nullable String tokenRejection(PlatformResponse reply) {
    if (reply.status() != 401) {
      return null;
    }
    for (String value : reply.headers().all(Protocol.WWW_AUTHENTICATE)) {
      if (value.regionMatches(true, 0, "Bearer", 0, 6) && value.contains("invalid_token")) {
        Matcher m = ERROR_DESCRIPTION.matcher(value);
        return m.find() ? m.group(1).replaceAll("\\\\(.)", "$1") : "";
      }
    }
    return null;
  }

  /** A short, token-free excerpt of a body, for messages: {@code ": text"}, or nothing. */
  private static String excerpt(PlatformResponse reply) {
    String excerpt = Redaction.excerpt(reply.headers(), reply.body());
    return excerpt.isEmpty() ? "" : ": " + excerpt;
  }

  private static Set<Feature> union(Set<Feature> a, Set<Feature> b) {
    EnumSet<Feature> all = EnumSet.noneOf(Feature.class);
    all.addAll(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  // ------------------------------------------------------------------ init

  /** The checks of protocol sections 3 and 4, retried with back-off until initTimeout. */
  private static final class InitChecks {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    /** The least time worth giving an attempt. */
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(100);

    private final FunctionCompute compute;
    private final Ready r;
    private final ComponentMetadata metadata;

    InitChecks(FunctionCompute compute, Ready r, ComponentMetadata metadata) {
      this.compute = compute;
      this.r = r;
      this.metadata = metadata;
    }

    record Result(InitReport report) {}

    Result run() {
      long start = System.nanoTime();
      long deadline = start + metadata.initTimeout().toNanos();
      int attempts = 0;
      List<InitCheck> checks = new ArrayList<>();
      ComputeException last = null;
      String stage = "deployed";
      String lastStage = stage;
      while (true) {
        attempts++;
        checks.clear();
        try {
          stage = "platform";
          checks.addAll(r.transport().checkPlatform(Deadline.after(remaining(deadline))));
          stage = "deployed";
          InfoDocument info = fetchInfo(remaining(deadline));
          return new Result(verify(info, checks, attempts, Duration.ofNanos(System.nanoTime() - start)));
        } catch (ComputeUnavailableException e) {
          if (e.reason() == Reason.NOT_DEPLOYED) {
            checks.add(InitCheck.failed("deployed", e.getMessage()));
            throw new ComputeInitException("deployed", "init of component '" + r.component() + "' failed: "
                + e.getMessage(), checks, false, e);
          }
          if (e.reason() == Reason.PLATFORM_CREDENTIALS) {
            checks.add(InitCheck.failed("credentials", e.getMessage()));
            throw new ComputeInitException("credentials", "init of component '" + r.component() + "' failed: "
                + e.getMessage(), checks, false, e);
          }
          // An attempt that initTimeout itself cut short says nothing new: keep the real cause.
          boolean cutShort = e.reason() == Reason.TIMEOUT && deadline - System.nanoTime() < MIN_ATTEMPT.toNanos();
          if (!cutShort || last == null) {
            last = e;
            lastStage = stage;
          }
        } catch (FunctionRejectedException e) {
          if (e.tokenRejection().isPresent()) {
            checks.add(InitCheck.passed("deployed", "the function answered"));
            checks.add(InitCheck.failed("auth", e.getMessage()));
            throw new ComputeInitException("auth", "init of component '" + r.component() + "' failed: " + e.getMessage(),
                checks, false, e);
          }
          if (e.status() < 500) {
            checks.add(InitCheck.failed("deployed", e.getMessage()));
            throw new ComputeInitException("deployed", "init of component '" + r.component() + "' failed: "
                + e.getMessage() + ". Is the function built with a dapr-compute SDK (protocol " + Protocol.VERSION + ")?",
                checks, false, e);
          }
          last = e;
          lastStage = stage;
        } catch (ProtocolViolationException e) {
          checks.add(InitCheck.failed("protocol", e.getMessage()));
          throw new ComputeInitException("protocol", "init of component '" + r.component() + "' failed: " + e.getMessage(),
              checks, false, e);
        } catch (ComputeInitException e) {
          throw e;
        }
        Duration wait = backoff(attempts, last);
        boolean mandated = last instanceof ComputeUnavailableException u && u.retryAfter().isPresent()
            && u.retryAfter().get().equals(wait);
        long room = deadline - System.nanoTime() - MIN_ATTEMPT.toNanos();
        if (room <= 0 || (mandated && wait.compareTo(Duration.ofNanos(room)) > 0)) {
          // No attempt can finish in time (or the platform asked us to wait past the deadline);
          // a doomed attempt's timeout would only hide the real cause.
          String why = mandated && room > 0
              ? "; the platform asked to wait " + wait.toSeconds() + " s (Retry-After), past initTimeout" : "";
          checks.add(InitCheck.failed(lastStage, last.getMessage()));
          throw new ComputeInitException(lastStage, "init of component '" + r.component() + "' gave up after " + attempts
              + " attempt(s) in initTimeout " + metadata.initTimeout().toMillis() + " ms" + why + "; last failure: "
              + last.getMessage(), checks, true, last);
        }
        sleep(wait.compareTo(Duration.ofNanos(room)) > 0 ? room : wait.toNanos());
      }
    }

    private InfoDocument fetchInfo(Duration remaining) {
      Duration timeout = remaining.compareTo(r.settings().timeout()) < 0 ? remaining : r.settings().timeout();
      CompletableFuture<InfoDocument> future = compute.info(r, compute.infoRequest(r), CallOptions.timeout(timeout));
      try {
        return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new ComputeInitException("deployed", "init of component '" + r.component() + "' was interrupted",
            List.of(), true, e);
      } catch (TimeoutException e) {
        future.cancel(true);
        throw new ComputeUnavailableException(Reason.TIMEOUT, "the info call did not finish within " + timeout.toMillis() + " ms", e);
      } catch (ExecutionException e) {
        Throwable cause = unwrap(e);
        if (cause instanceof ComputeException ce) {
          throw ce;
        }
        throw new ComputeUnavailableException(Reason.CONNECTION_FAILED, "the info call failed: " + cause, cause);
      }
    }

    private InitReport verify(InfoDocument info, List<InitCheck> checks, int attempts, Duration elapsed) {
      checks.add(InitCheck.passed("deployed", r.transport().platformName() + " delivered the info call to function '"
          + r.transport().functionName() + "'"));
      checks.add(InitCheck.passed("auth", "the function accepted a token for audience '" + r.audience() + "' (kid "
          + r.signer().key().keyId() + ", " + r.signer().key().algorithm() + ")"));
      if (!Protocol.SUPPORTED_VERSIONS.contains(info.protocol())) {
        String fix = info.protocol() > Protocol.VERSION
            ? "upgrade dev.daprcompute:compute-api (and the provider) to a release that speaks protocol " + info.protocol()
            : "redeploy the function with an SDK that speaks protocol " + Protocol.VERSION;
        String message = "the function speaks protocol " + info.protocol() + " (SDK " + describeSdk(info)
            + "); component '" + r.component() + "' speaks " + Protocol.SUPPORTED_VERSIONS + ": " + fix;
        checks.add(InitCheck.failed("protocol", message));
        throw new ComputeInitException("protocol", "init of component '" + r.component() + "' failed: " + message,
            checks, false, null);
      }
      checks.add(InitCheck.passed("protocol", "protocol " + info.protocol()));
      SemVer min = r.settings().minVersion();
      if (min == null) {
        checks.add(InitCheck.passed("version", describeSdk(info) + " (no minVersion set)"));
      } else {
        SemVer actual;
        try {
          actual = SemVer.parse(info.version());
        } catch (IllegalArgumentException e) {
          checks.add(InitCheck.failed("version", e.getMessage()));
          throw new ComputeInitException("version", "init of component '" + r.component() + "' failed: the function's version "
              + e.getMessage(), checks, false, e);
        }
        if (actual.compareTo(min) < 0) {
          String message = "the function runs " + describeSdk(info) + ", below minVersion " + min
              + " of component '" + r.component() + "': redeploy the function with SDK " + min + " or newer";
          checks.add(InitCheck.failed("version", message));
          throw new ComputeInitException("version", "init of component '" + r.component() + "' failed: " + message,
              checks, false, null);
        }
        checks.add(InitCheck.passed("version", describeSdk(info) + " >= minVersion " + min));
      }
      Set<Feature> features = EnumSet.noneOf(Feature.class);
      info.features().forEach(name -> Feature.fromWireName(name).ifPresent(features::add));
      return new InitReport(checks, info.protocol(), info.version(), info.sdk(), features, info.inputBindings(),
          attempts, elapsed);
    }

    private static String describeSdk(InfoDocument info) {
      return (info.sdk().isEmpty() ? "version " : info.sdk() + " ") + info.version();
    }

    private static Duration remaining(long deadline) {
      long left = deadline - System.nanoTime();
      return Duration.ofNanos(Math.max(left, TimeUnit.MILLISECONDS.toNanos(1)));
    }

    /**
     * The wait before the next attempt: our exponential back-off, or the platform's
     * {@code Retry-After} when that is longer. Never shorter than the back-off, whatever the
     * platform says: a {@code Retry-After: 0} must not turn init into a hot loop.
     */
    static Duration backoff(int attempt, ComputeException last) {
      long base = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 10);
      long capped = Math.min(base, MAX_BACKOFF.toMillis());
      double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
      Duration ours = Duration.ofMillis((long) (capped * jitter));
      if (last instanceof ComputeUnavailableException u && u.retryAfter().isPresent()
          && u.retryAfter().get().compareTo(ours) > 0) {
        return u.retryAfter().get();
      }
      return ours;
    }

    private void sleep(long nanos) {
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ComputeInitException("deployed", "init of component '" + r.component() + "' was interrupted",
            List.of(), true, e);
      }
    }
  }
}
