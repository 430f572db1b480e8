package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The delivery rules no platform fake can provoke: errors thrown inside the component, init's
 * back-off against a platform that says "retry now", a platform 413.
 */
@Timeout(30)
class DeliveryRulesTest {
  private static final String INFO =
      new String(
          WireFormat.writeInfo(new InfoDocument(1, "1.0.0", "", List.of(), List.of())),
          java.nio.charset.StandardCharsets.UTF_8);

  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A transport to the mock server whose request and reply steps can be made to throw. */
  private static class Rigged implements PlatformTransport {
    private final HttpUrl base;
    final AtomicReference<Function<FunctionRequest, RuntimeException>> beforeSend =
        new AtomicReference<>();
    final AtomicReference<Error> onReply = new AtomicReference<>();
    final AtomicReference<Error> onSend = new AtomicReference<>();

    /** The next reply is read as queued under this id, as Lambda's Event invocations are. */
    final AtomicReference<String> queue = new AtomicReference<>();

    Rigged(HttpUrl base) {
      this.base = base;
    }

    @Override
    public String platformName() {
      return "a rigged platform";
    }

    @Override
    public String functionName() {
      return "fn";
    }

    @Override
    public OkHttpClient httpClient() {
      return ComputeContext.defaults().httpClient();
    }

    @Override
    public Request toHttpRequest(FunctionRequest request) {
      Error error = onSend.getAndSet(null);
      if (error != null) {
        throw error;
      }
      return HttpRequests.below(base, request).build();
    }

    @Override
    public PlatformResponse fromHttpResponse(
        FunctionRequest request, int status, Metadata headers, Payload body) {
      Error error = onReply.getAndSet(null);
      if (error != null) {
        throw error;
      }
      String callId = queue.getAndSet(null);
      return callId != null
          ? PlatformResponse.queued(callId)
          : PlatformResponse.of(status, headers, body);
    }
  }

  private static MockResponse info() {
    return new MockResponse.Builder()
        .code(200)
        .addHeader(Protocol.MARKER_HEADER, "1")
        .body(INFO)
        .build();
  }

  private static MockResponse marked(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader(Protocol.MARKER_HEADER, "1")
        .body(body)
        .build();
  }

