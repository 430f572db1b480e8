package dev.daprcompute.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
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
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * compute.http against a compute-function host on loopback: every operation, and every row of
 * protocol section 4 (the function answering vs the platform answering).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("compute.http over loopback")
class HttpComputeOverLoopbackTest {
  static final String AUDIENCE = "orders-fn";

  final SigningKey key = SigningKey.generateEd25519();
  final TestHandler handler = new TestHandler();
  LoopbackFunction function;
  Compute compute;
  final List<Compute> opened = new ArrayList<>();

  @BeforeAll
  void startFunction() throws IOException {
    FunctionRouter router =
        FunctionRouter.builder(handler)
            .verifier(
                TokenVerifier.builder().publicKeys(key.publicJwkSet()).audience(AUDIENCE).build())
            .version("1.4.0")
            .build();
    function = new LoopbackFunction(router);
    compute = open(b -> {});
  }

  @AfterAll
  void stopFunction() {
    opened.forEach(Compute::close);
    function.close();
  }

  @AfterEach
  void clearScripts() {
    function.clearScripts();
    handler.events.clear();
    handler.bindingEvents.clear();
  }

  Compute open(Consumer<ComponentMetadata.Builder> customize) {
    return open(ComputeContext.defaults(), customize);
  }

  Compute open(ComputeContext context, Consumer<ComponentMetadata.Builder> customize) {
    ComponentMetadata.Builder metadata =
        ComponentMetadata.builder("orders", "compute.http")
            .put("endpoint", function.baseUrl().toString())
            .putSecret("key", key.privateKeyPem())
            .put("audience", AUDIENCE)
            .initTimeout(Duration.ofSeconds(3));
    customize.accept(metadata);
    Compute created =
        ComputeProviders.load().select("compute.http", "v1").create(context.withAppId("checkout"));
    opened.add(created);
    created.init(metadata.build());
    return created;
  }

  /**
   * A component for a function that never answers anything but the info call. Its HTTP client has
   * no read or write timeout of its own: only the call's deadline or its cancellation ends a call.
   */
  Compute openAt(HoldingFunction holding) {
    OkHttpClient patient =
        ComputeContext.defaults()
            .httpClient()
            .newBuilder()
            .readTimeout(Duration.ZERO)
            .writeTimeout(Duration.ZERO)
            .build();
    return open(
        new ComputeContext(patient, Clock.systemUTC(), null),
        b -> b.put("endpoint", holding.baseUrl().toString()));
  }

  static <T> T await(CompletableFuture<T> future) {
    return future.orTimeout(20, TimeUnit.SECONDS).join();
  }

  static Throwable failureOf(CompletableFuture<?> future) {
    Throwable thrown = catchThrowable(() -> future.orTimeout(20, TimeUnit.SECONDS).join());
    assertThat(thrown).isInstanceOf(CompletionException.class);
    return thrown.getCause();
  }

  static TopicEventRequest event(String data) {
    return TopicEventRequest.of("e-1", "pubsub", "orders", Payload.ofUtf8(data), "text/plain");
  }

  @Nested
  @DisplayName("init")
  class Init {
    @Test
    @DisplayName("proves deployed, auth, protocol and version, and reads the function's features")
    void reportsEveryCheck() {
      ComponentMetadata metadata =
          ComponentMetadata.builder("init-ok", "compute.http")
              .put("endpoint", function.baseUrl().toString())
              .putSecret("key", key.privateKeyPem())
              .put("audience", AUDIENCE)
              .put("minVersion", "1.2.0")
              .build();
      try (Compute c =
          ComputeProviders.load().select("compute.http", "v1").create(ComputeContext.defaults())) {
        InitReport report = c.init(metadata);
        assertThat(report.checks())
            .extracting(InitCheck::name)
            .containsExactly("deployed", "auth", "protocol", "version");
        assertThat(report.checks()).allMatch(check -> check.outcome() == InitCheck.Outcome.PASSED);
        assertThat(report.protocol()).isEqualTo(1);
        assertThat(report.functionVersion()).isEqualTo("1.4.0");
        assertThat(report.sdk()).isEqualTo("dapr-compute-java");
        assertThat(report.inputBindings()).containsExactly("orders-queue");
        assertThat(c.features()).contains(Feature.BULK_TOPIC_EVENTS);
      }
    }

