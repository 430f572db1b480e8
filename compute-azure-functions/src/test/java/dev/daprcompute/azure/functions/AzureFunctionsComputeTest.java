package dev.daprcompute.azure.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitCheck.Outcome;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.testkit.AzureFunctionsFake;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.ReceivedRequest;
import dev.daprcompute.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * compute.azure.functions against the Azure Functions fake, for what the conformance suite does not
 * cover: the metadata, the default route and audience, where the function key goes, the master-key
 * admin checks, cold starts and stopped apps during init, Azure's meaning in every platform
 * failure, and the 100 MB limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("compute.azure.functions on the Azure Functions fake")
class AzureFunctionsComputeTest {
  /**
   * The reference function expects the function's name, so that the default audience can be tested.
   */
  private static final ComputeProvider PROVIDER =
      ComputeProviders.provider(new AzureFunctionsPlatformProvider());

  private AzureFunctionsFake fake;
  private final List<Compute> opened = new ArrayList<>();

  @BeforeAll
  void start() {
    fake = AzureFunctionsFake.start(AzureFunctionsFake.DEFAULT_FUNCTION_NAME);
  }

  @AfterAll
  void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Compute::close);
    opened.clear();
  }

  private record Opened(Compute compute, InitReport report) {}

  /**
   * The fake's component (function key, master key, key, audience) with {@code customize} applied,
   * initialised.
   */
  private Opened open(Consumer<ComponentMetadata.Builder> customize) {
    ComponentMetadata.Builder metadata =
        fake.component("orders").initTimeout(Duration.ofSeconds(5));
    customize.accept(metadata);
    Compute compute = PROVIDER.create(ComputeContext.defaults().withAppId("checkout"));
    opened.add(compute);
    return new Opened(compute, compute.init(metadata.build()));
  }

  private ComputeInitException initFailure(Consumer<ComponentMetadata.Builder> customize) {
    Throwable thrown = catchThrowable(() -> open(customize));
    assertThat(thrown).isInstanceOf(ComputeInitException.class);
    return (ComputeInitException) thrown;
  }

  private static Consumer<ComponentMetadata.Builder> withoutMasterKey() {
    return metadata -> metadata.putSecret("masterKey", "");
  }

  private static <T> T await(CompletableFuture<T> future) {
    return future.orTimeout(20, TimeUnit.SECONDS).join();
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    Throwable thrown = catchThrowable(() -> await(future));
    assertThat(thrown).isInstanceOf(CompletionException.class);
    return thrown.getCause();
  }

  private List<String> paths() {
    return fake.recordedCalls().stream().map(RecordedCall::path).toList();
  }

  // ==================================================================================== metadata

  @Test
  @DisplayName(
      "type compute.azure.functions v1, found by ServiceLoader, with exactly the platform's fields and the common ones")
  void fields() {
    ComputeProvider provider =
        ComputeProviders.load().select(AzureFunctionsPlatformProvider.TYPE, "v1");
    assertThat(provider.type()).isEqualTo("compute.azure.functions");
    assertThat(provider.version()).isEqualTo("v1");
    assertThat(provider.metadataFields())
        .extracting(MetadataField::name)
        .containsExactly(
            "key",
            "audience",
            "tokenHeader",
            "tokenLifetime",
            "minVersion",
            "timeout",
            "maxBodySize",
            "maxConcurrency",
            "endpoint",
            "functionKey",
            "masterKey",
            "caCertificate",
            "allowInsecureHttp");
    assertThat(provider.metadataFields())
        .filteredOn(MetadataField::secret)
        .extracting(MetadataField::name)
        .containsExactlyInAnyOrder("key", "functionKey", "masterKey");
    assertThat(provider.metadataFields())
        .filteredOn(MetadataField::required)
        .extracting(MetadataField::name)
        .containsExactlyInAnyOrder("key", "endpoint", "functionKey");
  }

  /** The configuration problem init finds in {@code metadata}. */
  private ComputeConfigurationException configurationFailure(ComponentMetadata.Builder metadata) {
    Compute compute = PROVIDER.create(ComputeContext.defaults());
    opened.add(compute);
    Throwable thrown = catchThrowable(() -> compute.init(metadata.build()));
    assertThat(thrown).isInstanceOf(ComputeConfigurationException.class);
    return (ComputeConfigurationException) thrown;
  }

  @Test
  @DisplayName("every metadata problem is reported at once, and no message shows a key")
  void configurationProblems() {
    ComputeConfigurationException e =
        configurationFailure(
            fake.component("orders")
                .put("endpoint", "http://app.example.net/api/dapr?code=leaked-key")
                .putSecret("functionKey", "has a space")
                .putSecret("masterKey", "code=master-secret")
                .put("caCertificate", "not a certificate"));
    assertThat(e.problems())
        .extracting(p -> p.field())
        .containsExactlyInAnyOrder(
            "metadata 'endpoint'",
            "metadata 'endpoint'",
            "metadata 'functionKey'",
            "metadata 'masterKey'",
            "metadata 'caCertificate'");
    assertThat(e.getMessage())
        .contains("query", "allowInsecureHttp", "x-functions-key", "PEM")
        .doesNotContain("leaked-key", "has a space", "master-secret");
  }

  @Test
  @DisplayName("endpoint and functionKey are required")
  void requiredFields() {
    ComputeConfigurationException e =
        configurationFailure(
            ComponentMetadata.builder("orders", AzureFunctionsPlatformProvider.TYPE)
                .putSecret("key", fake.function().componentKey().privateKeyPem()));
    assertThat(e.problems())
        .extracting(p -> p.field())
        .contains("metadata 'endpoint'", "metadata 'functionKey'");
  }

  // ==================================================================================== route,
  // audience, key

  @Test
  @DisplayName("an endpoint without a path means the default route /api/dapr")
  void defaultRoute() {
    for (String endpoint : List.of(fake.baseUrl(), fake.baseUrl() + "/")) {
      fake.reset();
      open(withoutMasterKey().andThen(metadata -> metadata.put("endpoint", endpoint)));
      assertThat(paths()).as(endpoint).containsExactly("/api/dapr" + Protocol.INFO_PATH);
    }
  }

  @Test
  @DisplayName(
      "protocol paths are appended to the endpoint's path, with or without a trailing slash")
  void basePath() {
    open(withoutMasterKey().andThen(metadata -> metadata.put("endpoint", fake.endpoint() + "/")));
    assertThat(paths()).containsExactly("/api/dapr" + Protocol.INFO_PATH);
  }

  @Test
  @DisplayName(
      "the default audience is the function's name, the last segment of the endpoint's path")
  void defaultAudience() {
    Opened opened = open(metadata -> metadata.put("audience", ""));
    assertThat(opened.report().check("auth").orElseThrow().detail()).contains("audience 'dapr'");
    assertThat(fake.function().received(Protocol.INFO_PATH))
        .singleElement()
        .satisfies(
            request ->
                assertThat(request.verifiedToken().orElseThrow().audience())
                    .containsExactly("dapr"));
  }

  @Test
  @DisplayName(
      "ComputeProviders gives the default audience without init (what the CLI's token command uses)")
  void audienceWithoutInit() {
    ComputeProvider provider =
        ComputeProviders.load().select(AzureFunctionsPlatformProvider.TYPE, "v1");
    ComponentMetadata.Builder metadata = fake.component("orders").put("audience", "");
    assertThat(
            provider.audience(
                metadata
                    .put("endpoint", "https://orders-app.azurewebsites.net/api/Orders_V2/")
                    .build()))
        .isEqualTo("Orders_V2");
    assertThat(
            provider.audience(
                metadata.put("endpoint", "https://orders-app.azurewebsites.net").build()))
        .as("no path: the default route /api/dapr")
        .isEqualTo("dapr");
    assertThat(provider.audience(metadata.put("audience", "orders-audience").build()))
        .isEqualTo("orders-audience");
    assertThat(fake.recordedCalls()).as("no I/O").isEmpty();
  }

  @Test
  @DisplayName(
      "the function key travels only in x-functions-key, never in a code query, and a caller cannot replace it")
  void functionKeyInTheHeaderOnly() {
    Compute compute = open(withoutMasterKey()).compute();
    await(
        compute.onInvoke(
            new InvokeRequest(
                "echo",
                Payload.ofUtf8("hi"),
                "text/plain",
                HttpVerb.POST,
                "a=1",
                Metadata.of("x-functions-key", "forged"))));
    await(
        compute.onTopicEvent(
            TopicEventRequest.of(
                "e1", "pubsub", "orders", Payload.ofUtf8("SUCCESS"), "text/plain")));
    List<RecordedCall> calls = fake.recordedCalls();
    assertThat(calls).hasSize(3);
    assertThat(calls)
        .allSatisfy(
            call -> {
              assertThat(call.headers().all("x-functions-key")).as(call.path()).hasSize(1);
              assertThat(
                      call.headers()
                          .first("x-functions-key")
                          .orElseThrow()
                          .equals(fake.functionKey()))
                  .as("the function key in x-functions-key of %s", call.path())
                  .isTrue();
              assertThat(call.query()).as(call.path()).doesNotContain("code=");
            });
    assertThat(calls.get(1).query()).isEqualTo("a=1");
  }

  @Test
  @DisplayName(
      "tokenHeader Dapr-Authorization puts the token there and leaves Authorization to Easy Auth or APIM")
  void tokenHeader() {
    open(withoutMasterKey().andThen(metadata -> metadata.put("tokenHeader", "Dapr-Authorization")));
    ReceivedRequest info = fake.function().received(Protocol.INFO_PATH).get(0);
    assertThat(info.token()).isNotNull();
    assertThat(info.headers().contains(Protocol.DAPR_AUTHORIZATION)).isTrue();
    assertThat(info.headers().contains("authorization")).isFalse();
  }

  // ==================================================================================== init

  @Nested
  @DisplayName("init")
  class Init {
    @Test
    @DisplayName(
        "with the master key: /admin/host/status Running, /admin/functions/{name} enabled, then the info call")
    void adminChecks() {
      Opened opened = open(metadata -> {});
      assertThat(paths())
          .containsExactly(
              "/admin/host/status", "/admin/functions/dapr", "/api/dapr" + Protocol.INFO_PATH);
      List<RecordedCall> calls = fake.recordedCalls();
      for (RecordedCall admin : calls.subList(0, 2)) {
        assertThat(admin.headers().first("x-functions-key").orElseThrow().equals(fake.masterKey()))
            .as("the master key in x-functions-key of %s", admin.path())
            .isTrue();
        assertThat(admin.query()).isEmpty();
      }
      InitReport report = opened.report();
      assertThat(report.check("hostStatus").orElseThrow().outcome()).isEqualTo(Outcome.PASSED);
      assertThat(report.check("hostStatus").orElseThrow().detail())
          .contains("Running", AzureFunctionsFake.RUNTIME_VERSION);
      assertThat(report.check("functionStatus").orElseThrow().outcome()).isEqualTo(Outcome.PASSED);
      assertThat(report.check("functionStatus").orElseThrow().detail())
          .contains("'dapr'", "enabled", "authLevel function", "route 'dapr/{*path}'");
      assertThat(opened.compute().features()).contains(Feature.PLATFORM_CHECKS);
    }

    @Test
    @DisplayName(
        "without the master key: no admin call, both checks skipped saying why, no platform-checks feature")
    void noMasterKey() {
      Opened opened = open(withoutMasterKey());
      assertThat(paths()).containsExactly("/api/dapr" + Protocol.INFO_PATH);
      assertThat(opened.report().check("hostStatus").orElseThrow().outcome())
          .isEqualTo(Outcome.SKIPPED);
      assertThat(opened.report().check("functionStatus").orElseThrow().detail())
          .contains("masterKey");
      assertThat(opened.compute().features()).doesNotContain(Feature.PLATFORM_CHECKS);
    }

    @Test
    @DisplayName("a host that is Starting is waited for until it is Running")
    void hostStarting() {
      fake.hostState("Starting");
      AtomicInteger statusCalls = new AtomicInteger();
      fake.failWhen(
          call -> {
            if (call.path().equals("/admin/host/status") && statusCalls.incrementAndGet() == 3) {
              fake.hostState("Running"); // the third look finds it running
            }
            return null;
          });
      InitReport report = open(metadata -> {}).report();
      assertThat(report.attempts()).isEqualTo(3);
      assertThat(report.check("hostStatus").orElseThrow().outcome()).isEqualTo(Outcome.PASSED);
      assertThat(fake.function().received(Protocol.INFO_PATH)).hasSize(1);
    }

    @Test
    @DisplayName(
        "a host that stays in Error fails init at initTimeout, retryable, with the host's errors")
    void hostInError() {
      fake.hostState("Error");
      ComputeInitException e =
          initFailure(metadata -> metadata.initTimeout(Duration.ofMillis(800)));
      assertThat(e.failedCheck()).isEqualTo("platform");
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.getMessage()).contains("is Error, not Running", "The host is in state Error");
      assertThat(paths())
          .as("init retried")
          .filteredOn("/admin/host/status"::equals)
          .hasSizeGreaterThan(1);
      assertThat(fake.function().received()).isEmpty();
    }

    @Test
    @DisplayName(
        "without the master key, the cold start's 503 'Function host is not running.' is waited out")
    void coldStartWithoutMasterKey() {
      fake.hostState("Starting");
      AtomicInteger calls = new AtomicInteger();
      fake.failWhen(
          call -> {
            if (calls.incrementAndGet() == 3) {
              fake.hostState("Running");
            }
            return null;
          });
      InitReport report = open(withoutMasterKey()).report();
      assertThat(report.attempts()).isEqualTo(3);
      assertThat(fake.recordedCalls()).hasSize(3);
    }

    @Test
    @DisplayName("cold-start 503s on the admin API are waited out too")
    void coldStartOnTheAdminApi() {
      fake.failNext(2, PlatformFault.coldStart(Duration.ofMillis(20)));
      InitReport report = open(metadata -> {}).report();
      assertThat(report.attempts()).isEqualTo(3);
      assertThat(report.check("hostStatus").orElseThrow().outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    @DisplayName("429 with X-FUNCTION-SCALEOUT is waited out, for at least its Retry-After")
    void throttled() {
      fake.failNext(1, PlatformFault.throttled(Duration.ofMillis(100))); // Retry-After: 1
      InitReport report = open(withoutMasterKey()).report();
      assertThat(fake.recordedCalls().get(0).fault()).isEqualTo("Throttled");
      assertThat(report.attempts()).isEqualTo(2);
      assertThat(report.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName(
        "a stopped app fails init at once, saying it is stopped, with or without the master key")
    void stoppedApp() {
      for (Consumer<ComponentMetadata.Builder> customize :
          List.of(withoutMasterKey(), (Consumer<ComponentMetadata.Builder>) m -> {})) {
        fake.reset();
        fake.stopApp();
        ComputeInitException e =
            initFailure(
                customize.andThen(metadata -> metadata.initTimeout(Duration.ofSeconds(30))));
        assertThat(e.failedCheck()).isEqualTo("credentials");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("This web app is stopped.", "az functionapp start");
        assertThat(fake.recordedCalls()).as("failed at once, without retrying").hasSize(1);
      }
    }

    @Test
    @DisplayName(
        "a refused function key fails init at once, naming functionKey and never showing it")
    void wrongFunctionKey() {
      ComputeInitException e =
          initFailure(
              withoutMasterKey().andThen(m -> m.putSecret("functionKey", "wrong-function-key")));
      assertThat(e.failedCheck()).isEqualTo("credentials");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage())
          .contains("functionKey", "x-functions-key")
          .doesNotContain("wrong-function-key");
      assertThat(fake.recordedCalls()).hasSize(1);
    }

    @Test
    @DisplayName("a refused master key fails init at once, naming masterKey and never showing it")
    void wrongMasterKey() {
      ComputeInitException e = initFailure(m -> m.putSecret("masterKey", "wrong-master-key"));
      assertThat(e.failedCheck()).isEqualTo("credentials");
      assertThat(e.getMessage())
          .contains("masterKey", "_master")
          .doesNotContain("wrong-master-key");
      assertThat(paths()).containsExactly("/admin/host/status");
    }

    @Test
    @DisplayName(
        "admin isolation's 403 skips the admin checks with a warning, and the info call decides")
    void adminIsolation() {
      fake.adminIsolation(true);
      InitReport report = open(metadata -> {}).report();
      InitCheck hostStatus = report.check("hostStatus").orElseThrow();
      assertThat(hostStatus.outcome()).isEqualTo(Outcome.WARNING);
      assertThat(hostStatus.detail()).contains("admin isolation", "403");
      assertThat(report.check("functionStatus").orElseThrow().outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(report.check("deployed").orElseThrow().outcome()).isEqualTo(Outcome.PASSED);
      assertThat(paths()).containsExactly("/admin/host/status", "/api/dapr" + Protocol.INFO_PATH);
    }

    @Test
    @DisplayName(
        "a function key given as masterKey (403 on the admin API) is a warning too, not a failure")
    void functionKeyAsMasterKey() {
      InitReport report = open(m -> m.putSecret("masterKey", fake.functionKey())).report();
      InitCheck hostStatus = report.check("hostStatus").orElseThrow();
      assertThat(hostStatus.outcome()).isEqualTo(Outcome.WARNING);
      assertThat(hostStatus.detail()).contains("not the master key");
    }

    @Test
    @DisplayName(
        "an app that does not serve the admin API (404 at /admin/host/status) skips the checks with a warning")
    void noAdminApi() {
      fake.failWhen(call -> call.path().startsWith("/admin/") ? PlatformFault.notFound() : null);
      InitReport report = open(metadata -> {}).report();
      InitCheck hostStatus = report.check("hostStatus").orElseThrow();
      assertThat(hostStatus.outcome()).isEqualTo(Outcome.WARNING);
      assertThat(hostStatus.detail()).contains("admin API");
      assertThat(report.check("deployed").orElseThrow().outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    @DisplayName(
        "a redirect from the admin API is never followed, and the failure says where it pointed")
    void adminRedirect() {
      fake.failWhen(
          call ->
              call.path().startsWith("/admin/")
                  ? PlatformFault.redirect(
                      301, "https://orders-app.azurewebsites.net" + call.path())
                  : null);
      // Retried until initTimeout: long enough for one attempt on a loaded machine (500 ms was
      // not).
      ComputeInitException e = initFailure(metadata -> metadata.initTimeout(Duration.ofSeconds(4)));
      assertThat(e.getMessage())
          .contains(
              "301", "https://orders-app.azurewebsites.net/admin/host/status", "never follows");
      assertThat(paths()).allMatch("/admin/host/status"::equals);
    }

    @Test
    @DisplayName(
        "a disabled function fails init at once as not deployed; with the master key the message says disabled")
    void disabledFunction() {
      fake.disableFunction();
      ComputeInitException withMasterKey = initFailure(metadata -> {});
      assertThat(withMasterKey.failedCheck()).isEqualTo("deployed");
      assertThat(withMasterKey.isRetryable()).isFalse();
      assertThat(withMasterKey.getMessage())
          .contains("'dapr'", "is disabled", "AzureWebJobs.dapr.Disabled");
      assertThat(paths()).containsExactly("/admin/host/status", "/admin/functions/dapr");

      fake.reset();
      fake.disableFunction();
      ComputeInitException withoutMasterKey = initFailure(withoutMasterKey());
      assertThat(withoutMasterKey.failedCheck()).isEqualTo("deployed");
      assertThat(withoutMasterKey.getMessage())
          .contains("not deployed, is disabled, or its route does not match");
    }

    @Test
    @DisplayName(
        "a function the app does not have fails init at once, naming it, before any function call")
    void unknownFunction() {
      ComputeInitException e =
          initFailure(metadata -> metadata.put("endpoint", fake.baseUrl() + "/api/orders"));
      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.getMessage())
          .contains("has no function 'orders'", "route must be 'orders/{*path}'");
      assertThat(paths()).containsExactly("/admin/host/status", "/admin/functions/orders");
    }

    @Test
    @DisplayName(
        "without the master key, a route that matches no function fails init at once with the route's meaning")
    void routeMismatch() {
      ComputeInitException e =
          initFailure(
              withoutMasterKey().andThen(m -> m.put("endpoint", fake.baseUrl() + "/api/orders")));
      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.getMessage()).contains("404 NotFound", "its route does not match the endpoint");
    }
  }

  // ==================================================================================== deliveries

  @Nested
  @DisplayName("deliveries")
  class Deliveries {
    private Compute compute;

    @BeforeEach
    void openOne() {
      compute = open(withoutMasterKey()).compute();
      fake.reset();
    }

    private ComputeUnavailableException invokeFailure(PlatformFault fault) {
      fake.failNext(1, fault);
      Throwable failure =
          failureOf(
              compute.onInvoke(
                  new InvokeRequest(
                      "echo",
                      Payload.ofUtf8("x"),
                      "text/plain",
                      HttpVerb.POST,
                      "",
                      Metadata.empty())));
      assertThat(failure).isInstanceOf(ComputeUnavailableException.class);
      assertThat(fake.function().received()).as("the fault answered for the function").isEmpty();
      return (ComputeUnavailableException) failure;
    }

    private TopicEventResponse topicOutcome(PlatformFault fault) {
      fake.failNext(1, fault);
      return await(
          compute.onTopicEvent(
              TopicEventRequest.of(
                  "e1", "pubsub", "orders", Payload.ofUtf8("DROP"), "text/plain")));
    }

    @Test
    @DisplayName("401: the function key was refused")
    void unauthorized() {
      ComputeUnavailableException e = invokeFailure(PlatformFault.unauthorized());
      assertThat(e.reason()).isEqualTo(Reason.PLATFORM_CREDENTIALS);
      assertThat(e.getMessage()).contains("401 Unauthorized", "functionKey", "x-functions-key");
      assertThat(topicOutcome(PlatformFault.unauthorized()).reason()).contains("functionKey");
    }

    @Test
    @DisplayName("404: not deployed, disabled, or a route that does not match")
    void notFound() {
      ComputeUnavailableException e = invokeFailure(PlatformFault.notFound());
      assertThat(e.reason()).isEqualTo(Reason.NOT_DEPLOYED);
      assertThat(e.gatewayStatus()).isEqualTo(502);
      assertThat(e.getMessage()).contains("is not deployed", "route", "dapr/{*path}");
      TopicEventResponse outcome = topicOutcome(PlatformFault.notFound());
      assertThat(outcome.status())
          .as("a platform 404 is never DROP")
          .isEqualTo(TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("502: the front end's 230 s cut-off, suggesting the async pattern")
    void frontEndCutOff() {
      ComputeUnavailableException e = invokeFailure(PlatformFault.gatewayTimeout());
      assertThat(e.getMessage()).contains("502 BadGateway", "230 s", "async pattern");
      assertThat(e.gatewayStatus()).isEqualTo(502);
      TopicEventResponse outcome = topicOutcome(PlatformFault.gatewayTimeout());
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(outcome.reason()).contains("230 s");
    }

    @Test
    @DisplayName("503: the host is not running (a cold start)")
    void hostNotRunning() {
      ComputeUnavailableException e = invokeFailure(PlatformFault.coldStart(Duration.ofMillis(10)));
      assertThat(e.reason()).isEqualTo(Reason.PLATFORM_ERROR);
      assertThat(e.gatewayStatus()).isEqualTo(503);
      assertThat(e.getMessage()).contains("503 HostNotRunning", "host is not running");
      fake.hostState("Offline");
      assertThat(failureOf(compute.onInvoke(InvokeRequest.of("echo", HttpVerb.GET))))
          .hasMessageContaining("AppOffline");
    }

    @Test
    @DisplayName("429: the host throttles and asked to scale out; Retry-After is kept")
    void throttled() {
      ComputeUnavailableException e = invokeFailure(PlatformFault.throttled(Duration.ofSeconds(3)));
      assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
      assertThat(e.getMessage()).contains("X-FUNCTION-SCALEOUT");
      assertThat(topicOutcome(PlatformFault.throttled(Duration.ofSeconds(3))).retryAfterDuration())
          .contains(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("403: the app is stopped")
    void stopped() {
      ComputeUnavailableException e = invokeFailure(PlatformFault.forbidden());
      assertThat(e.reason()).isEqualTo(Reason.PLATFORM_CREDENTIALS);
      assertThat(e.getMessage()).contains("AppStopped", "This web app is stopped.");
    }

    @Test
    @DisplayName("500 and an unmarked 200 are platform failures that say where to look")
    void otherFailures() {
      assertThat(invokeFailure(PlatformFault.serverError()).getMessage())
          .contains("500 InternalServerError", "logs");
      ComputeUnavailableException homePage = invokeFailure(PlatformFault.malformedBody());
      assertThat(homePage.getMessage()).contains("200 NoMarker", "home page");
      assertThat(
              topicOutcome(
                      PlatformFault.unmarkedAnswer(
                          200, "application/json", "{\"status\":\"DROP\"}"))
                  .status())
          .isEqualTo(TopicEventStatus.RETRY);
    }

    @Test
    @DisplayName("a binding event the platform fails is a retryable error in Azure's words")
    void bindingEvent() {
      fake.failNext(1, PlatformFault.gatewayTimeout());
      Throwable failure =
          failureOf(
              compute.onBindingEvent(
                  new BindingEventRequest(
                      "orders-queue", Payload.ofUtf8("x"), java.util.Map.of())));
      assertThat(failure)
          .isInstanceOf(ComputeUnavailableException.class)
          .hasMessageContaining("230 s");
    }
  }

  // ==================================================================================== limits

  @Test
  @DisplayName("a body over Azure's 100 MB is refused before anything is sent, saying so")
  void hundredMegabytes() {
    Compute compute =
        open(withoutMasterKey().andThen(m -> m.put("maxBodySize", "200Mi"))).compute();
    fake.reset();
    byte[] body = new byte[(int) AzureFunctionsPlatformProvider.MAX_REQUEST_BODY + 1];
    Throwable failure =
        failureOf(
            compute.onInvoke(
                new InvokeRequest(
                    "echo",
                    Payload.wrap(body),
                    "application/octet-stream",
                    HttpVerb.POST,
                    "",
                    Metadata.empty())));
    assertThat(failure)
        .isInstanceOf(ComputeRequestException.class)
        .hasMessageContaining("Azure Functions' limit of 100 MB (104857600 bytes)");
    assertThat(fake.recordedCalls()).isEmpty();
  }
}
