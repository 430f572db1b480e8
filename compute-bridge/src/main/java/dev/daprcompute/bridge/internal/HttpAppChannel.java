package dev.daprcompute.bridge.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.Compute;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.HttpVerb;
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
import dev.daprcompute.protocol.internal.JdkHttpHost;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.internal.SafePaths;
import dev.daprcompute.protocol.wire.HopByHop;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dapr's HTTP app channel over a Compute, for daprd {@code --app-protocol http}, on the JDK's HTTP
 * server.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /healthz}</td><td>200 while the bridge runs (no token needed: daprd's probe sends none)</td></tr>
 *   <tr><td>{@code GET /dapr/subscribe}</td><td>the function's subscriptions in Dapr's JSON (fetched anew;
 *       input bindings too); a failure is 502/503/504, never 404 (which daprd reads as "none")</td></tr>
 *   <tr><td>{@code GET /dapr/config}</td><td>404: no actors</td></tr>
 *   <tr><td>{@code OPTIONS /{binding}}</td><td>200 for an input binding of the function (daprd's probe)</td></tr>
 *   <tr><td>{@code POST /{binding}}</td><td>the binding event: 200 with the reply data; a function error 500</td></tr>
 *   <tr><td>{@code POST /{route}} with a CloudEvent</td><td>the topic event: 200 {@code {"status":"SUCCESS|RETRY|DROP"}};
 *       a failure outside the function is RETRY, never 404</td></tr>
 *   <tr><td>{@code POST /{route}} with a bulk body</td><td>200 {@code {"statuses":[...]}}</td></tr>
 *   <tr><td>{@code {verb} /{method}?{query}}</td><td>the invocation: the function's status, headers and body
 *       as they are; a platform failure its gateway status with a JSON error</td></tr>
 * </table>
 *
 * <p>A {@code POST} with a JSON body is a topic event when its path is a route of one of the
 * function's subscriptions, or when it carries daprd's {@code pubsubName} header (a declarative
 * subscription): a batch when the body has {@code entries}, a single event when it is a CloudEvent
 * ({@code application/cloudevents+json}, or JSON with {@code specversion}). JSON that is neither is
 * an invocation. Paths are compared in one normal form (percent-encoding per RFC 3986 section
 * 6.2.2, as {@code SafePaths} writes it), so a route re-encoded on the way is still the route.
 *
 * <p>The server is set up by {@link JdkHttpHost}, as the function host's is: no Nagle delay, up to
 * 64 threads, and a request read timeout; the app API token is checked from the headers, before the
 * body is read.
 *
 * <p>Thread-safe.
 */
public final class HttpAppChannel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpAppChannel.class);

  /** The largest request body read; daprd's default {@code --max-body-size} is 4 MiB. */
  static final int MAX_BODY_SIZE = 16 << 20;

  /** The paths daprd calls on its app besides invocations. */
  static final String HEALTH_PATH = "/healthz";

  static final String CONFIG_PATH = "/dapr/config";

  /**
   * How long daprd's {@code OPTIONS} probe of a binding may wait for the list (daprd gives up after
   * 3 s).
   */
  private static final Duration PROBE_FETCH_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Request headers that describe this hop, not the call, besides the hop-by-hop ones ({@link
   * HopByHop}); never handed to the Compute.
   */
  private static final Set<String> NOT_CALL_METADATA =
      Set.of(
          AppApiToken.HEADER,
          "host",
          "content-length",
          "content-type",
          "expect",
          "accept-encoding");

  /** Reply headers the JDK server writes itself, besides the hop-by-hop ones. */
  private static final Set<String> NOT_REPLY_HEADERS =
      Set.of("content-length", "content-type", "date");

  private final Compute compute;
  private final Catalog catalog;
  private final @Nullable AppApiToken token;
  private final @Nullable String appId;
  private final @Nullable Duration callTimeout;
  private volatile @Nullable JdkHttpHost host; // set once, by start

  /**
   * Requests being handled; {@link #drain} waits for it to reach 0. Guarded by itself for waiting.
   */
  private final AtomicInteger inFlight = new AtomicInteger();

  private volatile boolean draining;

  private HttpAppChannel(
      Compute compute,
      Catalog catalog,
      @Nullable AppApiToken token,
      @Nullable String appId,
      @Nullable Duration callTimeout) {
    this.compute = compute;
    this.catalog = catalog;
    this.token = token;
    this.appId = appId;
    this.callTimeout = callTimeout;
  }

  /**
   * Serves the app channel at {@code address} (port 0 picks a free port); a request must arrive,
   * headers and body, within {@code requestReadTimeout}.
   *
   * @throws IOException when the address cannot be bound
   */
  public static HttpAppChannel start(
      Compute compute,
      Catalog catalog,
      @Nullable AppApiToken token,
      @Nullable String appId,
      @Nullable Duration callTimeout,
      InetSocketAddress address,
      Duration requestReadTimeout)
      throws IOException {
    Objects.requireNonNull(compute, "compute == null");
    Objects.requireNonNull(catalog, "catalog == null");
    HttpAppChannel channel = new HttpAppChannel(compute, catalog, token, appId, callTimeout);
    channel.host =
        JdkHttpHost.start(
            JdkHttpHost.Settings.defaults(address, "dapr-compute-bridge-http")
                .withRequestReadTimeout(requestReadTimeout),
            channel::handle);
    return channel;
  }

  private JdkHttpHost host() {
    return Objects.requireNonNull(host, "not started");
  }

  /** The port the channel listens on. */
  public int port() {
    return host().address().getPort();
  }

  /**
   * Answers every new request with 503 (daprd retries it, or delivers it again) and waits up to
   * {@code grace} for the requests in flight to finish. Call {@link #close()} afterwards.
   *
   * @return true when no request was in flight any more within {@code grace}
   */
  public boolean drain(Duration grace) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (inFlight) {
      while (inFlight.get() > 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        inFlight.wait(left);
      }
    }
    return true;
  }

  /**
   * Stops accepting requests and stops the worker threads; calls in flight are interrupted and
   * cancelled.
   */
  @Override
  public void close() {
    draining = true;
    host().stop(0);
  }

  // ------------------------------------------------------------------ dispatch

  private void handle(HttpExchange exchange) {
    inFlight.incrementAndGet();
    try (exchange) {
      if (draining) {
        // JDK's HttpServer.stop cuts the connections of requests in flight: refuse new ones
        // instead.
        exchange.getResponseHeaders().set("Connection", "close");
        sendError(
            exchange, 503, "ERR_APP_STOPPING", "the bridge is stopping; deliver the call again");
        return;
      }
      serve(exchange);
    } catch (IOException | UncheckedIOException e) {
      log.debug("the connection of an app-channel request failed", e);
    } catch (RuntimeException e) {
      log.error("an app-channel request failed in the bridge", e);
      try {
        sendError(exchange, Failure.of(e));
      } catch (IOException | RuntimeException ignored) {
        // the response may already have started; the connection is closed either way
      }
    } finally {
      if (inFlight.decrementAndGet() == 0) {
        synchronized (inFlight) {
          inFlight.notifyAll();
        }
      }
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    String verb = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    URI uri = exchange.getRequestURI();
    String rawPath =
        uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    // Routes, binding names and daprd's own paths are compared in one normal form; a path that
    // has none (an encoded '/', say) matches nothing and fails as an invocation, with the reason.
    String path = Catalog.normalForm(rawPath).orElse("");
    Metadata headers = headers(exchange.getRequestHeaders());

    if (verb.equals("GET") && path.equals(HEALTH_PATH)) {
      send(exchange, 200, Metadata.empty(), "", Payload.empty());
      return;
    }
    if (token != null && !token.matches(headers.first(AppApiToken.HEADER).orElse(null))) {
      log.warn(
          "refused {} {}: its '{}' header is missing or not the app API token",
          verb,
          SafePaths.printable(rawPath),
          AppApiToken.HEADER);
      JdkHttpHost.answerWithoutReadingBody(exchange);
      sendError(
          exchange,
          401,
          "ERR_APP_TOKEN",
          "the request has no valid '"
              + AppApiToken.HEADER
              + "' header: daprd sends it when APP_API_TOKEN is set, and it must equal the bridge's app API token");
      return;
    }
    Payload body = JdkHttpHost.readBody(exchange, MAX_BODY_SIZE);
    if (body == null) {
      JdkHttpHost.answerWithoutReadingBody(exchange);
      sendError(
          exchange,
          413,
          "ERR_BODY_TOO_LARGE",
          "the request body is over " + ByteSize.format(MAX_BODY_SIZE));
      return;
    }
    if (verb.equals("GET") && path.equals(Protocol.SUBSCRIBE_PATH)) {
      subscribe(exchange, headers);
      return;
    }
    if (verb.equals("GET") && path.equals(CONFIG_PATH)) {
      send(
          exchange,
          404,
          Metadata.empty(),
          "",
          Payload.empty()); // no actors: daprd reads 404 as an empty config
      return;
    }
    String name = path.isEmpty() ? "" : path.substring(1);
    if (verb.equals("OPTIONS") && isInputBinding(name, true)) {
      send(exchange, 200, Metadata.empty(), "", Payload.empty());
      return;
    }
    if (verb.equals("POST")) {
      if (isInputBinding(name, false)) {
        bindingEvent(exchange, name, headers, body);
        return;
      }
      if (!path.isEmpty() && topicEvent(exchange, path, headers, body)) {
        return;
      }
    }
    invoke(exchange, verb, rawPath, uri.getRawQuery(), headers, body);
  }

  private boolean isInputBinding(String name, boolean refreshIfUnknown) {
    if (name.isEmpty() || name.contains("/")) {
      return false;
    }
    if (catalog.isInputBinding(name) || !refreshIfUnknown) {
      return catalog.isInputBinding(name);
    }
    // daprd probes each binding once at start; the list may not have been fetched yet. daprd
    // waits 3 s for the answer, so the fetch gets less.
    Duration wait =
        callTimeout != null && callTimeout.compareTo(PROBE_FETCH_TIMEOUT) < 0
            ? callTimeout
            : PROBE_FETCH_TIMEOUT;
    try {
      await(catalog.refreshInputBindings(CallOptions.timeout(wait)));
    } catch (ExecutionException | RuntimeException e) {
      log.warn(
          "could not fetch the function's input bindings to answer daprd's probe of '{}': {}",
          name,
          Failure.of(e).message());
    }
    return catalog.isInputBinding(name);
  }

  // ------------------------------------------------------------------ /dapr/subscribe

  private void subscribe(HttpExchange exchange, Metadata headers) throws IOException {
    Optional<String> caller = headers.first("dapr-app-id");
    if (appId != null && caller.isPresent() && !caller.get().equals(appId)) {
      String other = SafePaths.printable(caller.get());
      log.error(
          "daprd of app '{}' asked for subscriptions, but this bridge serves app '{}'",
          other,
          appId);
      sendError(
          exchange,
          400,
          "ERR_APP_ID",
          "this bridge serves app '"
              + appId
              + "', but daprd runs as app '"
              + other
              + "': give daprd and the bridge the same app ID (daprd --app-id "
              + appId
              + ")");
      return;
    }
    CallOptions options = options();
    CompletableFuture<List<String>> bindings = catalog.refreshInputBindings(options);
    List<TopicSubscription> subscriptions;
    try {
      subscriptions = await(catalog.refreshSubscriptions(options));
    } catch (ExecutionException | RuntimeException e) {
      bindings.cancel(true);
      Failure failure = Failure.of(e);
      log.warn("could not fetch the function's subscriptions for daprd: {}", failure.message());
      // Never 404: daprd would read it as "no subscriptions" and never ask again.
      sendError(
          exchange,
          failure.httpStatus() == 404 ? 502 : failure.httpStatus(),
          failure.errorCode(),
          failure.message());
      return;
    }
    try {
      await(bindings);
    } catch (ExecutionException | RuntimeException e) {
      log.warn("could not fetch the function's input bindings: {}", Failure.of(e).message());
    }
    send(
        exchange,
        200,
        Metadata.empty(),
        Protocol.JSON,
        Payload.wrap(WireFormat.writeSubscriptions(subscriptions)));
  }

  // ------------------------------------------------------------------ bindings

  private void bindingEvent(HttpExchange exchange, String name, Metadata headers, Payload body)
      throws IOException {
    // daprd sends every binding metadata entry as a header; Go's client adds its own user-agent.
    Metadata.Builder metadata = callMetadata(headers).toBuilder().remove("user-agent");
    dev.daprcompute.protocol.BindingEventRequest event =
        new dev.daprcompute.protocol.BindingEventRequest(
            name, body, metadata.build().asSingleValueMap());
    dev.daprcompute.protocol.BindingEventResponse reply;
    try {
      reply = await(compute.onBindingEvent(event, options()));
    } catch (ExecutionException | RuntimeException e) {
      Failure failure = Failure.of(e);
      log.warn("binding event of '{}' failed: {}", name, failure.message());
      // daprd treats any status but 2xx as a failure the binding may retry; 500 unless the platform
      // said more.
      int status =
          failure.errorCode().equals("ERR_COMPUTE_UNAVAILABLE") ? failure.httpStatus() : 500;
      sendError(
          exchange,
          new Failure(
              status,
              failure.grpcCode(),
              failure.errorCode(),
              failure.message(),
              failure.retryAfter()));
      return;
    }
    send(exchange, 200, Metadata.empty(), "", reply.data());
  }

  // ------------------------------------------------------------------ topic events

  /**
   * Delivers the request as a topic event or batch if it is one; false when it is an invocation.
   */
  private boolean topicEvent(HttpExchange exchange, String path, Metadata headers, Payload body)
      throws IOException {
    String contentType = mediaType(headers.first("content-type").orElse(""));
    boolean declarative = headers.contains(Protocol.PUBSUB_NAME_HEADER);
    Optional<TopicSubscription> subscription = catalog.subscriptionForRoute(path);
    if (!(subscription.isPresent() || declarative) || !Json.isJsonContentType(contentType)) {
      return false;
    }
    String pubsubHeader = headers.first(Protocol.PUBSUB_NAME_HEADER).orElse("");
    WireFormat.Delivery delivery;
    try {
      delivery =
          WireFormat.readDelivery(body.unsafeArray(), contentType, path, callMetadata(headers));
    } catch (IllegalArgumentException e) {
      sendError(
          exchange,
          400,
          "ERR_MALFORMED_EVENT",
          "the event or batch posted to "
              + SafePaths.printable(path)
              + " is malformed: "
              + e.getMessage());
      return true;
    }
    if (delivery instanceof WireFormat.Delivery.Batch batch) {
      bulk(exchange, pubsubHeader, batch.batch());
      return true;
    }
    if (!(delivery instanceof WireFormat.Delivery.Single single)) {
      return false; // JSON posted to a route, but no event: an invocation
    }
    TopicEventRequest event = single.event();
    if (event.pubsubName().isEmpty() && !pubsubHeader.isEmpty()) {
      event =
          new TopicEventRequest(
              event.id(),
              event.source(),
              event.type(),
              event.specVersion(),
              event.dataContentType(),
              event.data(),
              event.topic(),
              pubsubHeader,
              event.path(),
              event.extensions(),
              event.metadata());
    }
    TopicEventResponse outcome;
    try {
      outcome = await(compute.onTopicEvent(event, options()));
    } catch (ExecutionException | RuntimeException e) {
      log.warn(
          "event {} of topic '{}' could not be delivered; answering RETRY: {}",
          event.id(),
          event.topic(),
          Failure.of(e).message());
      outcome = TopicEventResponse.retry(Failure.of(e).message(), null);
    }
    if (outcome.status() == TopicEventStatus.RETRY && !outcome.reason().isEmpty()) {
      log.debug("event {} of topic '{}' is RETRY: {}", event.id(), event.topic(), outcome.reason());
    }
    Metadata replyHeaders = retryAfterHeader(outcome.retryAfter());
    send(
        exchange,
        200,
        replyHeaders,
        Protocol.JSON,
        Payload.wrap(WireFormat.writeTopicStatus(outcome.status())));
    return true;
  }

  private void bulk(HttpExchange exchange, String pubsubHeader, BulkTopicEventRequest batch)
      throws IOException {
    if (batch.pubsubName().isEmpty() && !pubsubHeader.isEmpty()) {
      batch =
          new BulkTopicEventRequest(
              batch.id(),
              batch.entries(),
              batch.metadata(),
              batch.topic(),
              pubsubHeader,
              batch.type(),
              batch.path());
    }
    BulkTopicEventResponse outcome;
    try {
      outcome = await(compute.onBulkTopicEvent(batch, options()));
    } catch (ExecutionException | RuntimeException e) {
      log.warn(
          "batch {} of topic '{}' could not be delivered; answering RETRY for its {} entries: {}",
          batch.id(),
          batch.topic(),
          batch.entries().size(),
          Failure.of(e).message());
      outcome =
          BulkTopicEventResponse.all(batch, TopicEventStatus.RETRY, Failure.of(e).message(), null);
    }
    // One status per entry: an entry the Compute left out was not delivered.
    List<BulkTopicEventResponse.Entry> statuses = new ArrayList<>();
    for (var entry : batch.entries()) {
      statuses.add(
          new BulkTopicEventResponse.Entry(
              entry.entryId(), outcome.statusOf(entry.entryId()).orElse(TopicEventStatus.RETRY)));
    }
    send(
        exchange,
        200,
        retryAfterHeader(outcome.retryAfter()),
        Protocol.JSON,
        Payload.wrap(WireFormat.writeBulkStatuses(BulkTopicEventResponse.of(statuses))));
  }

  // ------------------------------------------------------------------ invoke

  private void invoke(
      HttpExchange exchange,
      String verb,
      String rawPath,
      @Nullable String rawQuery,
      Metadata headers,
      Payload body)
      throws IOException {
    HttpVerb httpVerb;
    try {
      httpVerb = HttpVerb.valueOf(verb);
    } catch (IllegalArgumentException e) {
      httpVerb = HttpVerb.NONE;
    }
    if (httpVerb == HttpVerb.NONE) {
      sendError(
          exchange,
          405,
          "ERR_METHOD_NOT_ALLOWED",
          "verb " + SafePaths.printable(verb) + " cannot be delivered to a function");
      return;
    }
    InvokeRequest request =
        new InvokeRequest(
            rawPath.substring(1),
            body,
            headers.first("content-type").orElse(""),
            httpVerb,
            rawQuery == null ? "" : rawQuery,
            callMetadata(headers));
    InvokeResponse reply;
    try {
      reply = await(compute.onInvoke(request, options()));
    } catch (ExecutionException | RuntimeException e) {
      Failure failure = Failure.of(e);
      log.warn(
          "invocation {} {} failed: {}", verb, SafePaths.printable(rawPath), failure.message());
      sendError(exchange, failure);
      return;
    }
    Metadata.Builder replyHeaders = Metadata.builder();
    reply
        .metadata()
        .forEach(
            (header, value) -> {
              if (!NOT_REPLY_HEADERS.contains(header) && !HopByHop.HEADERS.contains(header)) {
                replyHeaders.add(header, value);
              }
            });
    send(
        exchange,
        reply.status(),
        replyHeaders.build(),
        reply.contentType(),
        httpVerb == HttpVerb.HEAD ? Payload.empty() : reply.data());
  }

  // ------------------------------------------------------------------ helpers

  private CallOptions options() {
    return callTimeout == null ? CallOptions.defaults() : CallOptions.timeout(callTimeout);
  }

  /**
   * The result of {@code future}; the Compute bounds every call by its deadline, so this does not
   * wait forever. An interrupt (the bridge closing) cancels the call.
   */
  private static <T> T await(CompletableFuture<T> future) throws ExecutionException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the bridge is closing", e);
    } catch (CancellationException e) {
      throw new ExecutionException(e);
    }
  }

  private static Metadata callMetadata(Metadata headers) {
    Set<String> hopByHop = HopByHop.of(headers);
    Metadata.Builder out = Metadata.builder();
    headers.forEach(
        (name, value) -> {
          if (!NOT_CALL_METADATA.contains(name) && !hopByHop.contains(name)) {
            out.add(name, value);
          }
        });
    return out.build();
  }

  private static Metadata headers(Headers headers) {
    Metadata.Builder builder = Metadata.builder();
    for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
      for (String value : entry.getValue()) {
        builder.add(entry.getKey(), value);
      }
    }
    return builder.build();
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType)
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private static Metadata retryAfterHeader(@Nullable Duration retryAfter) {
    return Failure.retryAfterSeconds(retryAfter)
        .map(seconds -> Metadata.of("retry-after", seconds))
        .orElse(Metadata.empty());
  }

  private static void sendError(HttpExchange exchange, Failure failure) throws IOException {
    Metadata headers =
        failure
            .retryAfterSeconds()
            .map(s -> Metadata.of("retry-after", s))
            .orElse(Metadata.empty());
    send(
        exchange,
        failure.httpStatus(),
        headers,
        Protocol.JSON,
        errorBody(failure.errorCode(), failure.message()));
  }

  private static void sendError(HttpExchange exchange, int status, String errorCode, String message)
      throws IOException {
    send(exchange, status, Metadata.empty(), Protocol.JSON, errorBody(errorCode, message));
  }

  /** Dapr's error shape: {@code {"errorCode":"ERR_...","message":"..."}}. */
  private static Payload errorBody(String errorCode, String message) {
    ObjectNode node =
        Json.MAPPER.createObjectNode().put("errorCode", errorCode).put("message", message);
    try {
      return Payload.wrap(Json.MAPPER.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(
      HttpExchange exchange, int status, Metadata headers, String contentType, Payload body)
      throws IOException {
    Headers out = exchange.getResponseHeaders();
    headers.forEach(out::add);
    if (!contentType.isEmpty()) {
      out.set("Content-Type", contentType);
    }
    boolean noBody =
        body.isEmpty()
            || status == 204
            || status == 304
            || status < 200
            || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    exchange.sendResponseHeaders(status, noBody ? -1 : body.size());
    if (!noBody) {
      try (OutputStream os = exchange.getResponseBody()) {
        body.writeTo(os);
      }
    }
  }
}
