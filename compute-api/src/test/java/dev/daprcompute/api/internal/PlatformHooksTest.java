package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.InitAttempt;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.TimeoutDefaults;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.wire.TokenChallenge;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a platform adds to the protocol through the SPI: its own timeout defaults, a deployment in
 * progress, checks that warn or fail for good, and subscriptions of its own.
 */
@Timeout(30)
class PlatformHooksTest {
  private static final SigningKey KEY = SigningKey.generateEd25519();

  private final MockWebServer server = new MockWebServer();
  private final List<Compute> opened = new ArrayList<>();

  /** Answers each request by its path; unset paths are 404 without the marker. */
  private final AtomicReference<Function<String, MockResponse>> answers =
      new AtomicReference<>(path -> null);

  private final CountDownLatch end = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String path = request.getUrl().encodedPath();
            if (path.equals("/held")) {
              end.await(20, TimeUnit.SECONDS);
            }
            MockResponse answer = answers.get().apply(path);
            return answer != null
                ? answer
                : new MockResponse.Builder().code(404).body("Not Found").build();
          }
        });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    end.countDown();
    opened.forEach(Compute::close);
    server.close();
  }

  private static MockResponse info(String sdk, String version) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader(Protocol.MARKER_HEADER, "1")
        .body(
            new String(
                WireFormat.writeInfo(new InfoDocument(1, version, sdk, List.of(), List.of())),
                StandardCharsets.UTF_8))
        .build();
  }

  private static MockResponse functionInfo() {
    return info("dapr-compute-test", "1.0.0");
  }

  /** A platform whose transport goes to the mock server and runs {@code checks} on each attempt. */
  private record Platform(
      HttpUrl base,
      TimeoutDefaults defaults,
      Function<InitAttempt, List<InitCheck>> checks,
      Function<Deadline, List<TopicSubscription>> subscriptions)
      implements PlatformProvider {
    Platform(HttpUrl base, Function<InitAttempt, List<InitCheck>> checks) {
      this(base, TimeoutDefaults.COMMON, checks, deadline -> List.of());
    }

    @Override
    public String type() {
      return "compute.test";
    }

    @Override
    public List<MetadataField> fields() {
      return List.of();
    }

    @Override
    public TimeoutDefaults timeoutDefaults() {
      return defaults;
    }

    @Override
    public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
      return new PlatformTransport() {
        @Override
        public String platformName() {
          return "the test platform";
        }

        @Override
        public String functionName() {
          return "fn";
        }

        @Override
        public OkHttpClient httpClient() {
          return context.httpClient();
        }

        @Override
        public Request toHttpRequest(FunctionRequest request) {
          return HttpRequests.below(base, request).build();
        }

        @Override
        public List<InitCheck> checkPlatform(InitAttempt attempt) {
          return checks.apply(attempt);
        }

        @Override
        public List<TopicSubscription> platformSubscriptions(Deadline deadline) {
          return subscriptions.apply(deadline);
        }
      };
    }
  }

  private static ComponentMetadata.Builder component() {
    return ComponentMetadata.builder("orders", "compute.test")
        .putSecret("key", KEY.privateKeyPem())
        .initTimeout(Duration.ofSeconds(10));
  }

  private Compute create(Platform platform) {
    Compute compute = ComputeProviders.provider(platform).create(ComputeContext.defaults());
    opened.add(compute);
    return compute;
  }

  private ComputeInitException initFailure(Platform platform, ComponentMetadata metadata) {
    Throwable thrown = catchThrowable(() -> create(platform).init(metadata));
    assertThat(thrown).isInstanceOf(ComputeInitException.class);
    return (ComputeInitException) thrown;
  }

  // ------------------------------------------------------------------ a deployment in progress

  @Test
  @DisplayName(
      "after a deployment, the info call's 404 and the previous version are retried until the new one answers")
  void deploymentInProgress() {
    AtomicInteger infoCalls = new AtomicInteger();
    answers.set(
        path ->
            !path.equals(Protocol.INFO_PATH)
                ? null
                : switch (infoCalls.incrementAndGet()) {
                  case 1, 2 -> null; // the edge does not know the new deployment yet
                  case 3 ->
                      info("jump", "1.1.0"); // the previous deployment still answers somewhere
                  default -> info("jump", "1.2.0");
                });
    AtomicInteger attempts = new AtomicInteger();
    Platform platform =
        new Platform(
            server.url("/"),
            attempt -> {
              assertThat(attempt.signingKey().keyId()).isEqualTo(KEY.keyId());
              assertThat(attempt.audience()).isEqualTo("orders-audience");
              if (attempts.incrementAndGet() == 1) {
                attempt.deploymentInProgress("jump", "1.2.0");
                return List.of(InitCheck.passed("upload", "uploaded"));
              }
              return List.of(InitCheck.passed("upload", "up to date"));
            });

    InitReport report =
        create(platform).init(component().put("audience", "orders-audience").build());

    assertThat(report.attempts()).isEqualTo(4);
    assertThat(report.checks())
        .extracting(InitCheck::name)
        .containsExactly("upload", "ready", "deployed", "auth", "protocol", "version");
    assertThat(report.check("ready").orElseThrow().detail())
        .contains("answered the info call as jump 1.2.0")
        .contains("ms after the change");
  }

  @Test
  @DisplayName(
      "a deployment that never answers gives up at initTimeout, retryable, saying so with the real cause")
  void deploymentNeverAnswers() {
    Platform platform =
        new Platform(
            server.url("/"),
            attempt -> {
              attempt.deploymentInProgress("jump", "1.2.0");
              return List.of();
            });

    ComputeInitException e =
        initFailure(platform, component().initTimeout(Duration.ofMillis(1200)).build());

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.failedCheck()).isEqualTo("deployed");
    assertThat(e.getMessage())
        .contains("function 'fn' has not answered as jump 1.2.0")
        .contains("404")
        .doesNotContain("did not finish within");
  }

  @Test
  @DisplayName(
      "while a deployment is in progress a rejected token is the previous deployment's, and retried")
  void tokenRejectedWhileDeploying() {
    AtomicInteger infoCalls = new AtomicInteger();
    answers.set(
        path ->
            !path.equals(Protocol.INFO_PATH)
                ? null
                : infoCalls.incrementAndGet() == 1
                    ? new MockResponse.Builder()
                        .code(401)
                        .addHeader(Protocol.MARKER_HEADER, "1")
                        .addHeader(Protocol.WWW_AUTHENTICATE, TokenChallenge.write("unknown kid"))
                        .build()
                    : functionInfo());
    Platform platform =
        new Platform(
            server.url("/"),
            attempt -> {
              attempt.deploymentInProgress("jump", "1.0.0");
              return List.of();
            });

    InitReport report = create(platform).init(component().build());

    assertThat(report.attempts()).isEqualTo(2);
    assertThat(report.check("auth").orElseThrow().outcome()).isEqualTo(InitCheck.Outcome.PASSED);
  }

  @Test
  @DisplayName("without a deployment in progress, the info call's 404 still fails init at once")
  void notDeployedWithoutDeployment() {
    ComputeInitException e =
        initFailure(new Platform(server.url("/"), attempt -> List.of()), component().build());
    assertThat(e.failedCheck()).isEqualTo("deployed");
    assertThat(e.isRetryable()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ checks that warn or fail

  @Test
  @DisplayName("a check with a warning lets init pass and stays in the report")
  void warning() {
    answers.set(path -> path.equals(Protocol.INFO_PATH) ? functionInfo() : null);
    Platform platform =
        new Platform(
            server.url("/"), attempt -> List.of(InitCheck.warning("admin", "refused: 403")));

    InitReport report = create(platform).init(component().build());

    assertThat(report.check("admin").orElseThrow().outcome()).isEqualTo(InitCheck.Outcome.WARNING);
    assertThat(report.check("deployed").orElseThrow().outcome())
        .isEqualTo(InitCheck.Outcome.PASSED);
  }

  @Test
  @DisplayName("a platform check that fails for good is worded as init's, with the checks that ran")
  void platformCheckFailsForGood() {
    Platform platform =
        new Platform(
            server.url("/"),
            attempt -> {
              throw new ComputeInitException(
                  "script",
                  "worker 'w' is someone else's",
                  List.of(
                      InitCheck.passed("credentials", "ok"),
                      InitCheck.failed("script", "worker 'w' is someone else's")),
                  false,
                  null);
            });

    ComputeInitException e = initFailure(platform, component().build());

    assertThat(e.failedCheck()).isEqualTo("script");
    assertThat(e.getMessage())
        .isEqualTo("init of component 'orders' failed: worker 'w' is someone else's");
    assertThat(e.checks()).extracting(InitCheck::name).containsExactly("credentials", "script");
    assertThat(server.getRequestCount()).as("no info call").isZero();
  }

  // ------------------------------------------------------------------ timeout defaults

  @Test
  @DisplayName(
      "a platform's default initTimeout applies when spec.initTimeout is not set, and only then")
  void platformInitTimeout() {
    TimeoutDefaults defaults =
        new TimeoutDefaults(Duration.ofSeconds(60), Duration.ofMillis(700), "");
    Platform failing =
        new Platform(
            server.url("/"),
            defaults,
            attempt -> {
              throw new ComputeUnavailableException(
                  Reason.PLATFORM_ERROR, "the platform is busy", null);
            },
            deadline -> List.of());

    ComputeInitException byDefault =
        initFailure(
            failing,
            ComponentMetadata.builder("orders", "compute.test")
                .putSecret("key", KEY.privateKeyPem())
                .build());
    ComputeInitException set =
        initFailure(failing, component().initTimeout(Duration.ofMillis(300)).build());

    assertThat(byDefault.getMessage()).contains("initTimeout 700 ms");
    assertThat(set.getMessage()).contains("initTimeout 300 ms");
  }

  @Test
  @DisplayName(
      "a platform's default timeout applies to calls when the component sets none, and its field says so")
  void platformTimeout() {
    answers.set(path -> path.equals(Protocol.INFO_PATH) ? functionInfo() : null);
    TimeoutDefaults defaults =
        new TimeoutDefaults(
            Duration.ofMillis(300), Duration.ofSeconds(5), "since the test platform is slow");
    Platform platform =
        new Platform(server.url("/"), defaults, attempt -> List.of(), deadline -> List.of());
    Compute byDefault = create(platform);
    byDefault.init(component().build());
    Compute set = create(platform);
    set.init(component().put("timeout", "400ms").build());

    assertThat(
            failureOf(
                () ->
                    byDefault
                        .onInvoke(InvokeRequest.of("held", HttpVerb.GET))
                        .orTimeout(25, TimeUnit.SECONDS)
                        .join()))
        .hasMessageContaining("within its timeout of 300 ms");
    assertThat(
            failureOf(
                () ->
                    set.onInvoke(InvokeRequest.of("held", HttpVerb.GET))
                        .orTimeout(25, TimeUnit.SECONDS)
                        .join()))
        .hasMessageContaining("within its timeout of 400 ms");
    assertThat(ComputeProviders.provider(platform).metadataFields())
        .filteredOn(f -> f.name().equals("timeout"))
        .singleElement()
        .satisfies(
            field ->
                assertThat(field.description())
                    .isEqualTo(
                        "the deadline of a call; default 300ms, since the test platform is slow"));
  }

  private static Throwable failureOf(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(CompletionException.class);
    return thrown.getCause();
  }

  // ------------------------------------------------------------------ the platform's subscriptions

  private static final String SUBSCRIPTIONS =
      new String(
          WireFormat.writeSubscriptions(
              List.of(
                  TopicSubscription.of("pubsub", "orders", "/orders"),
                  TopicSubscription.of("pubsub", "payments", "/payments"))),
          StandardCharsets.UTF_8);

  private MockResponse subscriptionsOrInfo(String path) {
    if (path.equals(Protocol.SUBSCRIBE_PATH)) {
      return new MockResponse.Builder()
          .code(200)
          .addHeader(Protocol.MARKER_HEADER, "1")
          .addHeader("content-type", "application/json")
          .body(SUBSCRIPTIONS)
          .build();
    }
    return path.equals(Protocol.INFO_PATH) ? functionInfo() : null;
  }

  @Test
  @DisplayName(
      "the platform's subscriptions follow the function's own, which win on the same pubsub and topic")
  void platformSubscriptions() {
    answers.set(this::subscriptionsOrInfo);
    AtomicReference<Deadline> asked = new AtomicReference<>();
    Platform platform =
        new Platform(
            server.url("/"),
            TimeoutDefaults.COMMON,
            attempt -> List.of(),
            deadline -> {
              asked.set(deadline);
              return List.of(
                  TopicSubscription.of("pubsub", "payments", "/elsewhere"),
                  TopicSubscription.of("kafka", "audit", "/audit"));
            });
    Compute compute = create(platform);
    compute.init(component().put("timeout", "7s").build());

    List<TopicSubscription> subscriptions =
        compute.listTopicSubscriptions().orTimeout(10, TimeUnit.SECONDS).join();

    assertThat(subscriptions)
        .extracting(s -> s.pubsubName() + "/" + s.topic() + " -> " + s.routes().defaultPath())
        .containsExactly(
            "pubsub/orders -> /orders", "pubsub/payments -> /payments", "kafka/audit -> /audit");
    assertThat(asked.get().remaining())
        .as("inside the call's deadline")
        .isLessThanOrEqualTo(Duration.ofSeconds(7))
        .isPositive();
  }

  @Test
  @DisplayName("when the platform cannot say, the listing fails rather than come back shorter")
  void platformSubscriptionsFail() {
    answers.set(this::subscriptionsOrInfo);
    Platform platform =
        new Platform(
            server.url("/"),
            TimeoutDefaults.COMMON,
            attempt -> List.of(),
            deadline -> {
              throw new ComputeUnavailableException(
                  Reason.PLATFORM_ERROR, "the gateway failed", null);
            });
    Compute compute = create(platform);
    compute.init(component().build());

    Throwable failure =
        failureOf(() -> compute.listTopicSubscriptions().orTimeout(10, TimeUnit.SECONDS).join());

    assertThat(failure)
        .isInstanceOf(ComputeUnavailableException.class)
        .hasMessageContaining("the gateway failed");
  }

  @Test
  @DisplayName(
      "a transport that ignores the deadline for the platform's subscriptions still ends the listing by it")
  void platformSubscriptionsKeepTheDeadline() {
    answers.set(this::subscriptionsOrInfo);
    Platform platform =
        new Platform(
            server.url("/"),
            TimeoutDefaults.COMMON,
            attempt -> List.of(),
            deadline -> {
              try {
                end.await(30, TimeUnit.SECONDS); // a broken transport: ignores its deadline
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return List.of();
            });
    Compute compute = create(platform);
    compute.init(component().build());

    Throwable failure =
        failureOf(
            () ->
                compute
                    .listTopicSubscriptions(CallOptions.timeout(Duration.ofMillis(500)))
                    .orTimeout(20, TimeUnit.SECONDS)
                    .join());

    assertThat(failure)
        .isInstanceOf(ComputeUnavailableException.class)
        .hasMessageContaining("did not arrive within the call's timeout");
    assertThat(((ComputeUnavailableException) failure).reason()).isEqualTo(Reason.TIMEOUT);
  }
}
