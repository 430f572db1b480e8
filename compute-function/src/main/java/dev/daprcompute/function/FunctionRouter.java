package dev.daprcompute.function;

import dev.daprcompute.function.token.TokenRejectedException;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicRule;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.internal.Messages;
import dev.daprcompute.protocol.internal.SafePaths;
import dev.daprcompute.protocol.wire.BindingReplies;
import dev.daprcompute.protocol.wire.HopByHop;
import dev.daprcompute.protocol.wire.Marker;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Serves the function protocol over any host: verifies the token of every request (info included),
 * answers the info document and {@code /dapr/subscribe}, and dispatches topic events (single and
 * bulk), binding events and invocations to a {@link FunctionHandler}. Every answer carries the
 * {@code Dapr-Compute-Protocol} header.
 *
 * <p>Routes are told apart as Dapr apps tell them apart: a {@code POST} to a path named in the
 * handler's subscriptions is a topic event, a {@code POST} (or {@code OPTIONS} probe) to one of its
 * input bindings is a binding event, anything else is an invocation. Subscriptions and input
 * bindings are read once, when the router is built. Paths are compared in one normal form (see
 * {@code SafePaths}: percent-encoding per RFC 3986 section 6.2.2), so a front end that re-encodes a
 * path does not turn a topic event into an invocation. Immutable and thread-safe.
 */
public final class FunctionRouter implements FunctionHttpHandler {
  private static final System.Logger log = System.getLogger(FunctionRouter.class.getName());

  /** The SDK name in the info document. */
  public static final String SDK_NAME = "dapr-compute-java";

  /** This SDK's version. */
  public static final String SDK_VERSION = readSdkVersion();

  /** Request headers that are not call metadata besides the hop-by-hop ones ({@link HopByHop}). */
  private static final Set<String> NOT_METADATA =
      Set.of(
          "host", "content-length", "content-type", "dapr-compute-protocol", "dapr-authorization");

  private final FunctionHandler handler;
  private final TokenVerifier verifier;
  private final Set<String> topicRoutes;
  private final Set<String> bindings;
  private final byte[] infoDocument;
  private final byte[] subscriptionDocument;

  private FunctionRouter(Builder builder) {
    this.handler = builder.handler;
    this.verifier =
        Objects.requireNonNull(
            builder.verifier,
            "verifier == null: every request must be verified; build a TokenVerifier with the component's public key");
    List<TopicSubscription> subscriptions = List.copyOf(handler.subscriptions());
    Set<String> routes = new HashSet<>();
    for (TopicSubscription s : subscriptions) {
      if (!s.routes().defaultPath().isEmpty()) {
        routes.add(SafePaths.normalize(s.routes().defaultPath()));
      }
      for (TopicRule rule : s.routes().rules()) {
        routes.add(SafePaths.normalize(rule.path()));
      }
    }
    this.topicRoutes = Set.copyOf(routes);
    List<String> inputBindings = List.copyOf(handler.inputBindings());
    Set<String> bindingPaths = new HashSet<>();
    inputBindings.forEach(name -> bindingPaths.add(SafePaths.normalize(name)));
    this.bindings = Set.copyOf(bindingPaths);
    List<String> features = new ArrayList<>();
    features.add(
        Feature.BULK_TOPIC_EVENTS
            .wireName()); // the router always takes batches (see FunctionHandler)
    this.infoDocument =
        WireFormat.writeInfo(
            new InfoDocument(
                Protocol.VERSION, builder.version, builder.sdk, features, inputBindings));
    this.subscriptionDocument = WireFormat.writeSubscriptions(subscriptions);
  }

  /** A router for {@code handler}; a {@link TokenVerifier} is required. */
  public static Builder builder(FunctionHandler handler) {
    return new Builder(handler);
  }

  /**
   * Answers a request whose token is missing or not acceptable with {@code 401} from its head
   * alone; empty when the token is good (the host then reads the body and calls {@link #handle}).
   */
  @Override
  public Optional<FunctionHttpResponse> beforeBody(FunctionHttpRequest head) {
    return Optional.ofNullable(rejection(head));
  }

