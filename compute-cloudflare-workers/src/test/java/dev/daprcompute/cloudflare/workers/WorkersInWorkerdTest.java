package dev.daprcompute.cloudflare.workers;

import static dev.daprcompute.cloudflare.workers.Components.await;
import static dev.daprcompute.cloudflare.workers.Components.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.cloudflare.workers.workerd.Workerd;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig.Binding;
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
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/**
 * compute.cloudflare.workers (a worker the user deployed: {@code workerUrl}) driving real workerd:
 * the bundled jump worker in front of the sample user's worker ({@code target-worker.js}, an
 * ordinary Dapr HTTP app reachable only through the service binding). Init, invocations, topic
 * events, bulk, bindings and subscriptions go through the Java component as Dapr would send them;
 * tokens that are expired, for another audience, tampered with, signed by an unknown key or by a
 * key the worker no longer has are refused by the worker itself. One workerd for the class.
 */
@DisplayName("compute.cloudflare.workers against real workerd")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkersInWorkerdTest {
  private static final String WORKER = "orders-worker";

  private static SigningKey current;
  private static SigningKey rotated;
  private static Workerd workerd;
  private static String skipped;
  private static Components components;
  private static Compute compute;

  @BeforeAll
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // the first run installs workerd from npm
  static void start() throws IOException {
    JumpWorkerBundle bundle = JumpWorkerBundle.load();
    current = SigningKey.generateEd25519();
    rotated = SigningKey.generateEd25519();
    String bothKeys = "{\"keys\":[" + current.publicJwk() + "," + rotated.publicJwk() + "]}";
    WorkerdConfig config =
        WorkerdConfig.builder()
            .worker("target", UploadedWorkers.targetWorker())
            .worker(
                "jump",
                bundle.worker(
                    List.of(
                        Binding.json(bundle.publicKeysBinding(), bothKeys),
                        Binding.text(bundle.audienceBinding(), WORKER),
                        Binding.service(bundle.targetBinding(), "target"),
                        Binding.json(bundle.inputBindingsBinding(), "[\"checkout\"]"))))
            .worker(
                "jump-old-key",
                bundle.worker(
                    List.of(
                        Binding.json(bundle.publicKeysBinding(), current.publicJwkSet()),
                        Binding.text(bundle.audienceBinding(), WORKER),
                        Binding.service(bundle.targetBinding(), "target"))))
            .expose("jump")
            .expose("jump-old-key")
            .build();
    try {
      workerd = Workerd.start(config);
    } catch (TestAbortedException e) {
      skipped = e.getMessage(); // no Node here: each test is skipped, so the counts show it
      return;
    }
    components = new Components();
    compute = components.open(metadata("jump", current).build());
  }

  @BeforeEach
  void workerdRuns() {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
  }

  @AfterAll
  static void stop() {
    if (components != null) {
      components.close();
    }
    if (workerd != null) {
      workerd.close();
    }
  }

  private static ComponentMetadata.Builder metadata(String service, SigningKey key) {
    return Components.direct("orders", workerd.url(service).toString(), WORKER, key);
  }

  private static JsonNode json(Payload payload) throws IOException {
    return Json.MAPPER.readTree(payload.unsafeArray());
  }

  private static TopicEventRequest event(String id, String answer) {
    return TopicEventRequest.of(
        id,
        "pubsub",
        "orders",
        Payload.ofUtf8("{\"answer\":\"" + answer + "\"}"),
        "application/json");
  }

  @Nested
  @DisplayName("init")
  class Init {
    @Test
    @DisplayName(
        "reads the jump worker's info document: protocol 1, its version and SDK, bulk from the user's subscriptions, INPUT_BINDINGS")
    void readsTheJumpWorkersInfo() {
      InitReport report = components.init(metadata("jump", current).build());

      JumpWorker bundled = JumpWorker.bundled();
      assertThat(report.protocol()).isEqualTo(1);
      assertThat(report.functionVersion()).isEqualTo(bundled.version().toString());
      assertThat(report.sdk()).isEqualTo(bundled.sdk());
      assertThat(report.functionFeatures()).contains(Feature.BULK_TOPIC_EVENTS);
      assertThat(report.inputBindings()).containsExactly("checkout");
      assertThat(report.checks())
          .extracting(InitCheck::name)
          .containsExactly("deployed", "auth", "protocol", "version");
      assertThat(report.check("auth").orElseThrow().detail())
          .contains(current.keyId())
          .contains("'" + WORKER + "'");
    }

    @Test
    @DisplayName("fails naming 'version' when the jump worker is older than minVersion")
    void minVersion() {
      ComputeInitException e =
          components.initFailure(metadata("jump", current).put("minVersion", "99.0.0").build());
      assertThat(e.failedCheck()).isEqualTo("version");
      assertThat(e.getMessage())
          .contains(JumpWorker.bundled().version().toString())
          .contains("99.0.0");
    }
  }

  @Nested
  @DisplayName("invocations")
  class Invocations {
    @ParameterizedTest
    @EnumSource(
        value = HttpVerb.class,
        names = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    @DisplayName("reach the user's worker with verb, path, query and headers, without our token")
    void reachTheUsersWorker(HttpVerb verb) throws IOException {
      boolean body = verb != HttpVerb.GET && verb != HttpVerb.OPTIONS;
      InvokeRequest request =
          new InvokeRequest(
              "orders/42",
              body ? Payload.ofUtf8("{\"n\":1}") : Payload.empty(),
              body ? "application/json" : "",
              verb,
              "x=1&y=a%20b",
              Metadata.of("x-tenant", "t1"));

      InvokeResponse response = await(compute.onInvoke(request));

      assertThat(response.status()).as(response.data().toUtf8()).isEqualTo(200);
      JsonNode echo = json(response.data());
      assertThat(echo.get("method").asText()).isEqualTo(verb.name());
      assertThat(echo.get("path").asText()).isEqualTo("/orders/42");
      assertThat(echo.get("query").asText()).isEqualTo("x=1&y=a%20b");
      assertThat(echo.at("/headers/x-tenant").asText()).isEqualTo("t1");
      assertThat(echo.get("body").asText()).isEqualTo(body ? "{\"n\":1}" : "");
      assertThat(echo.get("headers").has("authorization"))
          .as("the token stays with the jump worker")
          .isFalse();
    }

    @Test
    @DisplayName(
        "the user's 500 and 404 are its answers, and a worker that throws is the platform failing")
    void answersAndFailures() {
      InvokeResponse failed = await(compute.onInvoke(InvokeRequest.of("fail", HttpVerb.GET)));
      assertThat(failed.status()).isEqualTo(500);
      assertThat(failed.data().toUtf8()).isEqualTo("the app failed");
      assertThat(
              await(
                      compute.onInvoke(
                          InvokeRequest.of("anything", HttpVerb.GET).withQueryString("status=404")))
                  .status())
          .isEqualTo(404);

      Throwable thrown = failureOf(compute.onInvoke(InvokeRequest.of("throw", HttpVerb.GET)));
      assertThat(thrown).isInstanceOf(ComputeUnavailableException.class);
      assertThat(((ComputeUnavailableException) thrown).reason())
          .isEqualTo(ComputeUnavailableException.Reason.FUNCTION_CRASHED);
      assertThat(thrown.getMessage()).contains("TARGET").doesNotContain("the app crashed");
    }
  }

  @Nested
  @DisplayName("topic events, bulk, bindings, subscriptions")
  class Events {
    @ParameterizedTest
    @ValueSource(strings = {"SUCCESS", "RETRY", "DROP"})
    @DisplayName("a topic event ends as the user's worker answered")
    void topicStatus(String status) {
      assertThat(await(compute.onTopicEvent(event("e-" + status, status))).status())
          .isEqualTo(TopicEventStatus.valueOf(status));
    }

    @Test
    @DisplayName("the user's 404 is DROP, its crash is RETRY")
    void topicNotFoundAndCrash() {
      assertThat(await(compute.onTopicEvent(event("e-404", "NOTFOUND"))).status())
          .isEqualTo(TopicEventStatus.DROP);
      assertThat(
              await(compute.onTopicEvent(event("e-throw", "SUCCESS").withPath("/throw"))).status())
          .isEqualTo(TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("a bulk batch gets the user's status per entry")
    void bulk() {
      List<BulkTopicEventEntry> entries =
          List.of(entry("1", "SUCCESS"), entry("2", "RETRY"), entry("3", "DROP"));
      BulkTopicEventRequest batch =
          new BulkTopicEventRequest(
              "b-1",
              entries,
              Map.of(),
              "audit",
              "pubsub",
              BulkTopicEventRequest.BULK_TYPE,
              "/audit");

      BulkTopicEventResponse response = await(compute.onBulkTopicEvent(batch));

      assertThat(response.statuses())
          .containsExactly(
              new BulkTopicEventResponse.Entry("1", TopicEventStatus.SUCCESS),
              new BulkTopicEventResponse.Entry("2", TopicEventStatus.RETRY),
              new BulkTopicEventResponse.Entry("3", TopicEventStatus.DROP));
    }

    private BulkTopicEventEntry entry(String id, String answer) {
      return new BulkTopicEventEntry(
          id,
          new BulkTopicEventEntry.CloudEvent(
              "ev-" + id,
              "Dapr",
              "com.dapr.event.sent",
              "1.0",
              "application/json",
              Payload.ofUtf8("{\"answer\":\"" + answer + "\"}"),
              Map.of()),
          "application/cloudevents+json",
          Map.of());
    }

    @Test
    @DisplayName("a binding event gets the user's reply, with its output bindings and concurrency")
    void bindingReply() {
      BindingEventResponse response =
          await(
              compute.onBindingEvent(
                  new BindingEventRequest(
                      "checkout", Payload.ofUtf8("order 7"), Map.of("key", "v"))));

      assertThat(response.data().toUtf8()).isEqualTo("receipt for order 7");
      assertThat(response.to()).containsExactly("out1", "out2");
      assertThat(response.concurrency()).isEqualTo(BindingEventConcurrency.PARALLEL);
    }

    @Test
    @DisplayName("the subscriptions are the user's worker's own")
    void subscriptions() {
      List<TopicSubscription> subscriptions = await(compute.listTopicSubscriptions());

      assertThat(subscriptions)
          .extracting(TopicSubscription::topic)
          .containsExactly("orders", "audit");
      assertThat(subscriptions.get(1).bulk())
          .hasValueSatisfying(bulk -> assertThat(bulk.enabled()).isTrue());
      assertThat(await(compute.listInputBindings())).containsExactly("checkout");
    }
  }

  @Nested
  @DisplayName("tokens the worker refuses: init fails naming 'auth' with the worker's reason")
  class Tokens {
    @Test
    @DisplayName("an expired token")
    void expired() {
      ComputeContext late =
          new ComputeContext(
              ComputeContext.defaults().httpClient(),
              Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)),
              Components.APP_ID);
      assertRefused(
          components.initFailure(metadata("jump", current).build(), late), "token expired at ");
    }

    @Test
    @DisplayName("a token for another audience")
    void wrongAudience() {
      assertRefused(
          components.initFailure(
              metadata("jump", current).put("audience", "payments-worker").build()),
          "wrong audience 'payments-worker'; this function accepts '" + WORKER + "'");
    }

    @Test
    @DisplayName("a token tampered with on the way")
    void tampered() {
      OkHttpClient tampering =
          ComputeContext.defaults()
              .httpClient()
              .newBuilder()
              .addInterceptor(WorkersInWorkerdTest::tamper)
              .build();
      ComputeContext context = new ComputeContext(tampering, Clock.systemUTC(), Components.APP_ID);
      assertRefused(
          components.initFailure(metadata("jump", current).build(), context),
          "bad signature: the token was not signed by key '" + current.keyId() + "'");
    }

    @Test
    @DisplayName("a token of a key the worker does not know")
    void unknownKey() {
      SigningKey stranger = SigningKey.generateEd25519();
      ComputeInitException e = components.initFailure(metadata("jump", stranger).build());
      assertRefused(e, "unknown key id '" + stranger.keyId() + "'");
      assertThat(e.getMessage()).doesNotContain(stranger.privateKeyPem());
    }

    @Test
    @DisplayName(
        "a rotated key: accepted by a worker whose set has both keys, refused by one that has only the old key")
    void rotatedKey() {
      assertThat(
              components
                  .init(metadata("jump", rotated).build())
                  .check("auth")
                  .orElseThrow()
                  .outcome())
          .isEqualTo(InitCheck.Outcome.PASSED);
      assertRefused(
          components.initFailure(metadata("jump-old-key", rotated).build()),
          "unknown key id '" + rotated.keyId() + "'");
    }

    private void assertRefused(ComputeInitException e, String why) {
      assertThat(e.failedCheck()).as(e.getMessage()).isEqualTo("auth");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage()).contains(why);
    }
  }

  /** Swaps the token's claims for others signed by nobody: the signature no longer fits. */
  private static okhttp3.Response tamper(Interceptor.Chain chain) throws IOException {
    okhttp3.Request request = chain.request();
    String authorization = request.header("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return chain.proceed(request);
    }
    String[] parts = authorization.substring(7).split("\\.");
    String claims =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"sub\":\"" + Components.APP_ID + "\"", "\"sub\":\"admin\"");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    return chain.proceed(request.newBuilder().header("Authorization", "Bearer " + forged).build());
  }
}
