package dev.daprcompute.testkit;

import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.function.FunctionHandler;
import dev.daprcompute.function.FunctionHttpHandler;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.function.FunctionHttpResponse;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.function.NotServedException;
import dev.daprcompute.function.token.TokenRejectedException;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.function.token.VerifiedToken;
import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkSubscribeConfig;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicRoutes;
import dev.daprcompute.protocol.TopicRule;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A function built on compute-function whose behaviour is chosen by its input, so tests (and the
 * demo) can drive every path of the protocol deterministically. It records every request it
 * receives, with the token it verified, unless created {@linkplain #createUnrecorded unrecorded}
 * (for soaks); and it tells a {@link TopicHandlerListener} each time its topic handler runs.
 *
 * <h2>Behaviours</h2>
 *
 * <table>
 *   <caption>What the reference function does</caption>
 *   <tr><th>call</th><th>input</th><th>answer</th></tr>
 *   <tr><td>invoke</td><td>method {@code echo}</td><td>200 JSON of what arrived: method, verb, query,
 *       contentType, metadata, body; header {@code x-echo: yes}</td></tr>
 *   <tr><td>invoke</td><td>{@code echo-body}</td><td>200 with the request's body and content type, byte for byte</td></tr>
 *   <tr><td>invoke</td><td>{@code status/<code>}</td><td>that status, body {@code status <code>},
 *       header {@code x-function: yes}</td></tr>
 *   <tr><td>invoke</td><td>{@code sleep/<millis>}</td><td>200 after that long</td></tr>
 *   <tr><td>invoke</td><td>{@code big/<bytes>}</td><td>200 with that many bytes</td></tr>
 *   <tr><td>invoke</td><td>anything else</td><td>404 (not served)</td></tr>
 *   <tr><td>topic event</td><td>data {@code SUCCESS}, {@code RETRY}, {@code DROP}</td><td>that status</td></tr>
 *   <tr><td>topic event</td><td>data {@code 404} / {@code 500}</td><td>that HTTP status</td></tr>
 *   <tr><td>topic event</td><td>data {@code slow}</td><td>SUCCESS after 3 s</td></tr>
 *   <tr><td>topic event</td><td>data {@code garbage}</td><td>200 with a body that is not JSON</td></tr>
 *   <tr><td>topic event</td><td>data {@code raw:<body>}</td><td>200 with exactly {@code <body>} (JSON content type), the handler not run</td></tr>
 *   <tr><td>topic event</td><td>anything else</td><td>SUCCESS</td></tr>
 *   <tr><td>bulk</td><td>each entry as a topic event</td><td>one status per entry</td></tr>
 *   <tr><td>binding</td><td>data {@code fail}</td><td>500</td></tr>
 *   <tr><td>binding</td><td>anything else</td><td>200, data {@code handled:<data>}; metadata {@code to}
 *       (comma list) and {@code concurrency} ({@code parallel}) are echoed into the reply</td></tr>
 * </table>
 *
 * <p>Subscriptions: {@code pubsub/orders} to {@code /orders}; {@code pubsub/payments} with rule
 * {@code event.type == "refund"} to {@code /refunds}, default {@code /payments}, dead-letter topic
 * {@code payments-dlq}; {@code pubsub/bulk-orders} to {@code /bulk} with bulk subscribe (10, 100
 * ms). Input bindings: {@code orders-queue} and {@code cron}.
 *
 * <p>Its info document announces {@code bulkTopicEvents}, as every function built on
 * compute-function does, unless told not to ({@link #declareBulk(boolean) declareBulk(false)}).
 *
 * <p>Thread-safe.
 */
public final class ReferenceFunction implements FunctionHttpHandler {
  /**
   * The version the reference function reports: the function SDK's, {@link
   * FunctionRouter#SDK_VERSION}, as a function built with this build's compute-function reports it.
   */
  public static final String VERSION = FunctionRouter.SDK_VERSION;

  /** The input bindings it serves. */
  public static final List<String> INPUT_BINDINGS = List.of("orders-queue", "cron");

  private final String audience;
  private final SigningKey componentKey;

  /** What checks tokens and answers, with the default clock skew. */
  private final Checking standard;

  private volatile Checking checking;
  private final boolean recording;
  private final ConcurrentLinkedQueue<ReceivedRequest> received = new ConcurrentLinkedQueue<>();
  private volatile @Nullable String infoOverride;
  private volatile @Nullable TopicHandlerListener topicListener;
  private volatile boolean declaresBulk = true;

  /** Notified on each recorded request, for {@link #awaitReceived}. */
  private final Object arrivals = new Object();

  private ReferenceFunction(String audience, SigningKey componentKey, boolean recording) {
    this.audience = audience;
    this.componentKey = componentKey;
    this.recording = recording;
    this.standard = checking(TokenVerifier.MAX_CLOCK_SKEW);
    this.checking = standard;
  }

  /** The token verifier and the router around it, which verifies with it. */
  private record Checking(TokenVerifier verifier, FunctionRouter router) {}

  private Checking checking(Duration clockSkew) {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .publicKeys(componentKey.publicJwkSet())
            .audience(audience)
            .clockSkew(clockSkew)
            .build();
    return new Checking(
        verifier,
        FunctionRouter.builder(new Behaviours()).verifier(verifier).version(VERSION).build());
  }

  /** A reference function for {@code audience}, with a new Ed25519 key pair for its component. */
  public static ReferenceFunction create(String audience) {
    return create(audience, SigningKey.generateEd25519());
  }

  /** A reference function for {@code audience} that trusts {@code componentKey}'s public half. */
  public static ReferenceFunction create(String audience, SigningKey componentKey) {
    return new ReferenceFunction(
        Objects.requireNonNull(audience, "audience == null"),
        Objects.requireNonNull(componentKey, "componentKey == null"),
        true);
  }

  /**
   * A reference function for {@code audience}, with a new key pair, that records nothing: {@link
   * #received()} stays empty, and a {@link PlatformFake} started in front of it records nothing
   * either. For soaks, whose hundreds of thousands of requests would otherwise all stay in memory;
   * count what matters with {@link #onTopicHandled}.
   */
  public static ReferenceFunction createUnrecorded(String audience) {
    return new ReferenceFunction(
        Objects.requireNonNull(audience, "audience == null"), SigningKey.generateEd25519(), false);
  }

  /** Whether it records what it receives ({@link #received()}); fixed when it is created. */
  public boolean recording() {
    return recording;
  }

  /**
   * What a {@link ReferenceFunction} tells each time its topic handler runs: for every topic event
   * (a bulk entry too) that reaches the handler and is answered with a status. Called on the
   * server's request threads, before the answer is sent, so it must be thread-safe and quick.
   */
  @FunctionalInterface
  public interface TopicHandlerListener {
    /**
     * Called after the handler chose its answer to {@code event}.
     *
     * @param event the event as the handler received it (its {@code id} is the CloudEvent's)
     * @param answer the status the handler answers with
     */
    void handled(TopicEventRequest event, TopicEventStatus answer);
  }

  /**
   * Tells {@code listener} each time the topic handler runs, until {@link #reset()} or another
   * listener replaces it. Events answered without the handler ({@code raw:}, {@code garbage}) and
   * handlers that throw ({@code 404}, {@code 500}) are not told.
   */
  public void onTopicHandled(TopicHandlerListener listener) {
    topicListener = Objects.requireNonNull(listener, "listener == null");
  }

  /** The audience it accepts. */
  public String audience() {
    return audience;
  }

  /**
   * The key its component signs with: {@code componentKey().privateKeyPem()} goes in metadata
   * {@code key}.
   */
  public SigningKey componentKey() {
    return componentKey;
  }

  /**
   * Every request received since the last {@link #reset()}, oldest first; always empty when the
   * function does not record ({@link #recording()}).
   */
  public List<ReceivedRequest> received() {
    return List.copyOf(received);
  }

  /** The requests received for {@code path}, oldest first. */
  public List<ReceivedRequest> received(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  /**
   * The first request received for {@code path} since the last {@link #reset()}, waiting up to
   * {@code timeout} for it to arrive: for requests a platform delivers later (an asynchronous
   * invocation). Empty when none arrived in time, or when the waiting thread is interrupted (its
   * interrupt flag is then set again).
   *
   * @throws IllegalStateException when the function does not record ({@link #recording()}): nothing
   *     it receives could be seen
   */
  public Optional<ReceivedRequest> awaitReceived(String path, Duration timeout) {
    Objects.requireNonNull(path, "path == null");
    if (!recording) {
      throw new IllegalStateException(
          "this ReferenceFunction records nothing (createUnrecorded), so no request to "
              + path
              + " can be awaited: create it with ReferenceFunction.create(audience)");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrivals) {
      while (true) {
        Optional<ReceivedRequest> first =
            received.stream().filter(r -> r.path().equals(path)).findFirst();
        long left = deadline - System.nanoTime();
        if (first.isPresent() || left <= 0) {
          return first;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(arrivals, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  /**
   * Makes the info document announce another protocol and version (for init tests), until {@link
   * #reset()}.
   */
  public void announce(int protocol, String version) {
    infoOverride =
        "{\"protocol\":"
            + protocol
            + ",\"version\":\""
            + version
            + "\",\"sdk\":\"reference\",\"features\":[],\"inputBindings\":[]}";
  }

  /** Makes the info document exactly {@code body} (malformed, say), until {@link #reset()}. */
  public void announceRaw(String body) {
    infoOverride = body;
  }

  /**
   * Whether the info document announces {@code bulkTopicEvents} ({@code true} until told otherwise,
   * and again after {@link #reset()}). A function that does not declare it is sent a batch's
   * entries one by one; this one answers a batch posted to it anyway with {@code 400}, as a
   * function that reads single CloudEvents only would. A component reads the features at {@code
   * init}: initialise one after calling this.
   */
  public void declareBulk(boolean declare) {
    declaresBulk = declare;
  }

  /**
   * Accepts a token only up to {@code clockSkew} past its {@code exp} (and before its {@code nbf}
   * and {@code iat}), until {@link #reset()}; the default, the most a function allows, is {@link
   * TokenVerifier#MAX_CLOCK_SKEW} (60 s). For rules about how old a token may get, which a minute's
   * grace would hide. Component and function share a clock here, so a second covers the token's
   * times being whole seconds.
   *
   * @throws IllegalArgumentException when {@code clockSkew} is negative or over 60 s
   */
  public void allowClockSkew(Duration clockSkew) {
    checking = checking(clockSkew);
  }

  /**
   * Forgets received requests, announcements (an announced protocol or info document, {@link
   * #declareBulk(boolean) declareBulk(false)}), an {@link #allowClockSkew allowed clock skew} and
   * the topic handler's listener.
   */
  public void reset() {
    received.clear();
    infoOverride = null;
    declaresBulk = true;
    checking = standard;
    topicListener = null;
  }

  @Override
  public FunctionHttpResponse handle(FunctionHttpRequest request) {
    Checking current = checking;
    FunctionRouter router = current.router();
    VerifiedToken token = null;
    String rejection = null;
    try {
      token = current.verifier().verify(request.headers());
    } catch (TokenRejectedException e) {
      rejection = e.description();
    }
    if (recording) {
      received.add(
          new ReceivedRequest(
              request.method(),
              request.path(),
              request.rawQuery(),
              request.headers(),
              request.body(),
              token,
              rejection));
      synchronized (arrivals) {
        arrivals.notifyAll();
      }
    }
    if (token != null) {
      String override = infoOverride;
      if (override != null && request.path().equals(Protocol.INFO_PATH)) {
        return raw(200, "application/json", override);
      }
      if (!declaresBulk) {
        if (request.path().equals(Protocol.INFO_PATH)) {
          return withoutBulk(router.handle(request));
        }
        if (isBatch(request)) {
          return raw(
              400,
              "text/plain",
              "this function takes no batches: it does not declare bulkTopicEvents "
                  + "(ReferenceFunction.declareBulk(false)), so each entry must come as a CloudEvent of its own");
        }
      }
      String rawAnswer = request.method().equals("POST") ? rawTopicAnswer(request) : null;
      if (rawAnswer != null) {
        return raw(
            200, rawAnswer.startsWith("garbage") ? "text/plain" : "application/json", rawAnswer);
      }
    }
    return router.handle(request);
  }

  /**
   * The body to answer a topic event with, as the function writes it (bypassing the router), for
   * data {@code garbage} or {@code raw:<body>}; else null.
   */
  private static @Nullable String rawTopicAnswer(FunctionHttpRequest request) {
    if (!request.headers().first("content-type").orElse("").startsWith(Protocol.CLOUDEVENTS_JSON)) {
      return null;
    }
    String data;
    try {
      data =
          WireFormat.readCloudEvent(request.body().unsafeArray(), request.path(), Metadata.empty())
              .data()
              .toUtf8();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (data.equals("garbage")) {
      return "garbage, not JSON";
    }
    return data.startsWith("raw:") ? data.substring("raw:".length()) : null;
  }

  /** The router's info document without {@code bulkTopicEvents} among its features. */
  private static FunctionHttpResponse withoutBulk(FunctionHttpResponse info) {
    if (info.status() != 200) {
      return info;
    }
    InfoDocument document = WireFormat.readInfo(info.body().unsafeArray());
    List<String> features =
        document.features().stream()
            .filter(feature -> !feature.equals(Feature.BULK_TOPIC_EVENTS.wireName()))
            .toList();
    return new FunctionHttpResponse(
        200,
        info.headers(),
        Payload.wrap(
            WireFormat.writeInfo(
                new InfoDocument(
                    document.protocol(),
                    document.version(),
                    document.sdk(),
                    features,
                    document.inputBindings()))));
  }

  private static boolean isBatch(FunctionHttpRequest request) {
    if (!request.method().equals("POST")) {
      return false;
    }
    try {
      return WireFormat.readDelivery(
              request.body().unsafeArray(),
              request.headers().first("content-type").orElse(""),
              request.path(),
              Metadata.empty())
          instanceof WireFormat.Delivery.Batch;
    } catch (IllegalArgumentException e) {
      return false; // not a delivery at all: the router answers it
    }
  }

  private static FunctionHttpResponse raw(int status, String contentType, String body) {
    return new FunctionHttpResponse(
        status,
        Metadata.of(
            Protocol.MARKER_HEADER,
            Integer.toString(Protocol.VERSION),
            "content-type",
            contentType),
        Payload.ofUtf8(body));
  }

  /** The handler behind the router. */
  private final class Behaviours implements FunctionHandler {
    @Override
    public InvokeResponse onInvoke(InvokeRequest request) throws Exception {
      String method = request.method();
      if (method.equals("echo")) {
        Map<String, Object> seen = new TreeMap<>();
        seen.put("method", request.method());
        seen.put("verb", request.verb().name());
        seen.put("query", request.queryString());
        seen.put("contentType", request.contentType());
        seen.put("metadata", request.metadata().asSingleValueMap());
        seen.put("body", request.data().toUtf8());
        return new InvokeResponse(
            200,
            Payload.wrap(Json.MAPPER.writeValueAsBytes(seen)),
            "application/json",
            Metadata.of("x-echo", "yes"));
      }
      if (method.equals("echo-body")) {
        return new InvokeResponse(200, request.data(), request.contentType(), Metadata.empty());
      }
      if (method.startsWith("status/")) {
        int status = Integer.parseInt(method.substring("status/".length()));
        return new InvokeResponse(
            status,
            Payload.ofUtf8("status " + status),
            "text/plain",
            Metadata.of("x-function", "yes"));
      }
      if (method.startsWith("sleep/")) {
        TimeUnit.MILLISECONDS.sleep(Long.parseLong(method.substring("sleep/".length())));
        return InvokeResponse.ok(Payload.ofUtf8("slept"), "text/plain");
      }
      if (method.startsWith("big/")) {
        byte[] bytes = new byte[Integer.parseInt(method.substring("big/".length()))];
        Arrays.fill(bytes, (byte) 'x');
        return InvokeResponse.ok(Payload.wrap(bytes), "application/octet-stream");
      }
      return FunctionHandler.super.onInvoke(request); // not served: 404
    }

    @Override
    public TopicEventResponse onTopicEvent(TopicEventRequest event) throws Exception {
      TopicEventResponse answer = answer(event);
      TopicHandlerListener listener = topicListener;
      if (listener != null) {
        listener.handled(event, answer.status());
      }
      return answer;
    }

    private TopicEventResponse answer(TopicEventRequest event) throws Exception {
      String data = event.data().toUtf8();
      return switch (data) {
        case "SUCCESS", "RETRY", "DROP" -> TopicEventResponse.of(TopicEventStatus.valueOf(data));
        case "404" -> throw new NotServedException("this function does not take these events");
        case "500" -> throw new IllegalStateException("the function failed on purpose");
        case "slow" -> {
          TimeUnit.SECONDS.sleep(3);
          yield TopicEventResponse.success();
        }
        default -> TopicEventResponse.success();
      };
    }

    @Override
    public BindingEventResponse onBindingEvent(BindingEventRequest event) {
      if (event.data().toUtf8().equals("fail")) {
        throw new IllegalStateException("the binding handler failed on purpose");
      }
      String to = event.metadata().getOrDefault("to", "");
      List<String> targets = new ArrayList<>();
      for (String name : to.split(",", -1)) {
        if (!name.isBlank()) {
          targets.add(name.trim());
        }
      }
      BindingEventConcurrency concurrency =
          "parallel".equalsIgnoreCase(event.metadata().get("concurrency"))
              ? BindingEventConcurrency.PARALLEL
              : BindingEventConcurrency.SEQUENTIAL;
      return new BindingEventResponse(
          Payload.ofUtf8("handled:" + event.data().toUtf8()), targets, concurrency);
    }

    @Override
    public List<TopicSubscription> subscriptions() {
      return List.of(
          TopicSubscription.of("pubsub", "orders", "/orders"),
          new TopicSubscription(
              "pubsub",
              "payments",
              Map.of(),
              new TopicRoutes(
                  List.of(new TopicRule("event.type == \"refund\"", "/refunds")), "/payments"),
              "payments-dlq",
              null),
          new TopicSubscription(
              "pubsub",
              "bulk-orders",
              Map.of(),
              TopicRoutes.of("/bulk"),
              "",
              new BulkSubscribeConfig(true, 10, 100)));
    }

    @Override
    public List<String> inputBindings() {
      return INPUT_BINDINGS;
    }
  }
}
