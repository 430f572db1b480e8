package dev.daprcompute.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.InitRetry;
import dev.daprcompute.api.observation.ComputeObservation;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.wire.WireFormat;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a runtime sees of a component through its ObservationRegistry (metrics here, through
 * Micrometer's own DefaultMeterObservationHandler) and its InitListener, after a known sequence of
 * init attempts and calls against a fake function.
 */
@Timeout(60)
@DisplayName("observations, metrics and init progress of a component")
class ObservationsTest {
  /** A port nothing listens on (see {@link #boundNotListening}). */
  @AutoClose private final Socket refusing = boundNotListening();

  private static final String INFO =
      new String(
          WireFormat.writeInfo(new InfoDocument(1, "1.0.0", "test", List.of(), List.of())),
          StandardCharsets.UTF_8);
  private static final String EVENT_ID = "event-7f3a";

  private final SigningKey key = SigningKey.generateEd25519();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ObservationRegistry observations = ObservationRegistry.create();
  private final List<InitRetry> retries = new CopyOnWriteArrayList<>();
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
    meters.close();
  }

  private static MockResponse marked(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader(Protocol.MARKER_HEADER, "1")
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static MockResponse platform(int code) {
    return new MockResponse.Builder().code(code).body("the platform says no").build();
  }

  private Compute compute(ComputeContext context) {
    return ComputeProviders.provider(new HttpPlatformProvider()).create(context);
  }

  private ComponentMetadata metadata(String endpoint, Duration initTimeout) {
    return ComponentMetadata.builder("orders-fn", HttpPlatformProvider.TYPE)
        .put("endpoint", endpoint)
        .putSecret("key", key.privateKeyPem())
        .initTimeout(initTimeout)
        .build();
  }

  private static <T> T get(CompletableFuture<T> call) throws Exception {
    return call.get(10, TimeUnit.SECONDS);
  }

  private double calls(String operation, String outcome, String reason) {
    Timer timer =
        meters
            .find(ComputeObservation.CALLS_NAME)
            .tags(
                "component",
                "orders-fn",
                "type",
                "compute.http",
                "operation",
                operation,
                "outcome",
                outcome,
                "reason",
                reason)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  @DisplayName(
      "init retries and each call are counted and timed by component, operation, outcome and reason")
  void knownSequence() throws Exception {
    server.enqueue(platform(503));
    server.enqueue(platform(503));
    server.enqueue(marked(200, INFO));
    server.enqueue(marked(200, "hello")); // invoke: SUCCESS
    server.enqueue(marked(500, "oops")); // invoke: the function's 500 is still SUCCESS
    server.enqueue(marked(200, "{\"status\":\"SUCCESS\"}")); // topic event: SUCCESS
    server.enqueue(marked(200, "{\"status\":\"DROP\"}")); // DROP, the function's word
    server.enqueue(marked(200, "{\"status\":\"RETRY\"}")); // RETRY, the function's word
    server.enqueue(platform(429)); // RETRY, THROTTLED by the platform
    server.enqueue(marked(500, "broken")); // binding event: FAILURE, the function's error
    server.enqueue(platform(503)); // invoke: FAILURE, PLATFORM_ERROR
    server.enqueue(marked(200, "[]")); // subscriptions: SUCCESS

    ComputeContext context =
        ComputeContext.defaults().withObservations(observations).withInitListener(retries::add);
    try (Compute compute = compute(context)) {
      InitReport report =
          compute.init(metadata(server.url("/fn").toString(), Duration.ofSeconds(30)));
      assertThat(report.attempts()).isEqualTo(3);

      InvokeRequest invoke = InvokeRequest.of("orders/42", HttpVerb.GET);
      assertThat(get(compute.onInvoke(invoke)).status()).isEqualTo(200);
      assertThat(get(compute.onInvoke(invoke)).status()).isEqualTo(500);
      TopicEventRequest event =
          TopicEventRequest.of(
              EVENT_ID, "pubsub", "orders", Payload.ofUtf8("{}"), "application/json");
      assertThat(get(compute.onTopicEvent(event)).status()).isEqualTo(TopicEventStatus.SUCCESS);
      assertThat(get(compute.onTopicEvent(event)).status()).isEqualTo(TopicEventStatus.DROP);
      assertThat(get(compute.onTopicEvent(event)).status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(get(compute.onTopicEvent(event)).status()).isEqualTo(TopicEventStatus.RETRY);
      Throwable binding =
          catchThrowable(
              () ->
                  get(
                      compute.onBindingEvent(
                          new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of()))));
      assertThat(binding)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(FunctionRejectedException.class);
      Throwable invokeFailed = catchThrowable(() -> get(compute.onInvoke(invoke)));
      assertThat(invokeFailed).hasCauseInstanceOf(ComputeUnavailableException.class);
      assertThat(get(compute.listTopicSubscriptions())).isEmpty();
    }

    assertThat(calls("invoke", "SUCCESS", "none")).isEqualTo(2);
    assertThat(calls("topic_event", "SUCCESS", "none")).isEqualTo(1);
    assertThat(calls("topic_event", "DROP", "none")).isEqualTo(1);
    assertThat(calls("topic_event", "RETRY", "FUNCTION")).isEqualTo(1);
    assertThat(calls("topic_event", "RETRY", "THROTTLED")).isEqualTo(1);
    assertThat(calls("binding_event", "FAILURE", "FUNCTION")).isEqualTo(1);
    assertThat(calls("invoke", "FAILURE", "PLATFORM_ERROR")).isEqualTo(1);
    assertThat(calls("list_topic_subscriptions", "SUCCESS", "none")).isEqualTo(1);
    assertThat(
            meters.find(ComputeObservation.CALLS_NAME).timers().stream()
                .mapToLong(Timer::count)
                .sum())
        .as("every call counted once, init's info calls not among them")
        .isEqualTo(9);
    assertThat(
            meters
                .get(ComputeObservation.CALLS_NAME)
                .tags("operation", "invoke", "outcome", "FAILURE")
                .timer()
                .getId()
                .getTag("error"))
        .isEqualTo("ComputeUnavailableException");

    Timer retried =
        meters
            .get(ComputeObservation.INIT_ATTEMPTS_NAME)
            .tags(
                "component",
                "orders-fn",
                "type",
                "compute.http",
                "outcome",
                "RETRY",
                "reason",
                "PLATFORM_ERROR")
            .timer();
    assertThat(retried.count()).isEqualTo(2);
    assertThat(
            meters
                .get(ComputeObservation.INIT_ATTEMPTS_NAME)
                .tags("outcome", "SUCCESS", "reason", "none")
                .timer()
                .count())
        .isEqualTo(1);
    // One audience and subject, well inside the token's lifetime: one signature for all ten calls.
    assertThat(
            meters
                .get(ComputeObservation.TOKEN_SIGNINGS_NAME)
                .tags("component", "orders-fn", "type", "compute.http")
                .timer()
                .count())
        .isEqualTo(1);

    // Low cardinality, no user data: no URL, event id, path or method in any tag.
    for (Meter meter : meters.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertThat(tag.getValue())
            .as(meter.getId().toString())
            .doesNotContain(String.valueOf(server.getPort()))
            .doesNotContain(EVENT_ID)
            .doesNotContain("orders/42")
            .doesNotContain("/fn");
      }
    }
    assertThat(
            meters.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet()))
        .allMatch(name -> name.startsWith("dapr.compute."));

    // The init listener heard both retries, in order, with what failed and what was left.
    assertThat(retries).extracting(InitRetry::attempt).containsExactly(1, 2);
    for (InitRetry attempt : retries) {
      assertThat(attempt.component()).isEqualTo("orders-fn");
      assertThat(attempt.type()).isEqualTo("compute.http");
      assertThat(attempt.check()).isEqualTo("deployed");
      assertThat(attempt.failure())
          .isInstanceOfSatisfying(
              ComputeUnavailableException.class,
              u ->
                  assertThat(u.reason())
                      .isEqualTo(ComputeUnavailableException.Reason.PLATFORM_ERROR));
      assertThat(attempt.nextAttemptIn()).isPositive();
      assertThat(attempt.remaining()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
      assertThat(attempt.initTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  @DisplayName("an init that gave up is counted as FAILURE with the last reason, after its retries")
  void initThatGaveUp() throws Exception {
    int port = refusing.getLocalPort();
    ComputeContext context =
        ComputeContext.defaults().withObservations(observations).withInitListener(retries::add);
    try (Compute compute = compute(context)) {
      Throwable failed =
          catchThrowable(
              () ->
                  compute.init(
                      metadata("http://127.0.0.1:" + port + "/fn", Duration.ofMillis(600))));
      assertThat(failed)
          .hasMessageEndingWith(
              "Is the function running? Check metadata 'endpoint' of component 'orders-fn'");
    }
    Timer failure =
        meters.get(ComputeObservation.INIT_ATTEMPTS_NAME).tags("outcome", "FAILURE").timer();
    assertThat(failure.count()).isEqualTo(1);
    assertThat(failure.getId().getTag("reason")).isEqualTo("CONNECTION_FAILED");
    double retried =
        meters
            .find(ComputeObservation.INIT_ATTEMPTS_NAME)
            .tags("outcome", "RETRY")
            .timers()
            .stream()
            .mapToLong(Timer::count)
            .sum();
    assertThat(retries).as("the listener heard of the retries").isNotEmpty();
    assertThat(retried).as("one RETRY per attempt the listener heard of").isEqualTo(retries.size());
  }

  @Test
  @DisplayName("an init listener that throws does not stop init, and hears every retry")
  void throwingListener() throws Exception {
    server.enqueue(platform(502));
    server.enqueue(platform(502));
    server.enqueue(marked(200, INFO));
    ComputeContext context =
        ComputeContext.defaults()
            .withInitListener(
                retry -> {
                  retries.add(retry);
                  throw new IllegalStateException("a listener bug");
                });
    try (Compute compute = compute(context)) {
      InitReport report =
          compute.init(metadata(server.url("/fn").toString(), Duration.ofSeconds(30)));
      assertThat(report.attempts()).isEqualTo(3);
    }
    assertThat(retries).extracting(InitRetry::attempt).containsExactly(1, 2);
  }

  @Test
  @DisplayName(
      "a function that is not deployed fails init at once, without the unreachable-function hint")
  void noHintWhenNotDeployed() {
    server.enqueue(platform(404));
    try (Compute compute = compute(ComputeContext.defaults().withInitListener(retries::add))) {
      Throwable failed =
          catchThrowable(
              () -> compute.init(metadata(server.url("/fn").toString(), Duration.ofSeconds(30))));
      assertThat(failed)
          .isInstanceOf(dev.daprcompute.api.ComputeInitException.class)
          .hasMessageNotContaining("Is the function running?");
    }
    assertThat(retries).as("nothing retried").isEmpty();
  }

  @Test
  @DisplayName(
      "what a tracing handler sees: spans named '<operation> <component>' and 'init <component>', with the keys")
  void spans() throws Exception {
    server.enqueue(marked(200, INFO));
    server.enqueue(marked(200, "hello"));
    ObservationRegistry tracing = ObservationRegistry.create();
    List<String> spans = new CopyOnWriteArrayList<>();
    tracing
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }

              @Override
              public void onStop(Observation.Context context) {
                // A tracing handler names the span by the contextual name, else the observation's
                // name.
                String name =
                    context.getContextualName() != null
                        ? context.getContextualName()
                        : context.getName();
                spans.add(
                    name
                        + " "
                        + context.getLowCardinalityKeyValues().stream()
                            .map(k -> k.getKey() + "=" + k.getValue())
                            .sorted()
                            .toList());
              }
            });
    try (Compute compute = compute(ComputeContext.defaults().withObservations(tracing))) {
      compute.init(metadata(server.url("/fn").toString(), Duration.ofSeconds(30)));
      assertThat(get(compute.onInvoke(InvokeRequest.of("a", HttpVerb.GET))).status())
          .isEqualTo(200);
    }
    assertThat(spans)
        .containsExactly(
            "dapr.compute.token.signings [component=orders-fn, type=compute.http]",
            "init orders-fn [component=orders-fn, outcome=SUCCESS, reason=none, type=compute.http]",
            "invoke orders-fn [component=orders-fn, operation=invoke, outcome=SUCCESS, reason=none, type=compute.http]");
  }

  @Test
  @DisplayName("a handler that throws fails neither init, nor a signature, nor a call")
  void throwingHandler() throws Exception {
    server.enqueue(platform(503));
    server.enqueue(marked(200, INFO));
    server.enqueue(marked(200, "hello"));
    server.enqueue(marked(200, "{\"status\":\"DROP\"}"));
    ObservationRegistry broken = ObservationRegistry.create();
    List<String> stopped = new CopyOnWriteArrayList<>();
    broken
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }

              @Override
              public void onStart(Observation.Context context) {
                if (context.getName().equals(ComputeObservation.TOKEN_SIGNINGS_NAME)) {
                  throw new IllegalStateException("a handler bug on start");
                }
              }

              @Override
              public void onStop(Observation.Context context) {
                stopped.add(context.getName());
                throw new IllegalStateException("a handler bug on stop");
              }
            });
    try (Compute compute = compute(ComputeContext.defaults().withObservations(broken))) {
      assertThat(
              compute
                  .init(metadata(server.url("/fn").toString(), Duration.ofSeconds(30)))
                  .attempts())
          .isEqualTo(2);
      assertThat(get(compute.onInvoke(InvokeRequest.of("a", HttpVerb.GET))).status())
          .isEqualTo(200);
      assertThat(
              get(compute.onTopicEvent(
                      TopicEventRequest.of(
                          EVENT_ID, "pubsub", "orders", Payload.ofUtf8("{}"), "application/json")))
                  .status())
          .isEqualTo(TopicEventStatus.DROP);
    }
    assertThat(stopped)
        .containsExactly(
            ComputeObservation.INIT_ATTEMPTS_NAME,
            ComputeObservation.INIT_ATTEMPTS_NAME,
            ComputeObservation.CALLS_NAME,
            ComputeObservation.CALLS_NAME);
  }

  @Test
  @DisplayName("a call on a cancelled future is counted as FAILURE, CANCELLED")
  void cancelledCall() throws Exception {
    server.enqueue(marked(200, INFO));
    // The second request is never answered: the call waits until it is cancelled.
    try (Compute compute = compute(ComputeContext.defaults().withObservations(observations))) {
      compute.init(metadata(server.url("/fn").toString(), Duration.ofSeconds(10)));
      CompletableFuture<?> call =
          compute.onInvoke(
              InvokeRequest.of("slow", HttpVerb.GET), CallOptions.timeout(Duration.ofSeconds(30)));
      assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull(); // the info call
      call.cancel(true);
    }
    assertThat(
            meters
                .get(ComputeObservation.CALLS_NAME)
                .tags("outcome", "FAILURE", "reason", "CANCELLED")
                .timer()
                .count())
        .isEqualTo(1);
  }

  /**
   * A socket bound to a loopback port but not listening, held for the test: connections to the port
   * are refused at once, and no other process can take the port meanwhile (closing a probe socket
   * first would leave it free for anyone).
   */
  private static Socket boundNotListening() {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return socket;
  }
}