    @Test
    @DisplayName(
        "fails at once, naming 'deployed', when the platform answers 404 for the info path")
    void platformNotFound() {
      function.platformAnswers(Protocol.INFO_PATH, 404, Metadata.empty(), "Not Found");
      ComputeInitException e =
          (ComputeInitException)
              catchThrowable(() -> open(b -> b.initTimeout(Duration.ofSeconds(30))));
      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.getMessage()).contains("not deployed").contains("component 'orders'");
      assertThat(e.isRetryable()).isFalse();
    }

    @Test
    @DisplayName("fails naming 'credentials' when the platform refuses its credential")
    void platformCredentials() {
      function.platformAnswers(Protocol.INFO_PATH, 403, Metadata.empty(), "");
      ComputeInitException e = (ComputeInitException) catchThrowable(() -> open(b -> {}));
      assertThat(e.failedCheck()).isEqualTo("credentials");
    }

    @Test
    @DisplayName("fails naming 'auth' with the function's reason when the audience is wrong")
    void wrongAudience() {
      ComputeInitException e =
          (ComputeInitException) catchThrowable(() -> open(b -> b.put("audience", "someone-else")));
      assertThat(e.failedCheck()).isEqualTo("auth");
      assertThat(e.getMessage()).containsIgnoringCase("audience").contains("someone-else");
      assertThat(e.checks()).extracting(InitCheck::name).contains("auth");
    }

    @Test
    @DisplayName(
        "fails naming 'auth' when the token is signed with a key the function does not know")
    void unknownKey() {
      SigningKey other = SigningKey.generateEd25519();
      ComputeInitException e =
          (ComputeInitException)
              catchThrowable(() -> open(b -> b.putSecret("key", other.privateKeyPem())));
      assertThat(e.failedCheck()).isEqualTo("auth");
      assertThat(e.getMessage()).contains(other.keyId()).doesNotContain(other.privateKeyPem());
    }

    @Test
    @DisplayName(
        "fails naming 'protocol', both versions and the artifact to upgrade, for an unknown protocol")
    void wrongProtocol() {
      function.functionAnswersRaw(
          Protocol.INFO_PATH,
          200,
          "application/json",
          "{\"protocol\":2,\"version\":\"2.0.0\",\"sdk\":\"future-sdk\"}".getBytes());
      ComputeInitException e = (ComputeInitException) catchThrowable(() -> open(b -> {}));
      assertThat(e.failedCheck()).isEqualTo("protocol");
      assertThat(e.getMessage())
          .contains("protocol 2")
          .contains("[1]")
          .contains("dev.daprcompute:compute-api");
    }

    @Test
    @DisplayName("fails naming 'version' when the function is older than minVersion")
    void belowMinVersion() {
      ComputeInitException e =
          (ComputeInitException) catchThrowable(() -> open(b -> b.put("minVersion", "2.0.0")));
      assertThat(e.failedCheck()).isEqualTo("version");
      assertThat(e.getMessage()).contains("1.4.0").contains("2.0.0");
    }

    @Test
    @DisplayName("fails naming 'protocol' when the info document is malformed")
    void malformedInfo() {
      function.functionAnswersRaw(
          Protocol.INFO_PATH, 200, "application/json", "{not json".getBytes());
      ComputeInitException e = (ComputeInitException) catchThrowable(() -> open(b -> {}));
      assertThat(e.failedCheck()).isEqualTo("protocol");
      assertThat(e.getMessage()).contains("malformed");
    }

