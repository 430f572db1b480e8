package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.InitAttempt;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.testkit.AwsLambdaFake;
import dev.daprcompute.testkit.ReceivedRequest;
import dev.daprcompute.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * compute.aws.lambda against the Lambda fake, for what the conformance suite does not cover:
 * Lambda's init checks, qualifiers and ARNs on the wire, function crashes, payload limits, Event
 * invocations, session tokens, and secrets kept out of messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsLambdaComputeTest {
  private AwsLambdaFake fake;
  private final List<Compute> opened = new ArrayList<>();

  @BeforeAll
  void start() {
    fake = AwsLambdaFake.start("orders-fn");
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

  private Compute open(Consumer<ComponentMetadata.Builder> customize) {
    ComponentMetadata.Builder metadata =
        fake.component("orders").initTimeout(Duration.ofSeconds(3));
    customize.accept(metadata);
    Compute compute =
        ComputeProviders.provider(new AwsLambdaPlatformProvider())
            .create(ComputeContext.defaults().withAppId("checkout"));
    opened.add(compute);
    compute.init(metadata.build());
    return compute;
  }

  private ComputeInitException initFailure(Consumer<ComponentMetadata.Builder> customize) {
    Throwable thrown = catchThrowable(() -> open(customize));
    assertThat(thrown).isInstanceOf(ComputeInitException.class);
    return (ComputeInitException) thrown;
  }

  /** The future's value, waiting at most 20 s. */
  private static <T> T await(CompletableFuture<T> future) {
    return future.orTimeout(20, TimeUnit.SECONDS).join();
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    Throwable thrown = catchThrowable(() -> await(future));
    assertThat(thrown).isInstanceOf(CompletionException.class);
    return thrown.getCause();
  }

  private List<RecordedCall> invocations() {
    return fake.recordedCalls().stream().filter(c -> c.path().endsWith("/invocations")).toList();
  }

  // ------------------------------------------------------------------ init

  @Test
  @DisplayName(
      "init runs a DryRun invoke and GetFunctionConfiguration before the info call, and reports them")
  void initChecks() {
    Compute compute = open(m -> {});
    assertThat(compute.features()).contains(Feature.PLATFORM_CHECKS);
    List<RecordedCall> calls = fake.recordedCalls();
    assertThat(calls.get(0).headers().first("x-amz-invocation-type")).contains("DryRun");
    assertThat(calls.get(1).method()).isEqualTo("GET");
    assertThat(calls.get(1).path()).isEqualTo("/2015-03-31/functions/orders-fn/configuration");
    assertThat(fake.function().received(Protocol.INFO_PATH)).hasSize(1);
    Compute fresh =
        ComputeProviders.provider(new AwsLambdaPlatformProvider())
            .create(ComputeContext.defaults());
    opened.add(fresh);
    InitReport report = fresh.init(fake.component("orders").build());
    assertThat(report.checks())
        .extracting(InitCheck::name)
        .containsExactly(
            "invokePermission", "functionState", "deployed", "auth", "protocol", "version");
    assertThat(report.checks())
        .filteredOn(c -> c.name().equals("functionState"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.detail())
                    .contains("State Active")
                    .contains("LastUpdateStatus Successful"));
  }

  @Test
  @DisplayName(
      "a function Lambda does not know fails init naming 'deployed', with Lambda's message")
  void initNotDeployed() {
    ComputeInitException e = initFailure(m -> m.put("functionName", "no-such-fn"));
    assertThat(e.failedCheck()).isEqualTo("deployed");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .contains("no-such-fn")
        .contains("ResourceNotFoundException")
        .contains("Function not found");
    ComputeInitException alias = initFailure(m -> m.put("qualifier", "no-such-alias"));
    assertThat(alias.failedCheck()).isEqualTo("deployed");
    assertThat(alias.getMessage()).contains("no-such-alias");
  }

  @Test
  @DisplayName(
      "a wrong secret fails init naming 'credentials'; Lambda's echo of the canonical request never reaches the message")
  void initWrongSecret() {
    fake.addCredentials(
        "ASIAFAKESESSION00001",
        "the-real-secret",
        "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN0123456789abcdefABCDEF/+=");
    ComputeInitException e =
        initFailure(
            m ->
                m.putSecret("accessKey", "ASIAFAKESESSION00001")
                    .putSecret("secretKey", "a-wrong-secret-0123456789")
                    .putSecret(
                        "sessionToken",
                        "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN0123456789abcdefABCDEF/+="));
    assertThat(e.failedCheck()).isEqualTo("credentials");
    assertThat(e.getMessage())
        .contains("InvalidSignatureException")
        .contains("signature we calculated does not match")
        .doesNotContain("IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN")
        .doesNotContain("a-wrong-secret")
        .doesNotContain("Canonical");
    assertThat(e.checks().toString()).doesNotContain("IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN");
  }

  @Test
  @DisplayName(
      "an unknown access key fails init naming 'credentials' with UnrecognizedClientException")
  void initUnknownKey() {
    ComputeInitException e =
        initFailure(
            m -> m.putSecret("accessKey", "AKIAUNKNOWN000000000").putSecret("secretKey", "x"));
    assertThat(e.failedCheck()).isEqualTo("credentials");
    assertThat(e.getMessage())
        .contains("UnrecognizedClientException")
        .contains("lambda:InvokeFunction");
  }

  @Test
  @DisplayName(
      "temporary credentials from metadata send their session token, which Lambda requires")
  void sessionToken() {
    fake.addCredentials("ASIAFAKESESSION00002", "temporary-secret", "token-of-the-session");
    Compute compute =
        open(
            m ->
                m.putSecret("accessKey", "ASIAFAKESESSION00002")
                    .putSecret("secretKey", "temporary-secret")
                    .putSecret("sessionToken", "token-of-the-session"));
    assertThat(compute.features()).contains(Feature.PLATFORM_CHECKS);
    assertThat(fake.recordedCalls())
        .allSatisfy(
            call ->
                assertThat(call.headers().first("x-amz-security-token"))
                    .contains("token-of-the-session"));
    ComputeInitException withoutToken =
        initFailure(
            m ->
                m.putSecret("accessKey", "ASIAFAKESESSION00002")
                    .putSecret("secretKey", "temporary-secret"));
    assertThat(withoutToken.failedCheck()).isEqualTo("credentials");
  }

  @Test
  @DisplayName("a function in State Failed fails init naming 'functionState', for good")
  void initFailedState() {
    fake.functionState("Failed", "Successful");
    ComputeInitException e = initFailure(m -> {});
    assertThat(e.failedCheck()).isEqualTo("functionState");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("State Failed");
    assertThat(e.checks())
        .extracting(InitCheck::name)
        .containsExactly("invokePermission", "functionState");
  }

  @Test
  @DisplayName(
      "a Pending function or an update InProgress is retried until initTimeout, then reported as retryable")
  void initWaitsForUpdates() {
    fake.functionState("Active", "InProgress");
    assertWaitsThenGivesUp("InProgress");
    fake.reset();
    fake.functionState("Pending", "InProgress");
    assertWaitsThenGivesUp("Pending");
  }

  /**
   * Init keeps trying until initTimeout without calling the function, then fails retryable. Its
   * last attempt may run out of time on a loaded machine, so the reason is read from one platform
   * check with time to spare, not from init's last failure.
   */
  private void assertWaitsThenGivesUp(String why) {
    long start = System.nanoTime();
    ComputeInitException e = initFailure(m -> m.initTimeout(Duration.ofSeconds(2)));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .as("init kept trying until initTimeout")
        .isGreaterThanOrEqualTo(1_500L);
    assertThat(e.isRetryable()).isTrue();
    assertThat(fake.function().received(Protocol.INFO_PATH))
        .as("the function is not called while " + why)
        .isEmpty();
    PlatformTransport transport =
        new AwsLambdaPlatformProvider()
            .transport(fake.component("orders").build(), ComputeContext.defaults());
    assertThat(catchThrowable(() -> transport.checkPlatform(attemptWithin(Duration.ofSeconds(20)))))
        .isInstanceOf(ComputeUnavailableException.class)
        .hasMessageContaining(why);
  }

  @Test
  @DisplayName(
      "without permission to read the configuration, the state check is skipped and init goes on")
  void initConfigurationDenied() {
    fake.denyConfiguration(true);
    Compute compute =
        ComputeProviders.provider(new AwsLambdaPlatformProvider())
            .create(ComputeContext.defaults());
    opened.add(compute);
    InitReport report = compute.init(fake.component("orders").build());
    assertThat(report.checks())
        .filteredOn(c -> c.name().equals("functionState"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.outcome()).isEqualTo(InitCheck.Outcome.SKIPPED);
              assertThat(c.detail())
                  .contains("lambda:GetFunctionConfiguration")
                  .contains("AccessDeniedException");
            });
  }

  @Test
  @DisplayName("metadata problems fail init naming every field at once, and no secret")
  void metadataProblems() {
    Throwable thrown =
        catchThrowable(
            () ->
                open(
                    m ->
                        m.put("functionName", "bad name")
                            .put("authType", "NONE")
                            .putSecret("secretKey", "do-not-print-me")
                            .put("accessKey", "")));
    assertThat(thrown).isInstanceOf(ComputeConfigurationException.class);
    assertThat(((ComputeConfigurationException) thrown).problems())
        .extracting(p -> String.valueOf(p.field()))
        .anySatisfy(f -> assertThat(f).contains("functionName"))
        .anySatisfy(f -> assertThat(f).contains("authType"))
        .anySatisfy(f -> assertThat(f).contains("accessKey"));
    assertThat(thrown.getMessage()).doesNotContain("do-not-print-me");
  }

  // ------------------------------------------------------------------ calls

  @Test
  @DisplayName(
      "name:alias, ARNs and qualifiers reach Lambda percent-encoded as the AWS SDKs send them, and verify")
  void qualifiersAndArns() {
    fake.addAlias("prod");
    Compute alias = open(m -> m.put("functionName", "orders-fn:prod"));
    InvokeResponse reply = await(alias.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(invocations())
        .allSatisfy(
            c ->
                assertThat(c.path())
                    .isEqualTo("/2015-03-31/functions/orders-fn%3Aprod/invocations"));
    fake.reset();
    Compute arn =
        open(
            m ->
                m.put("functionName", fake.functionArn())
                    .put("qualifier", "$LATEST")
                    .put("region", ""));
    assertThat(await(arn.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET))).status())
        .isEqualTo(200);
    assertThat(invocations())
        .allSatisfy(
            c -> {
              assertThat(c.path())
                  .isEqualTo(
                      "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders-fn/invocations");
              assertThat(c.query()).isEqualTo("Qualifier=%24LATEST");
            });
  }

  @Test
  @DisplayName(
      "the token travels inside the event, in the authorization header the function reads; no AWS header reaches it")
  void tokenInsideTheEvent() {
    Compute compute = open(m -> {});
    await(compute.onInvoke(InvokeRequest.of("echo", HttpVerb.GET)));
    ReceivedRequest received = fake.function().received("/echo").get(0);
    assertThat(received.headers().first("authorization").orElse("")).startsWith("Bearer ey");
    assertThat(received.headers().names()).noneMatch(name -> name.startsWith("x-amz"));
    assertThat(
            invocations().get(invocations().size() - 1).headers().first("authorization").orElse(""))
        .startsWith("AWS4-HMAC-SHA256");
  }

  @Test
  @DisplayName(
      "a crashing function (X-Amz-Function-Error) is FUNCTION_CRASHED for invocations and RETRY for events")
  void crashes() {
    Compute compute = open(m -> {});
    fake.crashNext(1);
    Throwable failure = failureOf(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
    assertThat(failure).isInstanceOf(ComputeUnavailableException.class);
    ComputeUnavailableException e = (ComputeUnavailableException) failure;
    assertThat(e.reason()).isEqualTo(Reason.FUNCTION_CRASHED);
    assertThat(e.gatewayStatus()).isEqualTo(502);
    assertThat(e.getMessage())
        .contains("java.lang.IllegalStateException")
        .contains("crashed on purpose");
    fake.crashNext(1);
    assertThat(
            await(
                    compute.onTopicEvent(
                        TopicEventRequest.of(
                            "1", "pubsub", "orders", Payload.ofUtf8("DROP"), "text/plain")))
                .status())
        .isEqualTo(TopicEventStatus.RETRY);
  }

  @Test
  @DisplayName("a request over Lambda's 6 MB after the envelope is refused before anything is sent")
  void payloadLimit() {
    Compute compute = open(m -> m.put("maxBodySize", "16Mi"));
    fake.reset();
    Throwable failure =
        failureOf(
            compute.onInvoke(
                InvokeRequest.post(
                    "echo-body", Payload.wrap(new byte[5 << 20]), "application/octet-stream")));
    assertThat(failure).isInstanceOf(ComputeRequestException.class);
    assertThat(failure.getMessage()).contains("6291556 bytes");
    assertThat(fake.recordedCalls()).isEmpty();
  }

  @Test
  @DisplayName("a large binary body goes and comes back byte for byte through base64")
  void largeBinaryAnswer() {
    Compute compute = open(m -> {});
    byte[] bytes = new byte[3_000_000];
    new java.util.Random(7).nextBytes(bytes);
    InvokeResponse reply =
        await(
            compute.onInvoke(
                InvokeRequest.post("echo-body", Payload.wrap(bytes), "application/octet-stream")));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.data().size()).isEqualTo(bytes.length);
    assertThat(reply.data().toByteArray()).as("every byte, both ways").isEqualTo(bytes);
  }

  @Test
  @DisplayName(
      "with invocationType Event, binding events are queued with Lambda (202) and answered as queued, with Lambda's request id")
  void eventBindings() {
    Compute compute = open(m -> m.put("invocationType", "Event"));
    assertThat(compute.features()).contains(Feature.ASYNC_BINDING_EVENTS);
    BindingEventResponse reply =
        await(
            compute.onBindingEvent(
                new BindingEventRequest(
                    "orders-queue", Payload.ofUtf8("{\"id\":1}"), Map.of("x-message-id", "m-1"))));
    assertThat(reply.isQueued()).isTrue();
    assertThat(reply.queuedAs())
        .matches("[0-9a-f-]{36}"); // the fake's x-amzn-RequestId, a UUID as Lambda's
    assertThat(reply.data().isEmpty()).isTrue();
    assertThat(reply.to()).isEmpty();
    assertThat(invocations().get(invocations().size() - 1).headers().first("x-amz-invocation-type"))
        .contains("Event");
    ReceivedRequest received = fake.function().received("/orders-queue").get(0);
    assertThat(received.body().toUtf8()).isEqualTo("{\"id\":1}");
    assertThat(received.headers().first("x-message-id")).contains("m-1");
    assertThat(await(compute.onInvoke(InvokeRequest.of("status/201", HttpVerb.GET))).status())
        .as("invocations stay synchronous")
        .isEqualTo(201);
  }

  @Test
  @DisplayName("mode url with auth NONE sends the token in Authorization and signs nothing")
  void functionUrlNone() {
    try (AwsLambdaFake open =
        AwsLambdaFake.startFunctionUrl("orders-fn", AwsLambdaFake.UrlAuth.NONE)) {
      Compute compute =
          ComputeProviders.provider(new AwsLambdaPlatformProvider())
              .create(ComputeContext.defaults());
      opened.add(compute);
      InitReport report = compute.init(open.component("orders").build());
      assertThat(report.checks()).extracting(InitCheck::name).doesNotContain("invokePermission");
      assertThat(await(compute.onInvoke(InvokeRequest.of("status/202", HttpVerb.GET))).status())
          .isEqualTo(202);
      assertThat(open.recordedCalls())
          .allSatisfy(
              call -> {
                assertThat(call.headers().first("authorization").orElse("")).startsWith("Bearer ");
                assertThat(call.headers().contains("x-amz-date")).isFalse();
              });
    }
  }

  /** An init attempt with {@code left} of initTimeout; Lambda's checks use only its deadline. */
  private static InitAttempt attemptWithin(Duration left) {
    Deadline deadline = Deadline.after(left);
    return new InitAttempt() {
      @Override
      public Deadline deadline() {
        return deadline;
      }

      @Override
      public SigningKey signingKey() {
        throw new AssertionError("Lambda's checks do not sign");
      }

      @Override
      public String audience() {
        throw new AssertionError("Lambda's checks need no audience");
      }

      @Override
      public void deploymentInProgress(String sdk, String version) {
        throw new AssertionError("Lambda's checks change no deployment");
      }
    };
  }
}