  /**
   * Answers one request; never throws but a {@link VirtualMachineError} (other than a stack
   * overflow). A handler's {@link NotServedException} is a {@code 404}; any other exception it
   * throws is a {@code 500} naming the exception's class, never its message; a request the router
   * cannot read is a {@code 400}.
   */
  @Override
  public FunctionHttpResponse handle(FunctionHttpRequest request) {
    FunctionHttpResponse rejected = rejection(request);
    if (rejected != null) {
      return rejected;
    }
    String path;
    try {
      path = SafePaths.normalize(request.path());
    } catch (IllegalArgumentException e) {
      return error(400, Messages.of(e));
    }
    String method = request.method().toUpperCase(Locale.ROOT);
    try {
      if (path.equals(Protocol.INFO_PATH) && method.equals("GET")) {
        return answer(200, Metadata.empty(), Protocol.JSON, infoDocument);
      }
      if (path.equals(Protocol.SUBSCRIBE_PATH) && method.equals("GET")) {
        return answer(200, Metadata.empty(), Protocol.JSON, subscriptionDocument);
      }
      if (method.equals("POST") && topicRoutes.contains(path)) {
        return topic(request, path);
      }
      if (bindings.contains(path) && (method.equals("POST") || method.equals("OPTIONS"))) {
        return method.equals("OPTIONS")
            ? answer(200, Metadata.empty(), "", Payload.empty())
            : binding(request, path);
      }
      return invoke(request, path, method);
    } catch (HandlerFailure failure) {
      Throwable cause = failure.thrown();
      if (cause instanceof NotServedException notServed) {
        return error(404, notServed.getMessage());
      }
      // The message stays in the function's log: it may hold data or secrets.
      log.log(
          Level.WARNING,
          () -> "the handler failed on " + method + " " + SafePaths.printable(path),
          cause);
      return error(500, "the handler failed: " + cause.getClass().getName());
    } catch (IllegalArgumentException e) {
      return error(400, Messages.of(e)); // the router's own reading of the request: no handler ran
    } catch (RuntimeException e) {
      log.log(
          Level.ERROR,
          () -> "the function host failed on " + method + " " + SafePaths.printable(path),
          e);
      return error(500, "the function host failed: " + e.getClass().getName());
    }
  }

  /** The 401 answer when the request's token is missing or not acceptable, else null. */
  private @Nullable FunctionHttpResponse rejection(FunctionHttpRequest request) {
    try {
      verifier.verify(request.headers());
      return null;
    } catch (TokenRejectedException e) {
      log.log(
          Level.INFO,
          () ->
              "rejected a request to "
                  + SafePaths.printable(request.method())
                  + " "
                  + SafePaths.printable(request.path())
                  + ": "
                  + e.description());
      return answer(
          401,
          Metadata.of(Protocol.WWW_AUTHENTICATE, e.wwwAuthenticate()),
          "application/json",
          json(Map.of("error", "invalid_token", "error_description", e.description())));
    }
  }

  /** Runs the handler's code: whatever it throws becomes a {@link HandlerFailure}. */
  private static <T> T call(HandlerCall<T> call) throws HandlerFailure {
    try {
      return call.run();
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      throw new HandlerFailure(e);
    }
  }

  @FunctionalInterface
  private interface HandlerCall<T> {
    T run() throws Exception;
  }

  /** What the handler threw, told apart from the router's own exceptions. */
  private static final class HandlerFailure extends Exception {
    private static final long serialVersionUID = 1L;

    HandlerFailure(Throwable cause) {
      super(null, Objects.requireNonNull(cause, "cause == null"), false, false);
    }

    /** What the handler threw: the cause, never null. */
    Throwable thrown() {
      return Objects.requireNonNull(getCause());
    }
  }

  private FunctionHttpResponse topic(FunctionHttpRequest request, String path)
      throws HandlerFailure {
    String contentType = request.headers().first("content-type").orElse("");
    WireFormat.Delivery delivery =
        WireFormat.readDelivery(
            request.body().unsafeArray(), contentType, path, metadata(request.headers()));
    if (delivery instanceof WireFormat.Delivery.Batch batch) {
      BulkTopicEventResponse statuses = call(() -> handler.onBulkTopicEvent(batch.batch()));
      return answer(200, Metadata.empty(), Protocol.JSON, WireFormat.writeBulkStatuses(statuses));
    }
    if (delivery instanceof WireFormat.Delivery.Single single) {
      TopicEventResponse outcome = call(() -> handler.onTopicEvent(single.event()));
      return answer(
          200, Metadata.empty(), Protocol.JSON, WireFormat.writeTopicStatus(outcome.status()));
    }
    throw new IllegalArgumentException(
        "the body posted to topic route " + path + " is neither a CloudEvent nor a batch");
  }

