package dev.daprcompute.api.internal;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicSubscription;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link Compute} of every component type: it speaks the function protocol and sends it
 * through the platform's {@link PlatformTransport}. A facade over protocol.md's sections: {@link
 * RequestFactory} builds each operation's request (sections 1 and 5), the {@link Exchange} sends it
 * within its deadline and {@code maxConcurrency}, {@link ReplyRules} reads what the reply means
 * (section 4), and {@link InitChecks} runs init's checks (sections 3 and 4). Every operation goes
 * through one sequence ({@link #send}). Thread-safe.
 */
public final class FunctionCompute implements Compute {
  private static final Logger log = LoggerFactory.getLogger(FunctionCompute.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ComputeContext context;
  private final List<MetadataField> fields;
  private final PlatformProvider platform;
  private final AtomicBoolean initCalled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Ready ready;

  /**
   * @param context what the runtime shares
   * @param fields every metadata field the component accepts (see {@link
   *     ProtocolSettings#fieldsWith})
   * @param platform makes the transport from the component's metadata, and adds its features
   */
  public FunctionCompute(
      ComputeContext context, List<MetadataField> fields, PlatformProvider platform) {
    this.context = Objects.requireNonNull(context, "context == null");
    this.fields = List.copyOf(fields);
    this.platform = Objects.requireNonNull(platform, "platform == null");
  }

  // ------------------------------------------------------------------ life cycle

  @Override
  public InitReport init(ComponentMetadata metadata) {
    if (!initCalled.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "init was already called on component '" + metadata.name() + "'");
    }
    metadata.validate(fields);
    List<ConfigurationProblem> problems = new ArrayList<>();
    ProtocolSettings settings = null;
    PlatformTransport transport = null;
    try {
      settings = ProtocolSettings.from(metadata, platform.timeoutDefaults().timeout());
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
    }
    // Transports derive their clients from the context's: harden it first, so that no platform call
    // (init checks and management APIs included) follows a redirect or keeps OkHttp's own timeouts.
    ComputeContext hardened = context.withHttpClient(HttpClients.harden(context.httpClient()));
    try {
      transport = platform.transport(metadata, hardened);
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
    }
    String tokenHeader = Protocol.AUTHORIZATION;
    if (settings != null && transport != null) {
      if (transport.occupiesAuthorizationHeader()) {
        if (Protocol.AUTHORIZATION.equals(settings.tokenHeader())) {
          problems.add(
              metadata.problem(
                  "tokenHeader",
                  transport.platformName()
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

    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread thread =
                  new Thread(
                      runnable,
                      "dapr-compute-" + metadata.name() + "-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    // The Exchange limits calls in flight to maxConcurrency (inside their deadlines); the
    // dispatcher's own limits only need room for calls that are still winding down after a
    // deadline, never to queue a call (a queued OkHttp call has no deadline).
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(2 * settings.maxConcurrency());
    dispatcher.setMaxRequestsPerHost(2 * settings.maxConcurrency());
    OkHttpClient client =
        HttpClients.harden(transport.httpClient()).newBuilder().dispatcher(dispatcher).build();
    Observations observations =
        new Observations(context.observations(), metadata.name(), metadata.type());
    TokenSigner signer =
        new TokenSigner(
            settings.key(),
            context.clock(),
            settings.tokenLifetime(),
            context.observations(),
            observations.componentKeys());
    String audience = settings.audience() != null ? settings.audience() : transport.functionName();
    String header = tokenHeader;
    String bearerFor = context.appId();
    Bearer bearer = new Bearer(signer, audience, bearerFor);
    Exchange exchange =
        new Exchange(
            transport,
            client,
            executor,
            settings.maxBodySize(),
            settings.maxConcurrency(),
            call -> call.withHeader(header, bearer.value()));
    Ready state =
        new Ready(
            metadata.name(),
            settings,
            transport,
            signer,
            audience,
            new RequestFactory(
                metadata.name(),
                settings.maxBodySize(),
                tokenHeader,
                bearer::value,
                context.appId()),
            new ReplyRules(
                metadata.name(), transport, signer.key().keyId(), audience, context.clock()),
            exchange,
            executor,
            dispatcher,
            union(platform.features(), transport.features()),
            observations);
    try {
      Duration initTimeout =
          metadata.initTimeoutIfSet().orElse(platform.timeoutDefaults().initTimeout());
      // Init's info calls are observed as init attempts, not as calls (operation null).
      InitReport report =
          new InitChecks(
                  state,
                  metadata,
                  initTimeout,
                  timeout ->
                      send(
                          state,
                          CallOptions.timeout(timeout),
                          null,
                          r -> r.requests().info(),
                          (r, call, reply) -> r.replies().info(call, reply),
                          null),
                  context.initListener(),
                  fields)
              .run();
      Ready initialised = state.withFeatures(union(state.features(), report.functionFeatures()));
      ready = initialised;
      if (closed.get()) {
        initialised.release();
      }
      return report;
    } catch (RuntimeException e) {
      state.release();
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
        state.release();
      }
    }
  }

  // ------------------------------------------------------------------ operations

  @Override
  public CompletableFuture<InvokeResponse> onInvoke(InvokeRequest request, CallOptions options) {
    return send(
        options,
        Observations.INVOKE,
        r -> r.requests().invoke(request),
        (r, call, reply) -> r.replies().invoke(call, reply),
        null);
  }

  @Override
  public CompletableFuture<TopicEventResponse> onTopicEvent(
      TopicEventRequest event, CallOptions options) {
    return send(
        options,
        Observations.TOPIC_EVENT,
        r -> r.requests().topicEvent(event),
        (r, call, reply) -> r.replies().topicEvent(call, reply),
        new Fallback<>() {
          @Override
          public TopicEventResponse cannotSend(RuntimeException e) {
            return TopicEventResponse.retry(
                "event " + event.id() + " cannot be sent: " + e.getMessage(), null);
          }

          @Override
          public TopicEventResponse failed(Ready r, FunctionRequest call, Throwable failure) {
            return r.replies().topicEventFailed(call, failure);
          }
        });
  }

  @Override
  public CompletableFuture<BulkTopicEventResponse> onBulkTopicEvent(
      BulkTopicEventRequest batch, CallOptions options) {
    Ready state = ready;
    if (state != null && !closed.get() && !state.features().contains(Feature.BULK_TOPIC_EVENTS)) {
      return deliverOneByOne(batch, options);
    }
    return send(
        options,
        Observations.BULK_TOPIC_EVENT,
        r -> r.requests().bulkTopicEvent(batch),
        (r, call, reply) -> r.replies().bulkTopicEvent(call, batch, reply),
        new Fallback<>() {
          @Override
          public BulkTopicEventResponse cannotSend(RuntimeException e) {
            return BulkTopicEventResponse.all(
                batch,
                TopicEventStatus.RETRY,
                "batch " + batch.id() + " cannot be sent: " + e.getMessage(),
                null);
          }

          @Override
          public BulkTopicEventResponse failed(Ready r, FunctionRequest call, Throwable failure) {
            return r.replies().bulkTopicEventFailed(call, batch, failure);
          }
        });
  }

  @Override
  public CompletableFuture<BindingEventResponse> onBindingEvent(
      BindingEventRequest event, CallOptions options) {
    return send(
        options,
        Observations.BINDING_EVENT,
        r -> r.requests().bindingEvent(event),
        (r, call, reply) -> r.replies().bindingEvent(call, event, reply),
        null);
  }

  /**
   * The function's own subscriptions, then those the platform adds ({@link
   * PlatformTransport#platformSubscriptions}) that the function does not list itself, all within
   * the call's deadline. A failure of either fails the listing: a shorter list would silently
   * unsubscribe topics.
   */
  @Override
  public CompletableFuture<List<TopicSubscription>> listTopicSubscriptions(CallOptions options) {
    Ready state = ready;
    if (state == null || closed.get()) {
      // fails as any call does before init or after close
      return send(
          options,
          Observations.LIST_TOPIC_SUBSCRIPTIONS,
          r -> r.requests().subscriptions(),
          (r, call, reply) -> r.replies().subscriptions(call, reply),
          null);
    }
    // Observed as one call, the platform's subscriptions included.
    @Nullable Observation observation =
        state.observations().startCall(Observations.LIST_TOPIC_SUBSCRIPTIONS);
    Deadline deadline = Deadline.after(options.timeoutIfSet().orElse(state.settings().timeout()));
    CompletableFuture<List<TopicSubscription>> own =
        send(
            state,
            options,
            null,
            r -> r.requests().subscriptions(),
            (r, call, reply) -> r.replies().subscriptions(call, reply),
            null);
    CompletableFuture<List<TopicSubscription>> merged =
        own.thenApplyAsync(
            list -> {
              if (deadline.hasPassed()) {
                throw new ComputeUnavailableException(
                    Reason.TIMEOUT,
                    state.transport().platformName()
                        + "'s subscriptions for"
                        + " component '"
                        + state.component()
                        + "' could not be asked for within the call's timeout",
                    null);
              }
              return Subscriptions.merge(
                  list, state.transport().platformSubscriptions(deadline), state.component());
            },
            Exchange.orInline(state.executor()));
    CompletableFuture<List<TopicSubscription>> bounded = byDeadline(merged, deadline, state);
    return cancelling(
        own, observation == null ? bounded : Observations.stoppingCall(observation, bounded, null));
  }

  /**
   * {@code work}, or a timeout once {@code deadline} passes: a transport is asked to keep the
   * deadline it is given for the platform's subscriptions, and this keeps it for one that does not.
   */
  private static <T> CompletableFuture<T> byDeadline(
      CompletableFuture<T> work, Deadline deadline, Ready state) {
    CompletableFuture<T> bounded = new CompletableFuture<>();
    CompletableFuture<?> unused =
        work.whenComplete(
            (value, failure) -> {
              if (failure == null) {
                bounded.complete(value);
              } else {
                bounded.completeExceptionally(failure);
              }
            });
    long left = Math.max(0, deadline.remaining().toNanos());
    CompletableFuture.delayedExecutor(
            left, TimeUnit.NANOSECONDS, Exchange.orInline(state.executor()))
        .execute(
            () -> {
              if (bounded.isDone()) {
                return; // the usual case: the listing ended in time
              }
              bounded.completeExceptionally(
                  new ComputeUnavailableException(
                      Reason.TIMEOUT,
                      state.transport().platformName()
                          + "'s subscriptions for component '"
                          + state.component()
                          + "' did not arrive within the call's timeout: raise timeout, or check"
                          + " that the platform's API answers",
                      null));
            });
    return bounded;
  }

  @Override
  public CompletableFuture<List<String>> listInputBindings(CallOptions options) {
    return send(
        options,
        Observations.LIST_INPUT_BINDINGS,
        r -> r.requests().info(),
        (r, call, reply) -> r.replies().info(call, reply).inputBindings(),
        null);
  }

  /** The function's info document; the call {@code init} makes. */
  public CompletableFuture<InfoDocument> info(CallOptions options) {
    return send(
        options,
        null,
        r -> r.requests().info(),
        (r, call, reply) -> r.replies().info(call, reply),
        null);
  }

  // ------------------------------------------------------------------ the one sequence

  /** Reads one operation's reply. */
  @FunctionalInterface
  private interface Reader<T> {
    T read(Ready r, FunctionRequest call, PlatformResponse reply);
  }

  /** What a PubSub delivery answers instead of failing: nothing is lost (protocol section 4). */
  private interface Fallback<T> {
    /** The answer for a request that can never be sent. */
    T cannotSend(RuntimeException e);

    /** The answer for a call that got no reply, or whose reply could not be read. */
    T failed(Ready r, FunctionRequest call, Throwable failure);
  }

  /**
   * The one sequence of every operation: the component must be ready; the request is built (one
   * that can never be sent fails the call, or is the fallback's answer); it is sent within its
   * deadline; the reply is read by the operation's rule. Cancelling the result cancels the call.
   */
  private <T> CompletableFuture<T> send(
      CallOptions options,
      @Nullable String operation,
      Function<Ready, FunctionRequest> request,
      Reader<T> reader,
      @Nullable Fallback<T> fallback) {
    Ready r;
    try {
      r = ready();
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
    return send(r, options, operation, request, reader, fallback);
  }

  /**
   * @param operation the {@code operation} the call is observed as; null for a call that is not
   *     observed as one (init's info calls)
   */
  private <T> CompletableFuture<T> send(
      Ready r,
      CallOptions options,
      @Nullable String operation,
      Function<Ready, FunctionRequest> request,
      Reader<T> reader,
      @Nullable Fallback<T> fallback) {
    // Null unless observation is on: then nothing below allocates for it.
    @Nullable Observation observation =
        operation == null ? null : r.observations().startCall(operation);
    FunctionRequest call;
    try {
      call = request.apply(r);
    } catch (RuntimeException e) {
      CompletableFuture<T> refused =
          fallback == null
              ? CompletableFuture.failedFuture(e)
              : CompletableFuture.completedFuture(fallback.cannotSend(e));
      return observation == null ? refused : Observations.stoppingCall(observation, refused, null);
    }
    Duration timeout = options.timeoutIfSet().orElse(r.settings().timeout());
    if (log.isDebugEnabled()) { // no argument array per call when debug is off
      log.debug(
          "component '{}': {} {} via {}",
          r.component(),
          call.verb(),
          call.path(),
          r.transport().platformName());
    }
    CompletableFuture<PlatformResponse> sent = r.exchange().send(call, timeout);
    Reading<T> result = new Reading<>(sent);
    // One stage where thenApply, exceptionally and a cancel hook would make three; it completes
    // as they would have, failures wrapped in a CompletionException.
    CompletableFuture<?> unused =
        sent.whenComplete(
            (reply, failure) -> {
              Throwable failed = failure;
              if (failed == null) {
                try {
                  result.complete(reader.read(r, call, reply));
                  return;
                } catch (Throwable e) {
                  failed = e;
                }
              }
              failed =
                  failed instanceof CompletionException ? failed : new CompletionException(failed);
              if (fallback == null) {
                result.completeExceptionally(failed);
                return;
              }
              try {
                result.complete(fallback.failed(r, call, failed));
              } catch (Throwable e) {
                result.completeExceptionally(
                    e instanceof CompletionException ? e : new CompletionException(e));
              }
            });
    if (observation != null) {
      return cancelling(sent, Observations.stoppingCall(observation, result, sent));
    }
    return result;
  }

  /** A call's result: cancelling it cancels the call (dependent stages do not pass it upstream). */
  private static final class Reading<T> extends CompletableFuture<T> {
    private final CompletableFuture<?> sent;

    Reading(CompletableFuture<?> sent) {
      this.sent = sent;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        sent.cancel(mayInterruptIfRunning);
      }
      return cancelled;
    }
  }

  private Ready ready() {
    if (closed.get()) {
      throw new IllegalStateException("the compute component is closed");
    }
    Ready state = ready;
    if (state == null) {
      throw new IllegalStateException(
          "init has not completed on this compute component: call init first");
    }
    return state;
  }

  /**
   * {@code result}, whose cancellation cancels {@code sent} and with it the HTTP call: dependent
   * futures do not pass cancellation upstream by themselves.
   */
  private static <T> CompletableFuture<T> cancelling(
      CompletableFuture<?> sent, CompletableFuture<T> result) {
    // The callback only cancels; the stage it returns mirrors result, which the caller has.
    CompletableFuture<?> unused =
        result.whenComplete(
            (value, failure) -> {
              if (result.isCancelled()) {
                sent.cancel(true);
              }
            });
    return result;
  }

  /**
   * Each entry as a single event, for functions that do not take batches; statuses are collected.
   */
  private CompletableFuture<BulkTopicEventResponse> deliverOneByOne(
      BulkTopicEventRequest batch, CallOptions options) {
    List<CompletableFuture<BulkTopicEventResponse.Entry>> deliveries = new ArrayList<>();
    for (BulkTopicEventEntry entry : batch.entries()) {
      TopicEventRequest single = batch.asTopicEvent(entry);
      deliveries.add(
          onTopicEvent(single, options)
              .thenApply(
                  outcome -> new BulkTopicEventResponse.Entry(entry.entryId(), outcome.status())));
    }
    CompletableFuture<BulkTopicEventResponse> all =
        CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new))
            .thenApply(
                done ->
                    BulkTopicEventResponse.of(
                        deliveries.stream().map(CompletableFuture::join).toList()));
    // The callback only cancels; the stage it returns mirrors all, which the caller has.
    CompletableFuture<?> unused =
        all.whenComplete(
            (value, failure) -> {
              if (all.isCancelled()) {
                deliveries.forEach(delivery -> delivery.cancel(true));
              }
            });
    return all;
  }

  /**
   * The {@code Bearer} header value of the current token: made once per token (which is reused for
   * half its lifetime), not once per call. Thread-safe.
   */
  private static final class Bearer {
    private final TokenSigner signer;
    private final String audience;
    private final @Nullable String subject;
    private volatile @Nullable Value last;

    private record Value(String token, String header) {}

    Bearer(TokenSigner signer, String audience, @Nullable String subject) {
      this.signer = signer;
      this.audience = audience;
      this.subject = subject;
    }

    String value() {
      String token = signer.token(audience, subject);
      Value cached = last;
      if (cached != null
          && cached.token()
              == token) { // the signer hands out the same instance while it reuses a token
        return cached.header();
      }
      Value made = new Value(token, "Bearer " + token);
      last = made;
      return made.header();
    }
  }

  private static Set<Feature> union(Set<Feature> a, Set<Feature> b) {
    EnumSet<Feature> all = EnumSet.noneOf(Feature.class);
    all.addAll(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