  private Compute open(Rigged transport, String... extra) {
    Compute compute = TestPlatform.compute(transport);
    ComponentMetadata.Builder metadata =
        ComponentMetadata.builder("fn", "compute.test")
            .putSecret("key", SigningKey.generateEd25519().privateKeyPem())
            .initTimeout(Duration.ofSeconds(2));
    for (int i = 0; i < extra.length; i += 2) {
      metadata.put(extra[i], extra[i + 1]);
    }
    compute.init(metadata.build());
    return compute;
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName(
      "an Error while reading a reply fails the call at once (a topic event is RETRY), and is rethrown")
  void errorWhileReadingAReply() throws Exception {
    server.enqueue(info());
    server.enqueue(marked(200, "{\"status\":\"SUCCESS\"}"));
    server.enqueue(marked(200, "{\"status\":\"SUCCESS\"}"));
    Rigged transport = new Rigged(server.url("/"));
    try (Compute compute = open(transport, "maxConcurrency", "1")) {
      transport.onReply.set(new OutOfMemoryError("simulated: a 64 MiB answer under -Xmx192m"));
      TopicEventRequest event =
          TopicEventRequest.of("e1", "pubsub", "orders", Payload.ofUtf8("x"), "text/plain");
      var outcome = get(compute.onTopicEvent(event, CallOptions.timeout(Duration.ofSeconds(60))));
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(outcome.reason())
          .contains("OutOfMemoryError")
          .contains("failed inside the component");
      // The only slot was given back: the next call runs.
      assertThat(get(compute.onTopicEvent(event)).status()).isEqualTo(TopicEventStatus.SUCCESS);
    }
  }

  @Test
  @DisplayName("an Error while building a request reaches the caller, and the component goes on")
  void errorWhileBuildingARequest() throws Exception {
    server.enqueue(info());
    server.enqueue(marked(200, "ok"));
    Rigged transport = new Rigged(server.url("/"));
    try (Compute compute = open(transport)) {
      transport.onSend.set(new StackOverflowError("simulated"));
      Throwable thrown =
          catchThrowable(() -> compute.onInvoke(InvokeRequest.of("a", HttpVerb.GET)));
      assertThat(thrown).isInstanceOf(StackOverflowError.class);
      assertThat(get(compute.onInvoke(InvokeRequest.of("b", HttpVerb.GET))).status())
          .isEqualTo(200);
    }
  }

  @Test
  @DisplayName(
      "init backs off even when the platform answers 503 with Retry-After: 0 (no hot loop)")
  void initBacksOffWhateverRetryAfterSays() {
    for (int i = 0; i < 200; i++) {
      server.enqueue(
          new MockResponse.Builder().code(503).addHeader("Retry-After", "0").body("busy").build());
    }
    Rigged transport = new Rigged(server.url("/"));
    ComponentMetadata.Builder metadata =
        ComponentMetadata.builder("fn", "compute.test")
            .putSecret("key", SigningKey.generateEd25519().privateKeyPem())
            .initTimeout(Duration.ofSeconds(1));
    Compute compute = TestPlatform.compute(transport);
    Throwable thrown = catchThrowable(() -> compute.init(metadata.build()));
    assertThat(thrown).isInstanceOf(ComputeInitException.class);
    // 100 ms doubling to 2 s: about six attempts fit in a second; a hot loop makes about 150.
    assertThat(server.getRequestCount()).as("attempts in one second").isBetween(2, 12);
  }

  @Test
  @DisplayName(
      "a Retry-After too large for any clock fails init with its reason, not an ArithmeticException")
  void hugeRetryAfterDuringInit() {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .addHeader("Retry-After", String.valueOf(Long.MAX_VALUE))
            .build());
    Rigged transport = new Rigged(server.url("/"));
    Compute compute = TestPlatform.compute(transport);
    Throwable thrown =
        catchThrowable(
            () ->
                compute.init(
                    ComponentMetadata.builder("fn", "compute.test")
                        .putSecret("key", SigningKey.generateEd25519().privateKeyPem())
                        .initTimeout(Duration.ofSeconds(5))
                        .build()));
    assertThat(thrown)
        .isInstanceOf(ComputeInitException.class)
        .hasMessageContaining("Retry-After")
        .hasMessageContaining("past initTimeout");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a platform 413 fails an invocation as a request error (not retryable); a topic event stays RETRY")
  void platform413() throws Exception {
    server.enqueue(info());
    server.enqueue(new MockResponse.Builder().code(413).body("Request Entity Too Large").build());
    server.enqueue(new MockResponse.Builder().code(413).body("Request Entity Too Large").build());
    server.enqueue(marked(413, "the function's own 413"));
    Rigged transport = new Rigged(server.url("/"));
    try (Compute compute = open(transport)) {
      Throwable failure =
          catchThrowable(
              () ->
                  get(
                      compute.onInvoke(
                          new InvokeRequest(
                              "upload",
                              Payload.ofUtf8("big"),
                              "text/plain",
                              HttpVerb.POST,
                              "",
                              Metadata.empty()))));
      assertThat(failure)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ComputeRequestException.class)
          .hasMessageContaining("413")
          .hasMessageContaining("too large");
      assertThat(((ComputeException) failure.getCause()).isRetryable()).isFalse();
      TopicEventRequest event =
          TopicEventRequest.of("e1", "pubsub", "orders", Payload.ofUtf8("x"), "text/plain");
      assertThat(get(compute.onTopicEvent(event)).status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(get(compute.onInvoke(InvokeRequest.of("upload", HttpVerb.GET))).status())
          .as("the function's own 413 is its answer")
          .isEqualTo(413);
    }
  }

  @Test
  @DisplayName(
      "when initTimeout cuts the last attempt short, init reports the last real cause, not that timeout")
  void initReportsTheRealCause() {
    java.util.concurrent.atomic.AtomicInteger attempts =
        new java.util.concurrent.atomic.AtomicInteger();
    Rigged transport =
        new Rigged(server.url("/")) {
          @Override
          public List<dev.daprcompute.api.InitCheck> checkPlatform(
              dev.daprcompute.api.spi.InitAttempt attempt) {
            if (attempts.incrementAndGet() == 1) {
              throw new dev.daprcompute.api.ComputeUnavailableException(
                  dev.daprcompute.api.ComputeUnavailableException.Reason.PLATFORM_ERROR,
                  "the function is being updated",
                  null);
            }
            // A slow platform: this attempt runs into initTimeout.
            try {
              TimeUnit.NANOSECONDS.sleep(attempt.deadline().remaining().toNanos());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new dev.daprcompute.api.ComputeUnavailableException(
                dev.daprcompute.api.ComputeUnavailableException.Reason.TIMEOUT,
                "the platform check did not finish",
                null);
          }
        };
    Compute compute = TestPlatform.compute(transport);
    Throwable thrown =
        catchThrowable(
            () ->
                compute.init(
                    ComponentMetadata.builder("fn", "compute.test")
                        .putSecret("key", SigningKey.generateEd25519().privateKeyPem())
                        .initTimeout(Duration.ofMillis(800))
                        .build()));
    assertThat(thrown)
        .isInstanceOf(ComputeInitException.class)
        .hasMessageContaining("being updated")
        .hasMessageNotContaining("did not finish");
    assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName(
      "a binding event the platform queued is accepted as queued; any other call answered so fails plainly")
  void queuedAnswers() throws Exception {
    server.enqueue(info());
    server.enqueue(new MockResponse.Builder().code(202).build());
    server.enqueue(new MockResponse.Builder().code(202).build());
    Rigged transport = new Rigged(server.url("/"));
    try (Compute compute = open(transport)) {
      transport.queue.set("req-1");
      BindingEventResponse reply =
          get(
              compute.onBindingEvent(
                  new BindingEventRequest(
                      "orders-queue", Payload.ofUtf8("{}"), java.util.Map.of())));
      assertThat(reply.isQueued()).isTrue();
      assertThat(reply.queuedAs()).isEqualTo("req-1");
      assertThat(reply.data().isEmpty()).isTrue();

      transport.queue.set("req-2");
      Throwable failure =
          catchThrowable(() -> get(compute.onInvoke(InvokeRequest.of("orders", HttpVerb.GET))));
      assertThat(failure)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ComputeException.class)
          .hasMessageContaining("only a binding event may be");
    }
  }
}