  private FunctionHttpResponse binding(FunctionHttpRequest request, String path)
      throws HandlerFailure {
    Map<String, String> metadata =
        new LinkedHashMap<>(metadata(request.headers()).asSingleValueMap());
    BindingEventRequest event =
        new BindingEventRequest(path.substring(1), request.body(), metadata);
    BindingEventResponse reply = call(() -> handler.onBindingEvent(event));
    return answer(
        200,
        BindingReplies.headers(reply),
        reply.data().isEmpty() ? "" : "application/octet-stream",
        reply.data());
  }

  private FunctionHttpResponse invoke(FunctionHttpRequest request, String path, String method)
      throws HandlerFailure {
    HttpVerb verb;
    try {
      verb = HttpVerb.valueOf(method);
    } catch (IllegalArgumentException e) {
      return error(405, "method " + method + " is not a Dapr invocation verb");
    }
    InvokeRequest invoke =
        new InvokeRequest(
            path.substring(1),
            request.body(),
            request.headers().first("content-type").orElse(""),
            verb,
            request.rawQuery(),
            metadata(request.headers()));
    InvokeResponse reply = call(() -> handler.onInvoke(invoke));
    return answer(reply.status(), reply.metadata(), reply.contentType(), reply.data());
  }

  /** The request's headers as call metadata: without the token, the marker and HTTP framing. */
  private static Metadata metadata(Metadata headers) {
    boolean tokenInDaprHeader = headers.contains(Protocol.DAPR_AUTHORIZATION);
    Set<String> hopByHop = HopByHop.of(headers);
    Metadata.Builder out = Metadata.builder();
    headers.forEach(
        (name, value) -> {
          if (!NOT_METADATA.contains(name)
              && !hopByHop.contains(name)
              && !(name.equals("authorization") && !tokenInDaprHeader)) {
            out.add(name, value);
          }
        });
    return out.build();
  }

  private static FunctionHttpResponse error(int status, String message) {
    return answer(status, Metadata.empty(), "application/json", json(Map.of("error", message)));
  }

  private static FunctionHttpResponse answer(
      int status, Metadata headers, String contentType, Payload body) {
    return answer(status, headers, contentType, body.unsafeArray());
  }

  private static FunctionHttpResponse answer(
      int status, Metadata headers, String contentType, byte[] body) {
    Metadata.Builder all = Marker.set(headers.toBuilder());
    if (!contentType.isEmpty()) {
      all.set("content-type", contentType);
    }
    return new FunctionHttpResponse(status, all.build(), Payload.wrap(body));
  }

  private static byte[] json(Map<String, String> fields) {
    try {
      return Json.MAPPER.writeValueAsBytes(fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readSdkVersion() {
    try (InputStream in = FunctionRouter.class.getResourceAsStream("sdk.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      String version = properties.getProperty("version", "0.0.0");
      return version.startsWith("${") ? "0.0.0" : version;
    } catch (IOException e) {
      return "0.0.0";
    }
  }

  /** Builds a router; not thread-safe. */
  public static final class Builder {
    private final FunctionHandler handler;
    private @Nullable TokenVerifier verifier;
    private String version = SDK_VERSION;
    private String sdk = SDK_NAME;

    private Builder(FunctionHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler == null");
    }

    /** Verifies every request's token (required). */
    public Builder verifier(TokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier == null");
      return this;
    }

    /** The version reported in the info document; default this SDK's version. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version == null");
      return this;
    }

    /** The SDK name reported in the info document; default {@value #SDK_NAME}. */
    public Builder sdk(String sdk) {
      this.sdk = Objects.requireNonNull(sdk, "sdk == null");
      return this;
    }

    /**
     * The router.
     *
     * @throws NullPointerException when no verifier was given
     * @throws IllegalArgumentException when a subscription route or binding name is not a safe path
     */
    public FunctionRouter build() {
      try {
        return new FunctionRouter(this);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "a subscription route or input binding is not a safe path: " + e.getMessage(), e);
      }
    }
  }
}