    @Test
    @DisplayName(
        "retries 503s until initTimeout, then gives up, retryable; gives up at once, naming the 503, when told to wait past it")
    void givesUpAfterInitTimeout() {
      function.platformAnswers(
          Protocol.INFO_PATH,
          503,
          Metadata.of("content-type", "text/plain"),
          "Function host is not running.");
      long start = System.nanoTime();
      ComputeInitException e =
          (ComputeInitException)
              catchThrowable(() -> open(b -> b.initTimeout(Duration.ofMillis(800))));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.getMessage()).contains("gave up").contains("component 'orders'");
      assertThat(tookMs).as("init kept trying until initTimeout").isBetween(700L, 10_000L);
      assertThat(function.platformAnswered(Protocol.INFO_PATH))
          .as("the platform's 503s")
          .isPositive();
      // Which failure came last depends on the machine's load (the last attempt may run out of
      // time); a Retry-After past initTimeout makes the 503 the only attempt, so its words must
      // show.
      function.platformAnswers(
          Protocol.INFO_PATH,
          503,
          Metadata.of("content-type", "text/plain", "retry-after", "60"),
          "Function host is not running.");
      ComputeInitException told =
          (ComputeInitException)
              catchThrowable(() -> open(b -> b.initTimeout(Duration.ofSeconds(3))));
      assertThat(told.isRetryable()).isTrue();
      assertThat(told.getMessage())
          .contains("gave up after 1 attempt(s)")
          .contains("503")
          .contains("Function host is not running.");
    }

    @Test
    @DisplayName("passes once the platform recovers from a cold start")
    void recoversFromColdStart() {
      function.platformAnswersNext(2, Protocol.INFO_PATH, 503, Metadata.empty(), "");
      Compute recovered = open(b -> b.initTimeout(Duration.ofSeconds(10)));
      assertThat(function.platformAnswered(Protocol.INFO_PATH))
          .as("the platform's 503s were served")
          .isEqualTo(2);
      assertThat(recovered.features()).contains(Feature.BULK_TOPIC_EVENTS);
    }

    @Test
    @DisplayName(
        "gives up at once, naming Retry-After, when the platform asks to wait past initTimeout")
    void honoursRetryAfterDuringInit() {
      function.platformAnswers(Protocol.INFO_PATH, 429, Metadata.of("retry-after", "5"), "");
      ComputeInitException e =
          (ComputeInitException)
              catchThrowable(() -> open(b -> b.initTimeout(Duration.ofSeconds(2))));
      assertThat(e.getMessage())
          .contains("throttled")
          .contains("1 attempt(s)")
          .contains("Retry-After");
      assertThat(e.isRetryable()).isTrue();
    }

    @Test
    @DisplayName("waits out a Retry-After that fits in initTimeout, then passes")
    void waitsOutRetryAfter() {
      function.platformAnswersNext(1, Protocol.INFO_PATH, 429, Metadata.of("retry-after", "1"), "");
      long start = System.nanoTime();
      open(b -> b.initTimeout(Duration.ofSeconds(10)));
      assertThat(function.platformAnswered(Protocol.INFO_PATH))
          .as("the 429 was served")
          .isEqualTo(1);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .as("init waited out Retry-After: 1")
          .isGreaterThanOrEqualTo(950L);
    }

    @Test
    @DisplayName("rejects plain http:// to a host that is not loopback unless allowed")
    void insecureHttp() {
      ComponentMetadata metadata =
          ComponentMetadata.builder("remote", "compute.http")
              .put("endpoint", "http://functions.example.com/api")
              .putSecret("key", key.privateKeyPem())
              .build();
      try (Compute c =
          ComputeProviders.load().select("compute.http", "v1").create(ComputeContext.defaults())) {
        assertThatThrownBy(() -> c.init(metadata))
            .isInstanceOf(ComputeConfigurationException.class)
            .hasMessageContaining("component 'remote'")
            .hasMessageContaining("metadata 'endpoint'")
            .hasMessageContaining("allowInsecureHttp");
      }
    }

    @Test
    @DisplayName("reports every metadata problem at once and never prints the key")
    void allProblemsAtOnce() {
      ComponentMetadata metadata =
          ComponentMetadata.builder("broken", "compute.http")
              .put("endpont", "http://127.0.0.1:1")
              .putSecret("key", "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----")
              .put("timeout", "soon")
              .build();
      try (Compute c =
          ComputeProviders.load().select("compute.http", "v1").create(ComputeContext.defaults())) {
        ComputeConfigurationException e =
            (ComputeConfigurationException) catchThrowable(() -> c.init(metadata));
        assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(e.getMessage())
            .contains("did you mean 'endpoint'")
            .contains("'soon' is not a duration")
            .contains("metadata 'endpoint'")
            .doesNotContain("not-a-key");
      }
    }
  }

  @Nested
  @DisplayName("onInvoke")
  class Invoke {
    @Test
    @DisplayName(
        "delivers method, verb, query, content type, body and metadata, trace context included")
    void deliversEverything() throws Exception {
      Metadata metadata =
          Metadata.builder()
              .add("x-tenant", "acme")
              .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
              .add("tracestate", "congo=t61rcWkgMzE")
              .add("baggage", "userId=alice")
              .add("dapr-api-token", "app-secret")
              .add("authorization", "Bearer caller-token")
              .build();
      InvokeRequest request =
          new InvokeRequest(
              "echo",
              Payload.ofUtf8("{\"id\":42}"),
              "application/json",
              HttpVerb.PUT,
              "a=1&b=two",
              metadata);
      InvokeResponse reply = await(compute.onInvoke(request));
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.contentType()).isEqualTo("application/json");
      assertThat(reply.metadata().first("x-echo")).contains("yes");
      assertThat(reply.metadata().contains(Protocol.MARKER_HEADER)).isFalse();
      Map<?, ?> seen = Json.MAPPER.readValue(reply.data().unsafeArray(), Map.class);
      assertThat(seen.get("method")).isEqualTo("echo");
      assertThat(seen.get("verb")).isEqualTo("PUT");
      assertThat(seen.get("query")).isEqualTo("a=1&b=two");
      assertThat(seen.get("contentType")).isEqualTo("application/json");
      assertThat(seen.get("body")).isEqualTo("{\"id\":42}");
      Map<?, ?> headers = (Map<?, ?>) seen.get("metadata");
      assertThat(headers.get("x-tenant")).isEqualTo("acme");
      assertThat(headers.get("traceparent"))
          .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      assertThat(headers.get("tracestate")).isEqualTo("congo=t61rcWkgMzE");
      assertThat(headers.get("baggage")).isEqualTo("userId=alice");
      assertThat(headers.containsKey("dapr-api-token")).isFalse();
      assertThat(headers.containsKey("authorization")).isFalse();
    }

    @Test
    @DisplayName("passes the function's own 404 back as a status, not an error")
    void functionNotFoundIsAnAnswer() {
      InvokeResponse reply = await(compute.onInvoke(InvokeRequest.of("status/404", HttpVerb.GET)));
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.metadata().first("x-function")).contains("yes");
    }

    @Test
    @DisplayName("passes any function status and body back as is")
    void functionStatus() {
      InvokeResponse reply =
          await(compute.onInvoke(InvokeRequest.of("status/418", HttpVerb.DELETE)));
      assertThat(reply.status()).isEqualTo(418);
      assertThat(reply.data().toUtf8()).isEqualTo("status 418");
    }

    @Test
    @DisplayName("a platform 404 is 'not deployed', a 502 for callers, never the function's 404")
    void platformNotFound() {
      function.platformAnswers("/orders/1", 404, Metadata.empty(), "");
      ComputeUnavailableException e =
          (ComputeUnavailableException)
              failureOf(compute.onInvoke(InvokeRequest.of("orders/1", HttpVerb.GET)));
      assertThat(e.reason()).isEqualTo(Reason.NOT_DEPLOYED);
      assertThat(e.gatewayStatus()).isEqualTo(502);
      assertThat(e.isRetryable()).as("as init: an operator must deploy the function").isFalse();
    }

    @Test
    @DisplayName("a platform 401 or 403 names the platform credential")
    void platformCredential() {
      function.platformAnswers("/orders/1", 401, Metadata.empty(), "");
      ComputeUnavailableException e =
          (ComputeUnavailableException)
              failureOf(compute.onInvoke(InvokeRequest.of("orders/1", HttpVerb.GET)));
      assertThat(e.reason()).isEqualTo(Reason.PLATFORM_CREDENTIALS);
      assertThat(e.getMessage()).contains("credential");
      assertThat(e.isRetryable()).as("as init: an operator must fix the credential").isFalse();
    }

    @Test
    @DisplayName("a platform 429 is retryable after the platform's Retry-After")
    void throttled() {
      function.platformAnswers("/orders/1", 429, Metadata.of("retry-after", "7"), "");
      ComputeUnavailableException e =
          (ComputeUnavailableException)
              failureOf(compute.onInvoke(InvokeRequest.of("orders/1", HttpVerb.GET)));
      assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
      assertThat(e.gatewayStatus()).isEqualTo(429);
    }

    @Test
    @DisplayName("a platform 503 is a retryable platform error with the platform's words")
    void platformUnavailable() {
      function.platformAnswers(
          "/orders/1",
          503,
          Metadata.of("content-type", "text/plain"),
          "Function host is not running.");
      ComputeUnavailableException e =
          (ComputeUnavailableException)
              failureOf(compute.onInvoke(InvokeRequest.of("orders/1", HttpVerb.GET)));
      assertThat(e.reason()).isEqualTo(Reason.PLATFORM_ERROR);
      assertThat(e.gatewayStatus()).isEqualTo(503);
      assertThat(e.getMessage()).contains("Function host is not running.");
    }

    @Test
    @DisplayName("a refused connection is a retryable connection failure")
    void connectionRefused() throws IOException {
      Compute orphan;
      try (HoldingFunction gone = new HoldingFunction()) {
        orphan = openAt(gone);
      }
      // One call with the component's whole timeout, not init's last attempt (which may run out of
      // time).
      Throwable e = failureOf(orphan.onInvoke(InvokeRequest.of("orders", HttpVerb.GET)));
      assertThat(e)
          .isInstanceOfSatisfying(
              ComputeUnavailableException.class,
              unavailable -> {
                assertThat(unavailable.reason()).isEqualTo(Reason.CONNECTION_FAILED);
                assertThat(unavailable.isRetryable()).isTrue();
              });
    }

    @Test
    @DisplayName("a call past its deadline fails with TIMEOUT, a 504 for callers")
    void timeout() throws IOException {
      try (HoldingFunction holding = new HoldingFunction()) {
        ComputeUnavailableException e =
            (ComputeUnavailableException)
                failureOf(
                    openAt(holding)
                        .onInvoke(
                            InvokeRequest.of("orders", HttpVerb.GET),
                            CallOptions.timeout(Duration.ofMillis(300))));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.gatewayStatus()).isEqualTo(504);
      }
    }

    @Test
    @DisplayName("a reply over maxBodySize is a protocol violation, read no further than the limit")
    void oversizedReply() {
      Compute small = open(b -> b.put("maxBodySize", "1Ki"));
      Throwable e = failureOf(small.onInvoke(InvokeRequest.of("big/4096", HttpVerb.GET)));
      assertThat(e)
          .isInstanceOf(ProtocolViolationException.class)
          .hasMessageContaining("maxBodySize");
      assertThat(await(small.onInvoke(InvokeRequest.of("big/1000", HttpVerb.GET))).data().size())
          .isEqualTo(1000);
    }

    @Test
    @DisplayName("a request over maxBodySize is refused before it is sent")
    void oversizedRequest() {
      Compute small = open(b -> b.put("maxBodySize", "1Ki"));
      Throwable e =
          failureOf(
              small.onInvoke(
                  InvokeRequest.post(
                      "echo", Payload.wrap(new byte[2048]), "application/octet-stream")));
      assertThat(e).isInstanceOf(ComputeRequestException.class).hasMessageContaining("maxBodySize");
    }

    @Test
    @DisplayName("paths that climb above the base URL and headers with CR/LF are refused")
    void unsafeRequests() {
      assertThat(failureOf(compute.onInvoke(InvokeRequest.of("../admin", HttpVerb.GET))))
          .isInstanceOf(ComputeRequestException.class)
          .hasMessageContaining("base URL");
      assertThat(
              failureOf(
                  compute.onInvoke(
                      InvokeRequest.of("echo", HttpVerb.GET)
                          .withMetadata(Metadata.of("x-evil", "a\r\nInjected: yes")))))
          .isInstanceOf(ComputeRequestException.class)
          .hasMessageContaining("x-evil");
    }

    @Test
    @DisplayName(
        "cancelling the future cancels the HTTP call: the function sees its connection closed")
    void cancellation() throws Exception {
      try (HoldingFunction holding = new HoldingFunction()) {
        Compute held = openAt(holding);
        CompletableFuture<InvokeResponse> call =
            held.onInvoke(InvokeRequest.of("orders", HttpVerb.GET));
        assertThat(holding.awaitHeld(Duration.ofSeconds(10)))
            .as("the call reached the function")
            .isTrue();
        assertThat(call.cancel(true)).isTrue();
        assertThat(holding.awaitClosedByClient(Duration.ofSeconds(10)))
            .as("the cancellation reached the HTTP call: its connection was closed")
            .isTrue();
      }
      assertThat(await(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET))).status())
          .isEqualTo(200);
    }
  }

  @Nested
  @DisplayName("onTopicEvent")
  class Topic {
    @Test
    @DisplayName("delivers the CloudEvent with Dapr's attributes, metadata and trace context")
    void deliversTheCloudEvent() throws Exception {
      TopicEventRequest event =
          new TopicEventRequest(
              "ev-9",
              "checkout",
              "order.created",
              "1.0",
              "application/json",
              Payload.ofUtf8("{\"order\":9}"),
              "orders",
              "pubsub",
              "/orders",
              Map.of(
                  "traceparent",
                  "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                  "traceid",
                  "t-1"),
              Metadata.of("x-broker", "kafka"));
      assertThat(await(compute.onTopicEvent(event)).status()).isEqualTo(TopicEventStatus.SUCCESS);
      TopicEventRequest seen = handler.events.poll(5, TimeUnit.SECONDS);
      assertThat(seen).isNotNull();
      assertThat(seen.id()).isEqualTo("ev-9");
      assertThat(seen.source()).isEqualTo("checkout");
      assertThat(seen.type()).isEqualTo("order.created");
      assertThat(seen.dataContentType()).isEqualTo("application/json");
      assertThat(seen.data().toUtf8()).isEqualTo("{\"order\":9}");
      assertThat(seen.topic()).isEqualTo("orders");
      assertThat(seen.pubsubName()).isEqualTo("pubsub");
      assertThat(seen.extensions()).containsEntry("traceid", "t-1");
      assertThat(seen.metadata().first("x-broker")).contains("kafka");
      assertThat(seen.metadata().first("pubsubname")).contains("pubsub");
      assertThat(seen.metadata().first("traceparent"))
          .contains("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    @Test
    @DisplayName("SUCCESS, RETRY and DROP are the function's answers")
    void functionStatuses() {
      assertThat(await(compute.onTopicEvent(event("SUCCESS"))).status())
          .isEqualTo(TopicEventStatus.SUCCESS);
      assertThat(await(compute.onTopicEvent(event("RETRY"))).status())
          .isEqualTo(TopicEventStatus.RETRY);
      assertThat(await(compute.onTopicEvent(event("DROP"))).status())
          .isEqualTo(TopicEventStatus.DROP);
    }

    @Test
    @DisplayName("the function's own 404 is DROP; its 500 is RETRY")
    void functionErrors() {
      assertThat(await(compute.onTopicEvent(event("404"))).status())
          .isEqualTo(TopicEventStatus.DROP);
      assertThat(await(compute.onTopicEvent(event("500"))).status())
          .isEqualTo(TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("a platform 404 is RETRY, never DROP")
    void platformNotFoundIsRetry() {
      function.platformAnswers("/orders", 404, Metadata.empty(), "");
      TopicEventResponse outcome = await(compute.onTopicEvent(event("SUCCESS")));
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(outcome.reason()).contains("not deployed");
    }

    @Test
    @DisplayName("a throttled delivery is RETRY and carries Retry-After")
    void throttledIsRetry() {
      function.platformAnswers("/orders", 429, Metadata.of("retry-after", "3"), "");
      TopicEventResponse outcome = await(compute.onTopicEvent(event("SUCCESS")));
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(outcome.retryAfterDuration()).contains(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("platform 401, 500 and 503 are RETRY")
    void platformErrorsAreRetry() {
      for (int status : new int[] {401, 403, 500, 502, 503, 504}) {
        function.platformAnswers("/orders", status, Metadata.empty(), "");
        assertThat(await(compute.onTopicEvent(event("DROP"))).status())
            .as("platform %d", status)
            .isEqualTo(TopicEventStatus.RETRY);
      }
    }

    @Test
    @DisplayName("a timeout is RETRY")
    void timeoutIsRetry() throws IOException {
      try (HoldingFunction holding = new HoldingFunction()) {
        TopicEventResponse outcome =
            await(
                openAt(holding)
                    .onTopicEvent(event("SUCCESS"), CallOptions.timeout(Duration.ofMillis(300))));
        assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
        assertThat(outcome.reason()).contains("did not finish");
      }
    }

    @Test
    @DisplayName("a refused connection is RETRY")
    void connectionRefusedIsRetry() throws IOException {
      Compute orphan;
      try (LoopbackFunction gone =
          new LoopbackFunction(
              FunctionRouter.builder(handler)
                  .verifier(
                      TokenVerifier.builder()
                          .publicKeys(key.publicJwkSet())
                          .audience(AUDIENCE)
                          .build())
                  .build())) {
        orphan =
            ComputeProviders.load().select("compute.http", "v1").create(ComputeContext.defaults());
        opened.add(orphan);
        orphan.init(
            ComponentMetadata.builder("orphan", "compute.http")
                .put("endpoint", gone.baseUrl().toString())
                .putSecret("key", key.privateKeyPem())
                .put("audience", AUDIENCE)
                .build());
      }
      TopicEventResponse outcome = await(orphan.onTopicEvent(event("SUCCESS")));
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(outcome.reason()).contains("POST /orders").contains("failed");
    }

    @Test
    @DisplayName("a 2xx from the platform without the marker is RETRY")
    void unmarkedSuccessIsRetry() {
      function.platformAnswers("/orders", 200, Metadata.empty(), "OK");
      assertThat(await(compute.onTopicEvent(event("SUCCESS"))).status())
          .isEqualTo(TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("a 2xx answer that is not JSON is SUCCESS, as daprd reads it")
    void garbageSuccess() {
      function.functionAnswersRaw("/orders", 200, "text/plain", "thanks!".getBytes());
      assertThat(await(compute.onTopicEvent(event("DROP"))).status())
          .isEqualTo(TopicEventStatus.SUCCESS);
    }

    @Test
    @DisplayName("an unknown status text is RETRY")
    void unknownStatus() {
      function.functionAnswersRaw(
          "/orders", 200, "application/json", "{\"status\":\"MAYBE\"}".getBytes());
      assertThat(await(compute.onTopicEvent(event("DROP"))).status())
          .isEqualTo(TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("an event that cannot be sent is RETRY with the reason, not lost")
    void unsendableIsRetry() {
      TopicEventResponse outcome =
          await(compute.onTopicEvent(event("SUCCESS").withPath("/../../etc")));
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(outcome.reason()).contains("base URL");
    }
  }

  @Nested
  @DisplayName("onBulkTopicEvent")
  class Bulk {
    BulkTopicEventRequest batch(String... data) {
      List<BulkTopicEventEntry> entries = new ArrayList<>();
      for (int i = 0; i < data.length; i++) {
        entries.add(
            new BulkTopicEventEntry(
                "e" + i,
                new BulkTopicEventEntry.CloudEvent(
                    "id-" + i,
                    "Dapr",
                    "com.dapr.event.sent",
                    "1.0",
                    "text/plain",
                    Payload.ofUtf8(data[i]),
                    Map.of()),
                "application/cloudevents+json",
                Map.of()));
      }
      return new BulkTopicEventRequest(
          "b-1",
          entries,
          Map.of("k", "v"),
          "bulk-orders",
          "pubsub",
          BulkTopicEventRequest.BULK_TYPE,
          "/bulk");
    }

    @Test
    @DisplayName("one status per entry, as the function answered each")
    void perEntryStatuses() {
      BulkTopicEventResponse outcome =
          await(compute.onBulkTopicEvent(batch("SUCCESS", "RETRY", "DROP", "404", "500")));
      assertThat(outcome.statuses())
          .extracting(BulkTopicEventResponse.Entry::status)
          .containsExactly(
              TopicEventStatus.SUCCESS,
              TopicEventStatus.RETRY,
              TopicEventStatus.DROP,
              TopicEventStatus.DROP,
              TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("a platform failure retries every entry")
    void platformFailureRetriesAll() {
      function.platformAnswers("/bulk", 404, Metadata.empty(), "");
      BulkTopicEventResponse outcome = await(compute.onBulkTopicEvent(batch("SUCCESS", "DROP")));
      assertThat(outcome.statuses())
          .extracting(BulkTopicEventResponse.Entry::status)
          .containsOnly(TopicEventStatus.RETRY);
      assertThat(outcome.reason()).contains("not deployed");
    }

    @Test
    @DisplayName("a malformed answer retries every entry; an entry without a status is retried")
    void malformedAnswers() {
      function.functionAnswersRaw("/bulk", 200, "application/json", "[oops".getBytes());
      assertThat(await(compute.onBulkTopicEvent(batch("SUCCESS"))).statuses())
          .extracting(BulkTopicEventResponse.Entry::status)
          .containsOnly(TopicEventStatus.RETRY);
      function.functionAnswersRaw(
          "/bulk",
          200,
          "application/json",
          "{\"statuses\":[{\"entryId\":\"e0\",\"status\":\"SUCCESS\"},{\"entryId\":\"e1\"},{\"entryId\":\"zz\",\"status\":\"DROP\"}]}"
              .getBytes());
      assertThat(await(compute.onBulkTopicEvent(batch("x", "y", "z"))).statuses())
          .extracting(BulkTopicEventResponse.Entry::status)
          .containsExactly(
              TopicEventStatus.SUCCESS, TopicEventStatus.RETRY, TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("the function's own 404 drops the whole batch")
    void functionNotFoundDropsAll() {
      function.functionAnswersRaw("/bulk", 404, "application/json", "{}".getBytes());
      assertThat(await(compute.onBulkTopicEvent(batch("a", "b"))).statuses())
          .extracting(BulkTopicEventResponse.Entry::status)
          .containsOnly(TopicEventStatus.DROP);
    }
  }

  @Nested
  @DisplayName("onBindingEvent")
  class Binding {
    @Test
    @DisplayName("delivers data and metadata; the reply carries data, 'to' and concurrency")
    void deliversAndReplies() throws Exception {
      BindingEventResponse reply =
          await(
              compute.onBindingEvent(
                  new BindingEventRequest(
                      "orders-queue",
                      Payload.ofUtf8("{\"n\":1}"),
                      Map.of("fanout", "true", "x-message-id", "m-1"))));
      assertThat(reply.data().toUtf8()).isEqualTo("handled:{\"n\":1}");
      assertThat(reply.to()).containsExactly("audit", "archive");
      assertThat(reply.concurrency()).isEqualTo(BindingEventConcurrency.PARALLEL);
      BindingEventRequest seen = handler.bindingEvents.poll(5, TimeUnit.SECONDS);
      assertThat(seen).isNotNull();
      assertThat(seen.name()).isEqualTo("orders-queue");
      assertThat(seen.metadata()).containsEntry("x-message-id", "m-1");
    }

    @Test
    @DisplayName("a function error is a FunctionRejectedException with its status")
    void functionError() {
      Throwable e =
          failureOf(
              compute.onBindingEvent(
                  new BindingEventRequest("orders-queue", Payload.ofUtf8("fail"), Map.of())));
      assertThat(e).isInstanceOf(FunctionRejectedException.class);
      assertThat(((FunctionRejectedException) e).status()).isEqualTo(500);
    }

    @Test
    @DisplayName("a platform failure is a retryable error")
    void platformFailure() {
      function.platformAnswers("/orders-queue", 502, Metadata.empty(), "");
      Throwable e =
          failureOf(
              compute.onBindingEvent(
                  new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of())));
      assertThat(e).isInstanceOf(ComputeUnavailableException.class);
      assertThat(((ComputeUnavailableException) e).isRetryable()).isTrue();
    }
  }

  @Nested
  @DisplayName("subscriptions and input bindings")
  class Discovery {
    @Test
    @DisplayName(
        "lists the function's subscriptions with routes, rules, dead-letter topic and bulk settings")
    void subscriptions() {
      List<TopicSubscription> subscriptions = await(compute.listTopicSubscriptions());
      assertThat(subscriptions)
          .extracting(TopicSubscription::topic)
          .containsExactly("orders", "payments", "bulk-orders");
      TopicSubscription payments = subscriptions.get(1);
      assertThat(payments.routes().defaultPath()).isEqualTo("/payments");
      assertThat(payments.routes().rules())
          .singleElement()
          .satisfies(rule -> assertThat(rule.path()).isEqualTo("/refunds"));
      assertThat(payments.deadLetterTopic()).isEqualTo("payments-dlq");
      assertThat(subscriptions.get(2).bulk())
          .hasValueSatisfying(b -> assertThat(b.maxMessagesCount()).isEqualTo(10));
    }

    @Test
    @DisplayName(
        "a malformed subscription list is a protocol violation; the function's 404 means none")
    void malformedAndNone() {
      function.functionAnswersRaw(
          Protocol.SUBSCRIBE_PATH, 200, "application/json", "{\"not\":\"a list\"}".getBytes());
      assertThat(failureOf(compute.listTopicSubscriptions()))
          .isInstanceOf(ProtocolViolationException.class);
      function.functionAnswersRaw(Protocol.SUBSCRIBE_PATH, 404, "text/plain", new byte[0]);
      assertThat(await(compute.listTopicSubscriptions())).isEmpty();
    }

    @Test
    @DisplayName("lists the input bindings from the info document")
    void inputBindings() {
      assertThat(await(compute.listInputBindings())).containsExactly("orders-queue");
    }
  }
}
