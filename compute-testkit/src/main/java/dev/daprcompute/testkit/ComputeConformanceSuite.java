package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.function.token.VerifiedToken;
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
import dev.daprcompute.protocol.wire.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rules every compute provider must keep (protocol.md), checked against the provider's
 * platform fake. A provider module extends this class once:
 *
 * <pre>{@code
 * class AwsLambdaConformanceTest extends ComputeConformanceSuite {
 *   protected ComputeProvider provider() { return ComputeProviders.provider(new AwsLambdaPlatformProvider()); }
 *   protected PlatformFake startFake() { return AwsLambdaFake.start("orders-fn"); }
 * }
 * }</pre>
 *
 * <p>Tests are named for the rule they check: {@code required_...} for what every provider must do,
 * {@code optional_...} for capabilities a provider declares in {@link Compute#features()}; those
 * skip visibly (a JUnit assumption) when the feature is absent, and never pass empty. When a test
 * fails, its display name says the rule; protocol.md says why it matters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ComputeConformanceSuite {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  /** The provider under test. */
  protected abstract ComputeProvider provider();

  /** A started fake of the provider's platform, in front of a {@link ReferenceFunction}. */
  protected abstract PlatformFake startFake();

  /** The app ID the components serve; it must arrive as the token's {@code sub}. */
  protected String appId() {
    return "conformance-app";
  }

  /**
   * The context components are created with: its shared HTTP client is set up as a careless
   * runtime might set up its own, with OkHttp's redirect following on and short timeouts of
   * OkHttp's own (300 ms), so that a provider which keeps the client's judgement instead of its
   * component's rules (protocol.md section 5) fails here.
   */
  protected ComputeContext context() {
    return new ComputeContext(CarelessClient.INSTANCE, java.time.Clock.systemUTC(), appId());
  }

  /** The fake, started once for the class. */
  protected PlatformFake fake;

  /** A component initialised against the fake, shared by the tests that do not need their own. */
  protected Compute compute;

  private final List<Compute> opened = new ArrayList<>();

  @BeforeAll
  final void startConformance() {
    fake = startFake();
    compute = open(metadata -> { });
  }

  @AfterAll
  final void stopConformance() {
    opened.forEach(Compute::close);
    if (fake != null) {
      fake.close();
    }
  }

  @BeforeEach
  final void resetFake() {
    fake.reset();
  }

  /** A new component for the fake, with {@code customize} applied to its metadata, initialised. */
  protected final Compute open(Consumer<ComponentMetadata.Builder> customize) {
    ComponentMetadata.Builder metadata = fake.component("conformance").initTimeout(Duration.ofSeconds(5));
    customize.accept(metadata);
    Compute created = provider().create(context());
    opened.add(created);
    created.init(metadata.build());
    return created;
  }

  /** The init failure of a new component with {@code customize} applied. */
  protected final ComputeInitException initFailure(Consumer<ComponentMetadata.Builder> customize) {
    Throwable thrown = catchThrowable(() -> open(customize));
    assertThat(thrown).as("init must fail with ComputeInitException").isInstanceOf(ComputeInitException.class);
    return (ComputeInitException) thrown;
  }

  protected static <T> T await(CompletableFuture<T> future) {
    return future.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  protected static Throwable failureOf(CompletableFuture<?> future) {
    Throwable thrown = catchThrowable(() -> future.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join());
    assertThat(thrown).as("the call must fail").isInstanceOf(CompletionException.class);
    Throwable cause = thrown.getCause();
    if (cause == null) {
      throw new AssertionError("the call failed with a CompletionException that has no cause");
    }
    return cause;
  }

  /** The token {@code request} carried, failing the test when the function rejected it. */
  private static VerifiedToken verifiedToken(ReceivedRequest request) {
    VerifiedToken token = request.token();
    if (token == null) {
      throw new AssertionError("the function rejected the token: " + request.rejection());
    }
    return token;
  }

  protected static TopicEventRequest event(String data) {
    return TopicEventRequest.of("ev-" + data, "pubsub", "orders", Payload.ofUtf8(data), "text/plain");
  }

  protected static BulkTopicEventRequest batch(String... data) {
    List<BulkTopicEventEntry> entries = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      entries.add(new BulkTopicEventEntry("e" + i, new BulkTopicEventEntry.CloudEvent("id-" + i, "Dapr",
          "com.dapr.event.sent", "1.0", "text/plain", Payload.ofUtf8(data[i]), Map.of()),
          Protocol.CLOUDEVENTS_JSON, Map.of()));
    }
    return new BulkTopicEventRequest("batch-1", entries, Map.of(), "bulk-orders", "pubsub",
        BulkTopicEventRequest.BULK_TYPE, "/bulk");
  }

  private static Map<?, ?> echoed(InvokeResponse reply) {
    try {
      return Json.MAPPER.readValue(reply.data().unsafeArray(), Map.class);
    } catch (java.io.IOException e) {
      throw new AssertionError("the echo reply is not JSON: " + reply.data().toUtf8(), e);
    }
  }

  private static JsonNode json(Payload body) {
    try {
      return Json.MAPPER.readTree(body.unsafeArray());
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + body.toUtf8(), e);
    }
  }

  private static TopicEventStatus statusOf(CompletableFuture<TopicEventResponse> outcome) {
    return await(outcome).status();
  }

  private static ComputeUnavailableException unavailable(CompletableFuture<?> call) {
    Throwable failure = failureOf(call);
    assertThat(failure).as("a platform failure must be a ComputeUnavailableException")
        .isInstanceOf(ComputeUnavailableException.class);
    ComputeUnavailableException e = (ComputeUnavailableException) failure;
    boolean operatorMustAct = e.reason() == ComputeUnavailableException.Reason.NOT_DEPLOYED
        || e.reason() == ComputeUnavailableException.Reason.PLATFORM_CREDENTIALS;
    assertThat(e.isRetryable()).as("platform failures are retryable, unless an operator must act (%s)", e.reason())
        .isEqualTo(!operatorMustAct);
    return e;
  }

  // ==================================================================================== init

  @Nested
  @DisplayName("init")
  class Init {
    @Test
    @DisplayName("init proves the function is deployed, accepts our token, and speaks a supported protocol and version")
    void required_initReportsDeployedAuthProtocolAndVersion() {
      Compute fresh = provider().create(context());
      opened.add(fresh);
      InitReport report = fresh.init(fake.component("conformance-init").build());
      assertThat(report.checks()).extracting(InitCheck::name).contains("deployed", "auth", "protocol", "version");
      assertThat(report.checks()).allSatisfy(check -> assertThat(check.outcome()).isNotEqualTo(InitCheck.Outcome.FAILED));
      assertThat(report.protocol()).isEqualTo(Protocol.VERSION);
      assertThat(report.functionVersion()).isEqualTo(ReferenceFunction.VERSION);
      assertThat(report.inputBindings()).containsExactlyElementsOf(ReferenceFunction.INPUT_BINDINGS);
    }

    @Test
    @DisplayName("init calls GET /.well-known/dapr/info with a token the function accepts")
    void required_initCallsTheInfoPathWithAValidToken() {
      open(metadata -> { });
      List<ReceivedRequest> info = fake.function().received(Protocol.INFO_PATH);
      assertThat(info).isNotEmpty();
      assertThat(info).allSatisfy(request -> {
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.token()).as("token rejected: %s", request.rejection()).isNotNull();
      });
    }

    @Test
    @DisplayName("init fails naming 'deployed' when the platform does not know the function")
    void required_initFailsWhenNotDeployed() {
      fake.failAlways(PlatformFault.notFound());
      ComputeInitException e = initFailure(metadata -> { });
      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.getMessage()).contains("conformance");
    }

    @Test
    @DisplayName("init fails naming 'credentials' when the platform refuses the platform credential")
    void required_initFailsOnABadPlatformCredential() {
      fake.failAlways(PlatformFault.unauthorized());
      ComputeInitException e = initFailure(metadata -> { });
      assertThat(e.failedCheck()).isEqualTo("credentials");
      assertThat(e.isRetryable()).isFalse();
    }

    @Test
    @DisplayName("init fails naming 'auth', with the function's reason, when the function rejects the token")
    void required_initFailsWhenTheTokenIsRejected() {
      SigningKey stranger = SigningKey.generateEd25519();
      ComputeInitException e = initFailure(metadata -> metadata.putSecret("key", stranger.privateKeyPem()));
      assertThat(e.failedCheck()).isEqualTo("auth");
      assertThat(e.getMessage()).contains(stranger.keyId()).doesNotContain(stranger.privateKeyPem());
    }

    @Test
    @DisplayName("init fails naming 'protocol' and both versions when the function speaks another protocol")
    void required_initFailsOnAnUnsupportedProtocol() {
      fake.function().announce(Protocol.VERSION + 1, "9.0.0");
      ComputeInitException e = initFailure(metadata -> { });
      assertThat(e.failedCheck()).isEqualTo("protocol");
      assertThat(e.getMessage()).contains("protocol " + (Protocol.VERSION + 1)).contains(String.valueOf(Protocol.VERSION));
    }

    @Test
    @DisplayName("init fails naming 'version' when the function is older than minVersion")
    void required_initFailsBelowMinVersion() {
      ComputeInitException e = initFailure(metadata -> metadata.put("minVersion", "9.1.0"));
      assertThat(e.failedCheck()).isEqualTo("version");
      assertThat(e.getMessage()).contains(ReferenceFunction.VERSION).contains("9.1.0");
    }

    @Test
    @DisplayName("init retries through cold starts and succeeds when the platform recovers")
    void required_initRetriesThroughColdStarts() {
      fake.failNext(2, PlatformFault.coldStart(Duration.ofMillis(50)));
      Compute recovered = provider().create(context());
      opened.add(recovered);
      InitReport report = recovered.init(fake.component("conformance-cold").initTimeout(Duration.ofSeconds(10)).build());
      assertThat(fake.recordedCalls()).filteredOn(call -> call.fault().equals(PlatformFault.ColdStart.class.getSimpleName()))
          .as("the platform answered two cold starts first").hasSize(2);
      assertThat(report.attempts()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("init gives up at initTimeout with a retryable error naming the component")
    void required_initGivesUpAtInitTimeout() {
      fake.failAlways(PlatformFault.gatewayTimeout());
      long start = System.nanoTime();
      // long enough that even a slow first attempt leaves time for another
      ComputeInitException e = initFailure(metadata -> metadata.initTimeout(Duration.ofMillis(1500)));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.getMessage()).contains("conformance");
      assertThat(tookMs).as("init must keep trying until initTimeout").isGreaterThanOrEqualTo(1300);
      assertThat(fake.recordedCalls().size()).as("init must retry").isGreaterThan(1);
    }

    @Test
    @DisplayName("init runs the platform's own checks before it calls the function")
    void optional_initRunsPlatformChecks() {
      assumeTrue(compute.features().contains(Feature.PLATFORM_CHECKS), "the provider declares no platform checks");
      Compute fresh = provider().create(context());
      opened.add(fresh);
      InitReport report = fresh.init(fake.component("conformance-platform").build());
      assertThat(report.checks()).extracting(InitCheck::name)
          .anySatisfy(name -> assertThat(name).isNotIn("deployed", "auth", "protocol", "version"));
    }
  }

  // ==================================================================================== invoke

  @Nested
  @DisplayName("invoke")
  class Invoke {
    @Test
    @DisplayName("onInvoke delivers method, verb, query string, content type and body")
    void required_invokeDeliversTheRequest() {
      InvokeReply reply = InvokeReply.of(await(compute.onInvoke(new InvokeRequest("echo", Payload.ofUtf8("{\"n\":1}"),
          "application/json", HttpVerb.PUT, "a=1&b=two", Metadata.empty()))));
      assertThat(reply.status).isEqualTo(200);
      assertThat(reply.echo.get("method")).isEqualTo("echo");
      assertThat(reply.echo.get("verb")).isEqualTo("PUT");
      assertThat(reply.echo.get("query")).isEqualTo("a=1&b=two");
      assertThat(reply.echo.get("contentType")).isEqualTo("application/json");
      assertThat(reply.echo.get("body")).isEqualTo("{\"n\":1}");
    }

    @Test
    @DisplayName("onInvoke forwards call metadata and trace context (traceparent, tracestate, baggage) as headers")
    void required_invokeForwardsMetadataAndTraceContext() {
      Metadata metadata = Metadata.builder().add("x-tenant", "acme").add("traceparent", TRACEPARENT)
          .add("tracestate", "vendor=opaque").add("baggage", "user=alice").build();
      InvokeReply reply = InvokeReply.of(await(compute.onInvoke(InvokeRequest.of("echo", HttpVerb.GET).withMetadata(metadata))));
      Map<?, ?> headers = reply.object("metadata");
      assertThat(headers.get("x-tenant")).isEqualTo("acme");
      assertThat(headers.get("traceparent")).isEqualTo(TRACEPARENT);
      assertThat(headers.get("tracestate")).isEqualTo("vendor=opaque");
      assertThat(headers.get("baggage")).isEqualTo("user=alice");
    }

    @Test
    @DisplayName("onInvoke never forwards daprd's dapr-api-token to the function")
    void required_invokeNeverForwardsTheAppApiToken() {
      InvokeReply reply = InvokeReply.of(await(compute.onInvoke(InvokeRequest.of("echo", HttpVerb.GET)
          .withMetadata(Metadata.of("dapr-api-token", "app-token-secret")))));
      assertThat(reply.object("metadata").containsKey("dapr-api-token")).isFalse();
      assertThat(fake.recordedCalls()).allSatisfy(call -> assertThat(call.headers().contains("dapr-api-token")).isFalse());
    }

    @Test
    @DisplayName("onInvoke delivers every Dapr verb")
    void required_invokeDeliversEveryVerb() {
      for (HttpVerb verb : List.of(HttpVerb.GET, HttpVerb.POST, HttpVerb.PUT, HttpVerb.PATCH, HttpVerb.DELETE, HttpVerb.OPTIONS)) {
        InvokeReply reply = InvokeReply.of(await(compute.onInvoke(InvokeRequest.of("echo", verb))));
        assertThat(reply.echo.get("verb")).as("verb %s", verb).isEqualTo(verb.name());
      }
    }

    @Test
    @DisplayName("onInvoke carries binary bodies byte for byte, both ways")
    void required_invokeCarriesBinaryBodies() {
      byte[] bytes = new byte[256];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) i;
      }
      InvokeResponse reply = await(compute.onInvoke(InvokeRequest.post("echo-body", Payload.of(bytes), "application/octet-stream")));
      assertThat(reply.data().toByteArray()).isEqualTo(bytes);
      assertThat(reply.contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    @DisplayName("onInvoke returns the function's status, body and headers as they are")
    void required_invokeReturnsTheFunctionsAnswer() {
      InvokeResponse reply = await(compute.onInvoke(InvokeRequest.of("status/418", HttpVerb.GET)));
      assertThat(reply.status()).isEqualTo(418);
      assertThat(reply.data().toUtf8()).isEqualTo("status 418");
      assertThat(reply.metadata().first("x-function")).contains("yes");
    }

    @Test
    @DisplayName("onInvoke returns the function's own 404 as a status, not as an error")
    void required_invokeReturnsTheFunctionsOwn404() {
      assertThat(await(compute.onInvoke(InvokeRequest.of("status/404", HttpVerb.GET))).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("onInvoke normalises the method like Dapr (path.Clean)")
    void required_invokeNormalisesTheMethod() {
      InvokeReply reply = InvokeReply.of(await(compute.onInvoke(InvokeRequest.of("x/./y/../../echo", HttpVerb.GET))));
      assertThat(reply.echo.get("method")).isEqualTo("echo");
    }

    @Test
    @DisplayName("onInvoke refuses a method that climbs above the function's base URL, and sends nothing")
    void required_invokeRefusesPathsAboveTheBase() {
      assertThat(failureOf(compute.onInvoke(InvokeRequest.of("../../admin", HttpVerb.GET))))
          .isInstanceOf(ComputeRequestException.class);
      assertThat(fake.recordedCalls()).isEmpty();
    }

    @Test
    @DisplayName("onInvoke refuses headers with CR or LF, and sends nothing")
    void required_invokeRefusesHeaderInjection() {
      assertThat(failureOf(compute.onInvoke(InvokeRequest.of("echo", HttpVerb.GET)
          .withMetadata(Metadata.of("x-evil", "a\r\nx-injected: 1"))))).isInstanceOf(ComputeRequestException.class);
      assertThat(fake.recordedCalls()).isEmpty();
    }

    @Test
    @DisplayName("onInvoke refuses a body over maxBodySize before sending it")
    void required_invokeRefusesOversizedBodies() {
      Compute small = open(metadata -> metadata.put("maxBodySize", "1Ki"));
      fake.reset();
      assertThat(failureOf(small.onInvoke(InvokeRequest.post("echo", Payload.wrap(new byte[4096]), "application/octet-stream"))))
          .isInstanceOf(ComputeRequestException.class);
      assertThat(fake.recordedCalls()).isEmpty();
    }

    @Test
    @DisplayName("onInvoke fails with TIMEOUT when the function does not answer within the call's deadline")
    void required_invokeHonoursTheDeadline() {
      ComputeUnavailableException e = unavailable(compute.onInvoke(InvokeRequest.of("sleep/3000", HttpVerb.GET),
          CallOptions.timeout(Duration.ofMillis(300))));
      assertThat(e.reason()).isEqualTo(ComputeUnavailableException.Reason.TIMEOUT);
    }
  }

  /** An invoke reply and its echo document. */
  private record InvokeReply(int status, Map<?, ?> echo) {
    static InvokeReply of(InvokeResponse reply) {
      return new InvokeReply(reply.status(), echoed(reply));
    }

    /** The echo's member {@code name}, which must be a JSON object. */
    Map<?, ?> object(String name) {
      if (!(echo.get(name) instanceof Map<?, ?> map)) {
        throw new AssertionError("the function's echo has no object '" + name + "'");
      }
      return map;
    }
  }

  // ==================================================================================== topic events

  @Nested
  @DisplayName("topic events")
  class TopicEvents {
    @Test
    @DisplayName("onTopicEvent posts a structured CloudEvent to the matched route with Dapr's attributes")
    void required_topicEventDeliversTheCloudEvent() {
      TopicEventRequest event = new TopicEventRequest("ev-77", "checkout", "order.created", "1.0", "application/json",
          Payload.ofUtf8("{\"order\":77}"), "payments", "pubsub", "/payments",
          Map.of("traceid", TRACEPARENT, "traceparent", TRACEPARENT), Metadata.empty());
      assertThat(statusOf(compute.onTopicEvent(event))).isEqualTo(TopicEventStatus.SUCCESS);
      ReceivedRequest received = fake.function().received("/payments").get(0);
      assertThat(received.method()).isEqualTo("POST");
      assertThat(received.headers().first("content-type").orElse("")).startsWith(Protocol.CLOUDEVENTS_JSON);
      TopicEventRequest seen = WireFormat.readCloudEvent(received.body().unsafeArray(), "/payments", Metadata.empty());
      assertThat(seen.id()).isEqualTo("ev-77");
      assertThat(seen.source()).isEqualTo("checkout");
      assertThat(seen.type()).isEqualTo("order.created");
      assertThat(seen.specVersion()).isEqualTo("1.0");
      assertThat(seen.dataContentType()).isEqualTo("application/json");
      assertThat(seen.data().toUtf8()).isEqualTo("{\"order\":77}");
      assertThat(seen.topic()).isEqualTo("payments");
      assertThat(seen.pubsubName()).isEqualTo("pubsub");
      assertThat(seen.extensions()).containsEntry("traceid", TRACEPARENT);
    }

    @Test
    @DisplayName("onTopicEvent sends delivery metadata, pubsubName and the event's trace context as headers")
    void required_topicEventForwardsMetadataAndTraceContext() {
      TopicEventRequest event = event("SUCCESS").withExtensions(Map.of("traceparent", TRACEPARENT))
          .withMetadata(Metadata.of("x-broker-offset", "42"));
      await(compute.onTopicEvent(event));
      Metadata headers = fake.function().received("/orders").get(0).headers();
      assertThat(headers.first("x-broker-offset")).contains("42");
      assertThat(headers.first("pubsubname")).contains("pubsub");
      assertThat(headers.first("traceparent")).contains(TRACEPARENT);
    }

    @Test
    @DisplayName("SUCCESS, RETRY and DROP are what the function answered")
    void required_topicEventStatusesAreTheFunctions() {
      assertThat(statusOf(compute.onTopicEvent(event("SUCCESS")))).isEqualTo(TopicEventStatus.SUCCESS);
      assertThat(statusOf(compute.onTopicEvent(event("RETRY")))).isEqualTo(TopicEventStatus.RETRY);
      assertThat(statusOf(compute.onTopicEvent(event("DROP")))).isEqualTo(TopicEventStatus.DROP);
    }

    @Test
    @DisplayName("the function's own 404 is DROP, as daprd reads an app's 404")
    void required_functions404IsDrop() {
      assertThat(statusOf(compute.onTopicEvent(event("404")))).isEqualTo(TopicEventStatus.DROP);
    }

    @Test
    @DisplayName("the function's own 500 is RETRY")
    void required_functions500IsRetry() {
      assertThat(statusOf(compute.onTopicEvent(event("500")))).isEqualTo(TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("the function's 2xx with a body that is not JSON is SUCCESS, as daprd reads it")
    void required_functionsNonJsonSuccessIsSuccess() {
      assertThat(statusOf(compute.onTopicEvent(event("garbage")))).isEqualTo(TopicEventStatus.SUCCESS);
    }

    @Test
    @DisplayName("an event past its deadline is RETRY, never lost")
    void required_deadlineIsRetry() {
      TopicEventResponse outcome = await(compute.onTopicEvent(event("slow"), CallOptions.timeout(Duration.ofMillis(300))));
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
    }
  }

  // ==================================================================================== bulk

  @Nested
  @DisplayName("bulk topic events")
  class BulkTopicEvents {
    @Test
    @DisplayName("onBulkTopicEvent reports one status per entry, as the function answered each")
    void required_bulkReportsOneStatusPerEntry() {
      BulkTopicEventResponse outcome = await(compute.onBulkTopicEvent(batch("SUCCESS", "RETRY", "DROP", "404", "500")));
      assertThat(outcome.statuses()).extracting(BulkTopicEventResponse.Entry::entryId).containsExactly("e0", "e1", "e2", "e3", "e4");
      assertThat(outcome.statuses()).extracting(BulkTopicEventResponse.Entry::status).containsExactly(TopicEventStatus.SUCCESS,
          TopicEventStatus.RETRY, TopicEventStatus.DROP, TopicEventStatus.DROP, TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("onBulkTopicEvent delivers raw entries (JSON and binary) intact")
    void required_bulkDeliversRawEntries() {
      BulkTopicEventRequest raw = new BulkTopicEventRequest("batch-raw", List.of(
          new BulkTopicEventEntry("j", new BulkTopicEventEntry.RawEvent(Payload.ofUtf8("{\"raw\":true}")), "application/json", Map.of()),
          new BulkTopicEventEntry("b", new BulkTopicEventEntry.RawEvent(Payload.of(new byte[] {0, 1, 2, (byte) 255})),
              "application/octet-stream", Map.of())),
          Map.of(), "bulk-orders", "pubsub", BulkTopicEventRequest.BULK_TYPE, "/bulk");
      BulkTopicEventResponse outcome = await(compute.onBulkTopicEvent(raw));
      assertThat(outcome.statuses()).extracting(BulkTopicEventResponse.Entry::status).containsOnly(TopicEventStatus.SUCCESS);
      List<ReceivedRequest> received = fake.function().received("/bulk");
      assertThat(received).as("one batch reached the function").hasSize(1);
      List<BulkTopicEventEntry> arrived = WireFormat.readBulk(received.get(0).body().toByteArray(), "/bulk").entries();
      assertThat(arrived).extracting(BulkTopicEventEntry::entryId).containsExactly("j", "b");
      assertThat(arrived.get(0).event()).isInstanceOfSatisfying(BulkTopicEventEntry.RawEvent.class, entry ->
          assertThat(json(entry.data())).as("the JSON entry").isEqualTo(json(Payload.ofUtf8("{\"raw\":true}"))));
      assertThat(arrived.get(1).event()).isInstanceOfSatisfying(BulkTopicEventEntry.RawEvent.class, entry ->
          assertThat(entry.data().toByteArray()).as("the binary entry").containsExactly(0, 1, 2, (byte) 255));
      assertThat(arrived.get(1).contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    @DisplayName("a platform failure retries every entry of the batch")
    void required_bulkPlatformFailureRetriesEveryEntry() {
      fake.failNext(1, PlatformFault.notFound());
      BulkTopicEventResponse outcome = await(compute.onBulkTopicEvent(batch("SUCCESS", "DROP")));
      assertThat(outcome.statuses()).extracting(BulkTopicEventResponse.Entry::status).containsOnly(TopicEventStatus.RETRY);
    }
  }

  // ==================================================================================== bindings

  @Nested
  @DisplayName("binding events")
  class BindingEvents {
    @Test
    @DisplayName("onBindingEvent posts the data to /{binding} with every metadata entry as a header")
    void required_bindingEventDeliversDataAndMetadata() {
      await(compute.onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("{\"id\":5}"),
          Map.of("x-message-id", "m-5", "x-queue", "orders"))));
      ReceivedRequest received = fake.function().received("/orders-queue").get(0);
      assertThat(received.method()).isEqualTo("POST");
      assertThat(received.body().toUtf8()).isEqualTo("{\"id\":5}");
      assertThat(received.headers().first("x-message-id")).contains("m-5");
      assertThat(received.headers().first("x-queue")).contains("orders");
    }

    @Test
    @DisplayName("onBindingEvent returns the reply data, its 'to' bindings and concurrency")
    void required_bindingEventReturnsTheReply() {
      BindingEventResponse reply = await(compute.onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("x"),
          Map.of("to", "audit,archive", "concurrency", "parallel"))));
      assertThat(reply.data().toUtf8()).isEqualTo("handled:x");
      assertThat(reply.to()).containsExactly("audit", "archive");
      assertThat(reply.concurrency()).isEqualTo(BindingEventConcurrency.PARALLEL);
    }

    @Test
    @DisplayName("the function's error status is a FunctionRejectedException carrying it")
    void required_bindingEventFunctionErrorIsAnError() {
      Throwable e = failureOf(compute.onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("fail"), Map.of())));
      assertThat(e).isInstanceOf(FunctionRejectedException.class);
      assertThat(((FunctionRejectedException) e).status()).isEqualTo(500);
    }
  }

  // ==================================================================================== subscriptions

  @Nested
  @DisplayName("subscriptions")
  class Subscriptions {
    @Test
    @DisplayName("listTopicSubscriptions returns the function's subscriptions with routes, rules, dead-letter topic and bulk settings")
    void required_listsTheFunctionsSubscriptions() {
      List<TopicSubscription> subscriptions = await(compute.listTopicSubscriptions());
      assertThat(subscriptions).extracting(TopicSubscription::topic).containsExactly("orders", "payments", "bulk-orders");
      TopicSubscription payments = subscriptions.get(1);
      assertThat(payments.pubsubName()).isEqualTo("pubsub");
      assertThat(payments.routes().defaultPath()).isEqualTo("/payments");
      assertThat(payments.routes().rules()).singleElement().satisfies(rule -> {
        assertThat(rule.match()).isEqualTo("event.type == \"refund\"");
        assertThat(rule.path()).isEqualTo("/refunds");
      });
      assertThat(payments.deadLetterTopic()).isEqualTo("payments-dlq");
      assertThat(subscriptions.get(2).bulk()).hasValueSatisfying(bulk -> {
        assertThat(bulk.enabled()).isTrue();
        assertThat(bulk.maxMessagesCount()).isEqualTo(10);
        assertThat(bulk.maxAwaitDurationMs()).isEqualTo(100);
      });
    }

    @Test
    @DisplayName("subscriptions are read with GET /dapr/subscribe")
    void required_subscriptionsComeFromDaprSubscribe() {
      await(compute.listTopicSubscriptions());
      assertThat(fake.function().received(Protocol.SUBSCRIBE_PATH)).singleElement()
          .satisfies(request -> assertThat(request.method()).isEqualTo("GET"));
    }

    @Test
    @DisplayName("a platform failure while listing subscriptions is a retryable error, not an empty list")
    void required_subscriptionPlatformFailureIsAnError() {
      fake.failNext(1, PlatformFault.serverError());
      unavailable(compute.listTopicSubscriptions());
    }
  }

  // ==================================================================================== input bindings

  @Nested
  @DisplayName("input bindings")
  class InputBindings {
    @Test
    @DisplayName("listInputBindings returns the inputBindings of the function's info document")
    void required_listsInputBindingsFromTheInfoDocument() {
      assertThat(await(compute.listInputBindings())).containsExactlyElementsOf(ReferenceFunction.INPUT_BINDINGS);
      assertThat(fake.function().received(Protocol.INFO_PATH)).isNotEmpty();
    }
  }

  // ==================================================================================== auth

  @Nested
  @DisplayName("auth")
  class Auth {
    private List<ReceivedRequest> exercise() {
      await(compute.onInvoke(InvokeRequest.of("echo", HttpVerb.GET)));
      await(compute.onTopicEvent(event("SUCCESS")));
      await(compute.onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of())));
      await(compute.listTopicSubscriptions());
      await(compute.listInputBindings());
      return fake.function().received();
    }

    @Test
    @DisplayName("every request carries a token the function verifies")
    void required_everyRequestCarriesAVerifiedToken() {
      List<ReceivedRequest> received = exercise();
      assertThat(received).hasSizeGreaterThanOrEqualTo(5);
      assertThat(received).allSatisfy(request ->
          assertThat(request.token()).as("%s %s: %s", request.method(), request.path(), request.rejection()).isNotNull());
    }

    @Test
    @DisplayName("the token is signed with an asymmetric algorithm and names its key by RFC 7638 thumbprint")
    void required_tokenAlgorithmAndKid() {
      VerifiedToken token = verifiedToken(exercise().get(0));
      assertThat(token.algorithm()).isIn("EdDSA", "ES256", "RS256", "PS256");
      assertThat(token.keyId()).isEqualTo(fake.function().componentKey().keyId());
    }

    @Test
    @DisplayName("the token's claims: iss dapr.io/compute, the audience, sub = the app ID, a lifetime of at most 1 h")
    void required_tokenClaims() {
      Instant now = Instant.now();
      VerifiedToken token = verifiedToken(exercise().get(0));
      assertThat(token.issuer()).isEqualTo(Protocol.ISSUER);
      assertThat(token.audience()).contains(fake.function().audience());
      assertThat(token.subject()).isEqualTo(appId());
      assertThat(Duration.between(token.issuedAt(), token.expiresAt())).isLessThanOrEqualTo(Duration.ofHours(1)).isPositive();
      assertThat(token.issuedAt()).isBefore(now.plusSeconds(61));
      assertThat(token.notBefore()).isBefore(now.plusSeconds(61));
      assertThat(token.jwtId()).isNotBlank();
    }

    @Test
    @DisplayName("the token travels in the header the platform leaves free")
    void required_tokenTravelsInTheExpectedHeader() {
      List<ReceivedRequest> received = exercise();
      assertThat(received).allSatisfy(request ->
          assertThat(request.headers().first(fake.expectedTokenHeader()).orElse("")).startsWith("Bearer "));
    }

    @Test
    @DisplayName("a token is reused across requests, not signed per request")
    void required_tokenIsReused() {
      List<ReceivedRequest> received = exercise();
      Set<String> ids = new java.util.HashSet<>();
      received.forEach(request -> ids.add(request.token() == null ? "" : request.token().jwtId()));
      assertThat(ids).as("distinct token ids over %d quick requests", received.size()).hasSizeLessThan(received.size());
    }

    @Test
    @DisplayName("every request carries the protocol version header")
    void required_requestsCarryTheProtocolHeader() {
      assertThat(exercise()).allSatisfy(request ->
          assertThat(request.headers().first(Protocol.MARKER_HEADER)).contains(String.valueOf(Protocol.VERSION)));
    }
  }

  // ==================================================================================== faults

  @Nested
  @DisplayName("platform faults (protocol section 4)")
  class Faults {
    @Test
    @DisplayName("a platform 404 is 'not deployed' (a 502 for callers), never the function's 404")
    void required_invokePlatform404IsNotDeployed() {
      fake.failNext(1, PlatformFault.notFound());
      ComputeUnavailableException e = unavailable(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
      assertThat(e.reason()).isEqualTo(ComputeUnavailableException.Reason.NOT_DEPLOYED);
      assertThat(e.gatewayStatus()).isEqualTo(502);
      assertThat(e.isRetryable()).as("an operator must deploy it, as init says").isFalse();
    }

    @Test
    @DisplayName("a platform 401 or 403 names the platform credential")
    void required_invokePlatformAuthNamesTheCredential() {
      fake.failNext(1, PlatformFault.unauthorized());
      assertThat(unavailable(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET))).reason())
          .isEqualTo(ComputeUnavailableException.Reason.PLATFORM_CREDENTIALS);
      fake.failNext(1, PlatformFault.forbidden());
      assertThat(unavailable(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET))).reason())
          .isEqualTo(ComputeUnavailableException.Reason.PLATFORM_CREDENTIALS);
    }

    @Test
    @DisplayName("throttling is retryable after the platform's Retry-After")
    void required_invokeThrottlingHonoursRetryAfter() {
      fake.failNext(1, PlatformFault.throttled(Duration.ofSeconds(7)));
      ComputeUnavailableException e = unavailable(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
      assertThat(e.reason()).isEqualTo(ComputeUnavailableException.Reason.THROTTLED);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    @DisplayName("cold starts, platform errors, gateway timeouts, resets and platform garbage are retryable errors")
    void required_invokePlatformFailuresAreRetryable() {
      for (PlatformFault fault : List.of(PlatformFault.coldStart(Duration.ofMillis(20)), PlatformFault.serverError(),
          PlatformFault.gatewayTimeout(), PlatformFault.connectionReset(), PlatformFault.malformedBody())) {
        fake.failAlways(fault); // always: an HTTP client may retry an idempotent request once by itself
        Throwable failure = failureOf(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
        fake.reset();
        assertThat(failure).as("after %s", fault).isInstanceOf(ComputeException.class);
        assertThat(((ComputeException) failure).isRetryable()).as("after %s", fault).isTrue();
      }
    }

    @Test
    @DisplayName("a platform 404 on a topic event is RETRY, never DROP")
    void required_topicPlatform404IsRetry() {
      fake.failNext(1, PlatformFault.notFound());
      assertThat(statusOf(compute.onTopicEvent(event("DROP")))).isEqualTo(TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("a platform 500 on a topic event is RETRY, never SUCCESS")
    void required_topicPlatform500IsRetry() {
      fake.failNext(1, PlatformFault.serverError());
      assertThat(statusOf(compute.onTopicEvent(event("SUCCESS")))).isEqualTo(TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("a throttled topic event is RETRY and carries Retry-After")
    void required_topicThrottlingCarriesRetryAfter() {
      fake.failNext(1, PlatformFault.throttled(Duration.ofSeconds(9)));
      TopicEventResponse outcome = await(compute.onTopicEvent(event("SUCCESS")));
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(outcome.retryAfterDuration()).contains(Duration.ofSeconds(9));
    }

    @Test
    @DisplayName("every other platform or network failure on a topic event is RETRY")
    void required_topicPlatformFailuresAreRetry() {
      for (PlatformFault fault : List.of(PlatformFault.unauthorized(), PlatformFault.forbidden(),
          PlatformFault.coldStart(Duration.ofMillis(20)), PlatformFault.gatewayTimeout(), PlatformFault.connectionReset(),
          PlatformFault.malformedBody())) {
        fake.failAlways(fault);
        assertThat(statusOf(compute.onTopicEvent(event("DROP")))).as("after %s", fault).isEqualTo(TopicEventStatus.RETRY);
        fake.reset();
      }
    }

    @Test
    @DisplayName("a platform failure on a binding event is a retryable error")
    void required_bindingPlatformFailureIsRetryable() {
      fake.failNext(1, PlatformFault.notFound());
      unavailable(compute.onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of())));
    }
  }

  // ==================================================================================== hostile platforms

  @Nested
  @DisplayName("hostile platforms and front ends (nothing lost)")
  class Hostile {
    @Test
    @DisplayName("a redirect is never followed: a topic event is RETRY and its body reaches no other host")
    void required_redirectsAreNeverFollowed() throws Exception {
      try (CountingServer elsewhere = CountingServer.start()) {
        for (int status : List.of(301, 302, 303, 307, 308)) {
          fake.reset();
          fake.failNext(1, PlatformFault.redirect(status, elsewhere.url() + "/orders"));
          TopicEventResponse outcome = await(compute.onTopicEvent(event("SUCCESS")));
          assertThat(outcome.status()).as("a topic event answered %s", status).isEqualTo(TopicEventStatus.RETRY);
          fake.failNext(1, PlatformFault.redirect(status, elsewhere.url() + "/echo"));
          Throwable failure = failureOf(compute.onInvoke(new InvokeRequest("echo", Payload.ofUtf8("secret order"),
              "text/plain", HttpVerb.POST, "", Metadata.empty())));
          assertThat(failure).as("an invocation answered %s", status).isInstanceOf(ComputeUnavailableException.class);
          assertThat(failure.getMessage()).as("the message names the redirect").contains(String.valueOf(status));
          assertThat(fake.function().received()).as("after %s the function got nothing", status).isEmpty();
          assertThat(fake.recordedCalls()).as("after %s nothing was sent again", status).hasSize(2);
        }
        assertThat(elsewhere.requests()).as("the redirect's target received nothing").isZero();
      }
    }

    @Test
    @DisplayName("a slow answer inside the component's timeout is the function's answer, whatever the HTTP client's own timeouts")
    void required_slowAnswersInsideTheTimeoutAreAnswers() {
      // The context's client times out reads after 300 ms; the component's timeout is what counts.
      Compute patient = open(metadata -> metadata.put("timeout", "10s"));
      fake.failNext(1, PlatformFault.slowAnswer(Duration.ofMillis(1200)));
      assertThat(statusOf(patient.onTopicEvent(event("DROP")))).isEqualTo(TopicEventStatus.DROP);
      fake.failNext(1, PlatformFault.slowAnswer(Duration.ofMillis(1200)));
      assertThat(await(patient.onInvoke(InvokeRequest.of("status/201", HttpVerb.GET))).status()).isEqualTo(201);
    }

    @Test
    @DisplayName("a 503 with Retry-After: 0 is RETRY, and the request is not sent again by the HTTP client")
    void required_unavailableWithRetryAfterZeroIsNotResent() {
      fake.failNext(1, PlatformFault.unavailable(Duration.ZERO));
      TopicEventResponse outcome = await(compute.onTopicEvent(event("SUCCESS")));
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(fake.recordedCalls()).as("the platform saw the POST once").hasSize(1);
      assertThat(fake.function().received()).as("the handler never ran").isEmpty();

      fake.reset();
      fake.failNext(1, PlatformFault.unavailable(Duration.ZERO));
      Throwable failure = failureOf(compute.onInvoke(new InvokeRequest("echo", Payload.ofUtf8("x"), "text/plain",
          HttpVerb.POST, "", Metadata.empty())));
      assertThat(failure).isInstanceOf(ComputeUnavailableException.class);
      assertThat(((ComputeUnavailableException) failure).retryAfter()).contains(Duration.ZERO);
      assertThat(fake.recordedCalls()).as("the platform saw the POST once").hasSize(1);
    }

    @Test
    @DisplayName("a topic answer is its first JSON value, read as daprd reads it; RETRY and DROP are never read as SUCCESS")
    void required_topicAnswersAreReadAsDaprdReadsThem() {
      assertThat(statusOf(compute.onTopicEvent(event("raw:{\"status\":\"RETRY\"} x")))).isEqualTo(TopicEventStatus.RETRY);
      assertThat(statusOf(compute.onTopicEvent(event("raw:{\"status\":\"DROP\"}{\"status\":\"SUCCESS\"}"))))
          .isEqualTo(TopicEventStatus.DROP);
      assertThat(statusOf(compute.onTopicEvent(event("raw: {\"Status\":\"DROP\"}")))).as("Go matches field names in any case")
          .isEqualTo(TopicEventStatus.DROP);
      assertThat(statusOf(compute.onTopicEvent(event("raw:{\"status\":\"drop\"}")))).as("daprd compares values exactly")
          .isEqualTo(TopicEventStatus.RETRY);
      assertThat(statusOf(compute.onTopicEvent(event("raw:{\"status\":\"RETRY\",")))).as("cut short")
          .isEqualTo(TopicEventStatus.RETRY);
      assertThat(statusOf(compute.onTopicEvent(event("raw:{\"status\":[\"DROP\"]}")))).as("not a string")
          .isEqualTo(TopicEventStatus.RETRY);
      assertThat(statusOf(compute.onTopicEvent(event("raw:{\"status\":\"SUCCESS\"} {\"status\":\"DROP\"}"))))
          .isEqualTo(TopicEventStatus.SUCCESS);
      assertThat(statusOf(compute.onTopicEvent(event("raw:")))).as("an empty 2xx body").isEqualTo(TopicEventStatus.SUCCESS);
    }

    @Test
    @DisplayName("an answer without the function's marker is never the function's: RETRY for events, an error for calls")
    void required_unmarkedAnswersAreThePlatforms() {
      for (PlatformFault fault : List.of(
          PlatformFault.unmarkedAnswer(200, "application/json", "{\"status\":\"SUCCESS\"}"),
          PlatformFault.unmarkedAnswer(200, "application/json", "{\"status\":\"DROP\"}"),
          PlatformFault.unmarkedAnswer(404, "application/json", "{\"status\":\"DROP\"}"),
          PlatformFault.unmarkedAnswer(204, "", ""),
          PlatformFault.brokenResponse(), PlatformFault.emptyResponse(),
          PlatformFault.afterTheFunction(PlatformFault.serverError()))) {
        fake.reset();
        fake.failNext(1, fault);
        assertThat(statusOf(compute.onTopicEvent(event("DROP")))).as("after %s", fault).isEqualTo(TopicEventStatus.RETRY);
        fake.reset();
        fake.failAlways(fault);
        Throwable failure = failureOf(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
        assertThat(failure).as("after %s", fault).isInstanceOf(ComputeException.class);
        // The platform's 404 says the function is not deployed: an operator must act (as init says).
        boolean notDeployed = failure instanceof ComputeUnavailableException unavailable
            && unavailable.reason() == ComputeUnavailableException.Reason.NOT_DEPLOYED;
        assertThat(((ComputeException) failure).isRetryable()).as("after %s", fault).isEqualTo(!notDeployed);
      }
    }

    @Test
    @DisplayName("the deadline counts the time a call waits for a free slot (maxConcurrency)")
    void required_deadlineIncludesWaitingForASlot() {
      Compute single = open(metadata -> metadata.put("maxConcurrency", "1").put("timeout", "10s"));
      CompletableFuture<InvokeResponse> busy = single.onInvoke(InvokeRequest.of("sleep/1500", HttpVerb.GET));
      ComputeUnavailableException e = unavailable(single.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET),
          CallOptions.timeout(Duration.ofMillis(300))));
      assertThat(e.reason()).isEqualTo(ComputeUnavailableException.Reason.TIMEOUT);
      assertThat(await(busy).status()).isEqualTo(200);
      assertThat(fake.function().received()).as("the waiting call never started").extracting(ReceivedRequest::path)
          .filteredOn(path -> !path.equals(Protocol.INFO_PATH)).containsExactly("/sleep/1500");
    }

    @Test
    @DisplayName("a call that waited for a slot carries a token made when it started, never a stale one")
    void required_waitingCallsCarryFreshTokens() {
      Compute single = open(metadata -> metadata.put("maxConcurrency", "1").put("timeout", "10s")
          .put("tokenLifetime", "2s"));
      CompletableFuture<InvokeResponse> busy = single.onInvoke(InvokeRequest.of("sleep/2500", HttpVerb.GET));
      CompletableFuture<InvokeResponse> waiting = single.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET));
      assertThat(await(busy).status()).isEqualTo(200);
      assertThat(await(waiting).status()).as("the function accepted the waiting call's token").isEqualTo(200);
      ReceivedRequest second = fake.function().received("/status/200").get(0);
      assertThat(second.token()).as("rejected: %s", second.rejection()).isNotNull();
    }
  }
}
