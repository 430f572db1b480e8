package dev.daprcompute.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.function.FunctionHttpResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An OpenFaaS CE gateway (with faas-netes behind it) in front of the function, for {@code
 * compute.openfaas}: the gateway is served at {@link #baseUrl()} and the function is deployed as
 * {@link #functionName()} in namespace {@link #namespace()}. It behaves as the project's platform
 * research (platforms.md, section D) records the gateway and faas-provider.
 *
 * <h2>Component metadata (what the {@code compute.openfaas} provider reads)</h2>
 *
 * <table>
 *   <caption>{@link #component(String)}</caption>
 *   <tr><th>field</th><th>value</th></tr>
 *   <tr><td>{@code gateway}</td><td>the gateway's base URL ({@link #gateway()})</td></tr>
 *   <tr><td>{@code functionName}</td><td>{@value #DEFAULT_FUNCTION_NAME}</td></tr>
 *   <tr><td>{@code namespace} (optional for a provider)</td><td>not set: the function is in the
 *       default namespace {@value #DEFAULT_NAMESPACE}; add it to call {@code /function/<name>.<namespace>}</td></tr>
 *   <tr><td>{@code basicAuthUser}, {@code basicAuthPassword} (secret) (optional for a provider)</td>
 *       <td>{@value #BASIC_AUTH_USER} and a random password, for {@code /system}</td></tr>
 *   <tr><td>{@code key} (secret), {@code audience}</td><td>from the {@link ReferenceFunction}</td></tr>
 * </table>
 *
 * <h2>Behaviour</h2>
 *
 * <ul>
 *   <li>{@code /function/<name>[.<namespace>][/<path>]} (GET, POST, PUT, PATCH, DELETE, OPTIONS,
 *       HEAD; other methods 405) needs no credential. The namespace is split off at the last {@code
 *       .}. The path after the name (or {@code /}) and the query reach the function; so do all
 *       headers but the hop-by-hop ones (Connection and the headers it names, Proxy-Connection,
 *       Keep-Alive, Proxy-Authenticate, Proxy-Authorization, Te, Trailer, Transfer-Encoding,
 *       Upgrade), so {@code Authorization: Bearer} arrives. The gateway adds {@code
 *       X-Forwarded-Host} and {@code X-Forwarded-For} when absent, {@code X-Call-Id} (a UUID, only
 *       when the caller sent none) and {@code X-Start-Time} (Unix nanoseconds) to the request, and
 *       to the answer {@code X-Call-Id} (only when it generated one, as the gateway's call-ID
 *       middleware does), {@code X-Start-Time} and {@code X-Served-By: openfaas-ce/}{@value
 *       #GATEWAY_VERSION}. An answer without {@code Content-Type} gets the request's, else {@code
 *       text/plain}.
 *   <li>A missing function (another name or namespace, or {@link #undeploy()}): with the scaling
 *       handler ({@link #scaleFromZero(boolean)}, on by default) 404 {@code error finding function
 *       <name>.<namespace>: server returned non-200 status code (404) for function, <name>};
 *       without it 503 {@code No endpoints available for: <name as in the path>.} with {@code
 *       X-OpenFaaS-Internal: proxy}. A function scaled to zero ({@link #scale(int)}) is scaled to
 *       one replica at once by the scaling handler, or is 503 no-endpoints without it.
 *   <li>{@code POST /async-function/<name>[...]}: 202, empty body, {@code X-Call-Id}. The fake then
 *       calls the function in the background, one call at a time (the queue worker's default),
 *       through the same routing as a synchronous call; with an absolute {@code X-Callback-Url} it
 *       POSTs the function's answer there with {@code X-Call-Id}, {@code X-Duration-Seconds},
 *       {@code X-Function-Status} and {@code X-Function-Name}; a callback URL that is not absolute
 *       is 400. {@link #awaitQueue(Duration)} waits for the queue. A missing function is queued all
 *       the same (the fake's choice: the queue proxy does not look it up).
 *   <li>{@code /system/*} needs Basic auth ({@value #BASIC_AUTH_USER} and {@link
 *       #basicAuthPassword()}): otherwise 401, {@code WWW-Authenticate: Basic realm="Restricted"},
 *       body {@code invalid credentials} (the header is on every {@code /system} answer, as in
 *       faas-provider). {@code GET /system/functions} (FunctionStatus list with {@code
 *       invocationCount}), {@code GET /system/function/<name>[?namespace=]} (FunctionStatus, with
 *       the {@linkplain #annotate annotations}; 404 with an empty body when absent), {@code GET
 *       /system/info} (GatewayInfo), {@code GET /system/namespaces}, {@code POST
 *       /system/scale-function/<name>} (202, or 404). In a FunctionStatus every key but {@code
 *       name} and {@code image} is omitted when empty, so zero replicas are absent keys, not {@code
 *       0}.
 *   <li>{@code GET /healthz}: 200 {@code OK}. Anything else: Go's 404 {@code 404 page not found}.
 * </ul>
 *
 * The gateway and provider versions and SHAs, the image name and the FunctionStatus {@code
 * createdAt} are the fake's choices.
 *
 * <h2>Faults ({@link #failNext})</h2>
 *
 * <table>
 *   <caption>How each fault is answered</caption>
 *   <tr><th>fault</th><th>answer</th></tr>
 *   <tr><td>notFound</td><td>the scaling handler's 404 text above</td></tr>
 *   <tr><td>unauthorized</td><td>401 with the gateway's Basic-auth answer (the fake's choice: an auth
 *       proxy in front of {@code /function} that speaks like the gateway)</td></tr>
 *   <tr><td>forbidden</td><td>403 {@code text/plain} {@code Forbidden} (the fake's choice: an ingress or
 *       IAM in front)</td></tr>
 *   <tr><td>throttled</td><td>429 {@code text/plain} {@code Too Many Requests} with {@code Retry-After}
 *       (whole seconds, rounded up; the fake's choice: CE does not throttle, an ingress would)</td></tr>
 *   <tr><td>serverError</td><td>500 {@code Can't reach service for: <name>.} with
 *       {@code X-OpenFaaS-Internal: proxy}</td></tr>
 *   <tr><td>coldStart</td><td>the delay, then the 503 no-endpoints answer</td></tr>
 *   <tr><td>gatewayTimeout</td><td>502, empty body ({@code upstream_timeout})</td></tr>
 *   <tr><td>connectionReset</td><td>the connection is reset</td></tr>
 *   <tr><td>malformedBody</td><td>200 {@code text/html}</td></tr>
 * </table>
 *
 * Fault answers on {@code /function} and {@code /async-function} carry the gateway's call-ID
 * headers except those from in front of the gateway (unauthorized, forbidden, throttled).
 *
 * <p>No answer that did not come from the function carries {@code Dapr-Compute-Protocol}. Knobs are
 * thread-safe and apply to the next request; {@link #reset()} restores the defaults (deployed, one
 * replica, scaling handler on, no annotations, an empty queue, no invocations counted).
 */
public final class OpenFaasFake extends PlatformFake {
  /** The component type a provider for this platform registers. */
  public static final String TYPE = "compute.openfaas";

  /** The function's name. */
  public static final String DEFAULT_FUNCTION_NAME = "dapr-fn";

  /** The namespace functions live in by default. */
  public static final String DEFAULT_NAMESPACE = "openfaas-fn";

  /** The Basic-auth user of {@code /system}. */
  public static final String BASIC_AUTH_USER = "admin";

  /** The gateway release the fake reports. */
  public static final String GATEWAY_VERSION = "0.27.12";

  private static final String GATEWAY_SHA = "8d803bf4c2e5a1f0b9d7e6c5a4b3f2e1d0c9b8a7";
  private static final String PROVIDER_VERSION = "0.18.13";
  private static final String PROVIDER_SHA = "f53fe63a1b2c3d4e5f60718293a4b5c6d7e8f901";
  private static final String IMAGE =
      "ghcr.io/dapr-compute/reference-function:" + ReferenceFunction.VERSION;
  private static final Pattern NAME = Pattern.compile("[-a-zA-Z_0-9.]+");
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "proxy-connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");
  private static final String GO_NOT_FOUND = "404 page not found\n";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final String functionName;
  private final String namespace;
  private final String basicAuthPassword = FakeHttp.randomKey(24);
  private final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final AtomicLong invocations = new AtomicLong();
  private final HttpClient callbacks =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> annotations = new ConcurrentSkipListMap<>();
  private volatile boolean deployed = true;
  private volatile int replicas = 1;
  private volatile boolean scaleFromZero = true;
  private volatile ExecutorService queue = newQueue();

  private OpenFaasFake(ReferenceFunction function, String functionName, String namespace) {
    super(function);
    this.functionName = functionName;
    this.namespace = namespace;
  }

  /** A fake gateway in front of a new reference function for {@code audience}. */
  public static OpenFaasFake start(String audience) {
    return new OpenFaasFake(
        ReferenceFunction.create(audience), DEFAULT_FUNCTION_NAME, DEFAULT_NAMESPACE);
  }

  /** A fake gateway in front of {@code function}. */
  public static OpenFaasFake start(ReferenceFunction function) {
    return new OpenFaasFake(function, DEFAULT_FUNCTION_NAME, DEFAULT_NAMESPACE);
  }

  /** The gateway's URL: the {@code gateway} of a compute.openfaas component. */
  public String gateway() {
    return baseUrl();
  }

  /** The function's name. */
  public String functionName() {
    return functionName;
  }

  /** The function's namespace. */
  public String namespace() {
    return namespace;
  }

  /** {@code <gateway>/function/<name>}: the function's base URL. */
  public String functionUrl() {
    return baseUrl() + "/function/" + functionName;
  }

  /** The {@code /system} user. */
  public String basicAuthUser() {
    return BASIC_AUTH_USER;
  }

  /** The {@code /system} password; a credential, never log it. */
  public String basicAuthPassword() {
    return basicAuthPassword;
  }

  /**
   * Removes the function: calls get the missing-function answers, {@code /system/function} is 404.
   */
  public void undeploy() {
    deployed = false;
  }

  /** Deploys the function again. */
  public void deploy() {
    deployed = true;
  }

  /** Sets the function's replicas (0 = scaled to zero). */
  public void scale(int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
    }
    this.replicas = replicas;
  }

  /**
   * Sets annotation {@code key} of the function to {@code value}, as {@code faas-cli deploy
   * --annotation key=value} does: for example {@code topic} = {@code orders,payments}, the
   * connector-sdk's topic convention. FunctionStatus lists annotations under {@code annotations}
   * (omitted when there are none).
   */
  public void annotate(String key, String value) {
    annotations.put(key, value);
  }

  /** The function's replicas now. */
  public int replicas() {
    return replicas;
  }

  /**
   * Whether the gateway runs the scaling handler ({@code scale_from_zero}, on by default): it
   * decides whether a missing function is 404 (on) or 503 no-endpoints (off).
   */
  public void scaleFromZero(boolean enabled) {
    scaleFromZero = enabled;
  }

  /**
   * Waits until the asynchronous calls queued so far have been handed to the function (and their
   * callbacks made).
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitQueue(Duration timeout) {
    try {
      queue.submit(() -> {}).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public String componentType() {
    return TYPE;
  }

  @Override
  public ComponentMetadata.Builder component(String name) {
    return ComponentMetadata.builder(name, componentType())
        .put("gateway", gateway())
        .put("functionName", functionName)
        .put("basicAuthUser", BASIC_AUTH_USER)
        .putSecret("basicAuthPassword", basicAuthPassword)
        .putSecret("key", function().componentKey().privateKeyPem())
        .put("audience", function().audience());
  }

  /**
   * Restores the defaults (deployed, one replica, scaling handler on, no annotations, no
   * invocations counted), drops queued asynchronous calls, then clears faults and records.
   */
  @Override
  public synchronized void reset() {
    ExecutorService old = queue;
    queue = newQueue();
    stop(old);
    deployed = true;
    replicas = 1;
    scaleFromZero = true;
    annotations.clear();
    invocations.set(0);
    super.reset();
  }

  @Override
  public void close() {
    stop(queue);
    super.close();
  }

  /** Registers this fake for {@link PlatformFakes}. */
  public static final class Factory implements PlatformFakeFactory {
    @Override
    public String componentType() {
      return TYPE;
    }

    @Override
    public PlatformFake start(ReferenceFunction function) {
      return OpenFaasFake.start(function);
    }
  }

  // ------------------------------------------------------------------ the platform

  @Override
  protected Answer serve(RecordedCall call) {
    String path = call.path();
    if (path.startsWith("/function/")) {
      return sync(call);
    }
    if (path.startsWith("/async-function/")) {
      return async(call);
    }
    if (path.equals("/system") || path.startsWith("/system/")) {
      return system(call);
    }
    if (path.equals("/healthz")) {
      return call.method().equals("GET") ? Answer.text(200, TEXT, "OK") : Answer.empty(405);
    }
    return Answer.text(404, TEXT, GO_NOT_FOUND);
  }

  /** A function route's target: the name as in the path, and the path after it. */
  private record Route(String segment, String name, String namespace, String params) {}

  private @Nullable Route route(String path, String prefix) {
    String rest = path.substring(prefix.length());
    int slash = rest.indexOf('/');
    String segment = slash >= 0 ? rest.substring(0, slash) : rest;
    if (!NAME.matcher(segment).matches()) {
      return null;
    }
    int dot = segment.lastIndexOf('.');
    String name = dot >= 0 ? segment.substring(0, dot) : segment;
    String ns = dot >= 0 ? segment.substring(dot + 1) : DEFAULT_NAMESPACE;
    return new Route(segment, name, ns, slash >= 0 ? rest.substring(slash) : "/");
  }

  private Answer sync(RecordedCall call) {
    Route route = route(call.path(), "/function/");
    if (route == null) {
      return Answer.text(404, TEXT, GO_NOT_FOUND);
    }
    Metadata.Builder forwarded = call.headers().toBuilder();
    Metadata.Builder answerHeaders = Metadata.builder();
    callIdMiddleware(forwarded, answerHeaders);
    if (!METHODS.contains(call.method())) {
      return Answer.of(405, answerHeaders.build(), Payload.empty());
    }
    return withHeaders(
        dispatch(route, call.method(), call.query(), forwarded.build(), call.body()),
        answerHeaders.build());
  }

  /** The gateway's call-ID middleware: headers on the forwarded request and on the answer. */
  private static void callIdMiddleware(Metadata.Builder request, Metadata.Builder answer) {
    if (request.build().first("x-call-id").filter(id -> !id.isEmpty()).isEmpty()) {
      String callId = UUID.randomUUID().toString();
      request.set("X-Call-Id", callId);
      answer.set("X-Call-Id", callId);
    }
    Instant now = Instant.now();
    String start = Long.toString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    request.add("X-Start-Time", start);
    answer.add("X-Start-Time", start);
    answer.set("X-Served-By", "openfaas-ce/" + GATEWAY_VERSION);
  }

  /** The scaling handler, then the provider's proxy, then the function. */
  private Answer dispatch(
      Route route, String method, String query, Metadata headers, Payload body) {
    boolean found =
        deployed && route.name().equals(functionName) && route.namespace().equals(namespace);
    if (scaleFromZero) {
      if (!found) {
        return Answer.text(
            404,
            TEXT,
            "error finding function "
                + route.name()
                + "."
                + route.namespace()
                + ": server returned non-200 status code (404) for function, "
                + route.name());
      }
      if (replicas == 0) {
        replicas = 1;
      }
    } else if (!found || replicas == 0) {
      return noEndpoints(route.segment());
    }
    Metadata.Builder upstream = Metadata.builder();
    List<String> connectionNamed =
        headers.all("connection").stream()
            .flatMap(value -> Arrays.stream(value.split(",")))
            .map(name -> name.trim().toLowerCase(Locale.ROOT))
            .toList();
    headers.forEach(
        (name, value) -> {
          if (!HOP_BY_HOP.contains(name) && !connectionNamed.contains(name)) {
            upstream.add(name, value);
          }
        });
    Metadata sent = upstream.build();
    if (!sent.contains("x-forwarded-host") && sent.contains("host")) {
      upstream.add("X-Forwarded-Host", sent.first("host").orElseThrow());
    }
    if (!sent.contains("x-forwarded-for")) {
      upstream.add("X-Forwarded-For", "127.0.0.1");
    }
    invocations.incrementAndGet();
    FunctionHttpResponse response =
        callFunction(
            new FunctionHttpRequest(method, route.params(), query, upstream.build(), body));
    Metadata.Builder answer = response.headers().toBuilder();
    if (!response.headers().contains("content-type")) {
      answer.set("Content-Type", headers.first("content-type").orElse("text/plain"));
    }
    return Answer.of(response.status(), answer.build(), response.body());
  }

  private static Answer noEndpoints(String segment) {
    return Answer.of(
        503,
        Metadata.of("X-OpenFaaS-Internal", "proxy", "content-type", TEXT),
        Payload.ofUtf8("No endpoints available for: " + segment + "."));
  }

  private static Answer withHeaders(Answer answer, Metadata extra) {
    Metadata.Builder headers = answer.headers().toBuilder();
    extra.forEach(headers::set);
    return new Answer(
        answer.status(), headers.build(), answer.body(), answer.delay(), answer.reset());
  }

  private Answer async(RecordedCall call) {
    Route route = route(call.path(), "/async-function/");
    if (route == null) {
      return Answer.text(404, TEXT, GO_NOT_FOUND);
    }
    Metadata.Builder forwarded = call.headers().toBuilder();
    Metadata.Builder answerHeaders = Metadata.builder();
    callIdMiddleware(forwarded, answerHeaders);
    if (!call.method().equals("POST")) {
      return Answer.of(405, answerHeaders.build(), Payload.empty());
    }
    Metadata request = forwarded.build();
    String callId = request.first("x-call-id").orElseThrow();
    Optional<URI> callback;
    try {
      callback = callbackUrl(request);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Answer.of(400, answerHeaders.build(), Payload.empty());
    }
    Payload body = call.body();
    String query = call.query();
    // execute, not submit: a failure of the fake itself reaches the worker's uncaught-exception
    // handler.
    queue.execute(
        () -> {
          long start = System.nanoTime();
          Answer answer = dispatch(route, "POST", query, request, body);
          callback.ifPresent(
              url -> callBack(url, answer, callId, route.segment(), System.nanoTime() - start));
        });
    answerHeaders.set("X-Call-Id", callId);
    return Answer.of(202, answerHeaders.build(), Payload.empty());
  }

  private static Optional<URI> callbackUrl(Metadata request) throws URISyntaxException {
    Optional<String> value = request.first("x-callback-url").filter(v -> !v.isEmpty());
    if (value.isEmpty()) {
      return Optional.empty();
    }
    URI uri = new URI(value.get());
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("not absolute");
    }
    return Optional.of(uri);
  }

  private void callBack(URI url, Answer answer, String callId, String function, long nanos) {
    HttpRequest.Builder post =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(answer.body().toByteArray()))
            .header("X-Call-Id", callId)
            .header("X-Duration-Seconds", String.format(Locale.ROOT, "%f", nanos / 1e9))
            .header("X-Function-Status", Integer.toString(answer.status()))
            .header("X-Function-Name", function);
    answer.headers().first("content-type").ifPresent(type -> post.header("Content-Type", type));
    try {
      callbacks.send(post.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // The queue worker logs a failed callback and moves on; so does the fake.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Answer system(RecordedCall call) {
    Metadata realm = Metadata.of("WWW-Authenticate", "Basic realm=\"Restricted\"");
    Optional<String[]> credentials = FakeHttp.basicAuth(call.headers());
    if (credentials.isEmpty()
        || !credentials.get()[0].equals(BASIC_AUTH_USER)
        || !credentials.get()[1].equals(basicAuthPassword)) {
      return Answer.of(
          401,
          realm.toBuilder().add("content-type", TEXT).build(),
          Payload.ofUtf8("invalid credentials"));
    }
    String path = call.path();
    String method = call.method();
    String ns =
        FakeHttp.queryParam(call.query(), "namespace")
            .filter(v -> !v.isEmpty())
            .orElse(DEFAULT_NAMESPACE);
    if (path.equals("/system/functions") && method.equals("GET")) {
      List<Map<String, Object>> list =
          deployed && ns.equals(namespace) ? List.of(functionStatus(true)) : List.of();
      return FakeHttp.jsonAnswer(200, list, realm);
    }
    if (path.startsWith("/system/function/") && method.equals("GET")) {
      String name = path.substring("/system/function/".length());
      if (deployed && name.equals(functionName) && ns.equals(namespace)) {
        return FakeHttp.jsonAnswer(200, functionStatus(false), realm);
      }
      return Answer.of(404, realm, Payload.empty());
    }
    if (path.equals("/system/info") && method.equals("GET")) {
      return FakeHttp.jsonAnswer(200, gatewayInfo(), realm);
    }
    if (path.equals("/system/namespaces") && method.equals("GET")) {
      return FakeHttp.jsonAnswer(200, List.of(namespace), realm);
    }
    if (path.startsWith("/system/scale-function/") && method.equals("POST")) {
      String name = path.substring("/system/scale-function/".length());
      JsonNode request;
      try {
        request = Json.MAPPER.readTree(call.body().unsafeArray());
      } catch (IOException e) {
        return Answer.of(
            400,
            realm.toBuilder().add("content-type", TEXT).build(),
            Payload.ofUtf8("invalid request body"));
      }
      String requestNs =
          request.path("namespace").asText("").isEmpty() ? ns : request.path("namespace").asText();
      if (!deployed || !name.equals(functionName) || !requestNs.equals(namespace)) {
        return Answer.of(404, realm, Payload.empty());
      }
      scale(Math.max(0, request.path("replicas").asInt(0)));
      return Answer.of(202, realm, Payload.empty());
    }
    return Answer.of(
        404, realm.toBuilder().add("content-type", TEXT).build(), Payload.ofUtf8(GO_NOT_FOUND));
  }

  /** A FunctionStatus as faas-provider writes it: every key but name and image is omitempty. */
  private Map<String, Object> functionStatus(boolean withInvocationCount) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("name", functionName);
    status.put("image", IMAGE);
    status.put("namespace", namespace);
    if (!annotations.isEmpty()) {
      status.put("annotations", new LinkedHashMap<>(annotations));
    }
    long count = invocations.get();
    if (withInvocationCount && count > 0) {
      status.put("invocationCount", count);
    }
    int now = replicas;
    if (now > 0) {
      status.put("replicas", now);
      status.put("availableReplicas", now);
    }
    status.put("createdAt", createdAt.toString());
    return status;
  }

  private static Map<String, Object> gatewayInfo() {
    Map<String, Object> provider = new LinkedHashMap<>();
    provider.put("provider", "faas-netes");
    provider.put("orchestration", "kubernetes");
    provider.put("version", Map.of("sha", PROVIDER_SHA, "release", PROVIDER_VERSION));
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("provider", provider);
    info.put("version", Map.of("sha", GATEWAY_SHA, "release", GATEWAY_VERSION));
    info.put("arch", "x86_64");
    return info;
  }

  @Override
  protected Answer answerFault(PlatformFault fault, RecordedCall call) {
    boolean throughGateway =
        call.path().startsWith("/function/") || call.path().startsWith("/async-function/");
    String segment = throughGatewayName(call);
    Answer answer;
    if (fault instanceof PlatformFault.NotFound) {
      String ns =
          segment.lastIndexOf('.') >= 0
              ? segment.substring(segment.lastIndexOf('.') + 1)
              : DEFAULT_NAMESPACE;
      String name =
          segment.lastIndexOf('.') >= 0 ? segment.substring(0, segment.lastIndexOf('.')) : segment;
      answer =
          Answer.text(
              404,
              TEXT,
              "error finding function "
                  + name
                  + "."
                  + ns
                  + ": server returned non-200 status code (404) for function, "
                  + name);
    } else if (fault instanceof PlatformFault.Unauthorized) {
      return Answer.of(
          401,
          Metadata.of("WWW-Authenticate", "Basic realm=\"Restricted\"", "content-type", TEXT),
          Payload.ofUtf8("invalid credentials"));
    } else if (fault instanceof PlatformFault.Forbidden) {
      return Answer.text(403, TEXT, "Forbidden");
    } else if (fault instanceof PlatformFault.Throttled t) {
      return Answer.of(
          429,
          Metadata.of(
              "Retry-After", FakeHttp.retryAfterSeconds(t.retryAfter()), "content-type", TEXT),
          Payload.ofUtf8("Too Many Requests"));
    } else if (fault instanceof PlatformFault.ServerError) {
      answer =
          Answer.of(
              500,
              Metadata.of("X-OpenFaaS-Internal", "proxy", "content-type", TEXT),
              Payload.ofUtf8("Can't reach service for: " + segment + "."));
    } else if (fault instanceof PlatformFault.ColdStart c) {
      answer = noEndpoints(segment).after(c.delay());
    } else if (fault instanceof PlatformFault.GatewayTimeout) {
      answer = Answer.empty(502);
    } else if (fault instanceof PlatformFault.ConnectionReset) {
      return Answer.connectionReset();
    } else {
      answer =
          Answer.text(
              200, "text/html", "<html><body><h1>OpenFaaS</h1><p>maintenance</p></body></html>");
    }
    if (!throughGateway) {
      return answer;
    }
    Metadata.Builder gatewayHeaders = Metadata.builder();
    callIdMiddleware(call.headers().toBuilder(), gatewayHeaders);
    return withHeaders(answer, gatewayHeaders.build());
  }

  /** The function segment of a gateway path, or the fake's function name for other paths. */
  private String throughGatewayName(RecordedCall call) {
    for (String prefix : List.of("/function/", "/async-function/")) {
      if (call.path().startsWith(prefix)) {
        Route route = route(call.path(), prefix);
        if (route != null) {
          return route.segment();
        }
      }
    }
    return functionName;
  }

  private static ExecutorService newQueue() {
    return Executors.newSingleThreadExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, "openfaas-fake-queue-worker");
          thread.setDaemon(true);
          return thread;
        });
  }

  private static void stop(ExecutorService executor) {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
