package dev.daprcompute.openfaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.testkit.OpenFaasFake;
import dev.daprcompute.testkit.PlatformFault;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * compute.openfaas against the gateway fake, for what the conformance suite does not cover: the
 * gateway's routes and namespaces, its /system checks, a missing function in both of the gateway's
 * words, scale from zero, the provider's own timeouts, subscriptions from the topic annotation,
 * asynchronous binding events, and credentials kept to /system and out of messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenFaasComputeTest {
  private static final ComputeProvider PROVIDER =
      ComputeProviders.provider(new OpenFaasPlatformProvider());
  private OpenFaasFake fake;
  private final List<Compute> opened = new ArrayList<>();

  @BeforeAll
  void start() {
    fake = OpenFaasFake.start("orders-fn");
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

  /** The fake's component (with /system credentials), customised, initialised. */
  private Compute open(Consumer<ComponentMetadata.Builder> customize) {
    return open(fake.component("orders").initTimeout(Duration.ofSeconds(3)), customize);
  }

  /** A component with only gateway, functionName, key and audience: no /system credentials. */
  private ComponentMetadata.Builder withoutCredentials() {
    return ComponentMetadata.builder("orders", OpenFaasPlatformProvider.TYPE)
        .put("gateway", fake.gateway())
        .put("functionName", fake.functionName())
        .putSecret("key", fake.function().componentKey().privateKeyPem())
        .put("audience", fake.function().audience())
        .initTimeout(Duration.ofSeconds(3));
  }

  private Compute open(
      ComponentMetadata.Builder metadata, Consumer<ComponentMetadata.Builder> customize) {
    customize.accept(metadata);
    Compute compute = PROVIDER.create(ComputeContext.defaults().withAppId("checkout"));
    opened.add(compute);
    compute.init(metadata.build());
    return compute;
  }

  private ComputeInitException initFailure(ComponentMetadata.Builder metadata) {
    Throwable thrown = catchThrowable(() -> open(metadata, m -> {}));
    assertThat(thrown).isInstanceOf(ComputeInitException.class);
    return (ComputeInitException) thrown;
  }

  private static <T> T await(CompletableFuture<T> future) {
    return future.orTimeout(20, TimeUnit.SECONDS).join();
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    Throwable thrown = catchThrowable(() -> future.orTimeout(20, TimeUnit.SECONDS).join());
    assertThat(thrown).isInstanceOf(CompletionException.class);
    return thrown.getCause();
  }

  private List<String> paths() {
    return fake.recordedCalls().stream()
        .map(
            call ->
                call.method()
                    + " "
                    + call.path()
                    + (call.query().isEmpty() ? "" : "?" + call.query()))
        .toList();
  }

  private static TopicEventRequest event(String data) {
    return TopicEventRequest.of(
        "ev-" + data, "pubsub", "orders", Payload.ofUtf8(data), "text/plain");
  }

  // ------------------------------------------------------------------ init

  @Nested
  @DisplayName("init")
  class Init {
    @Test
    @DisplayName(
        "with credentials: GET /system/function/{name} and /system/info before the info call, reported with replicas and versions")
    void checksTheGatewayFirst() {
      Compute compute = PROVIDER.create(ComputeContext.defaults());
      opened.add(compute);
      InitReport report = compute.init(fake.component("orders").build());
      assertThat(paths())
          .containsExactly(
              "GET /system/function/dapr-fn",
              "GET /system/info",
              "GET /function/dapr-fn" + Protocol.INFO_PATH);
      assertThat(report.checks())
          .extracting(InitCheck::name)
          .containsExactly("functionStatus", "gateway", "deployed", "auth", "protocol", "version");
      assertThat(report.check("functionStatus").orElseThrow().detail())
          .contains("function 'dapr-fn' is deployed")
          .contains("replicas 1, 1 ready");
      assertThat(report.check("gateway").orElseThrow().detail())
          .contains("OpenFaaS gateway " + OpenFaasFake.GATEWAY_VERSION)
          .contains("faas-netes 0.18.13")
          .contains("kubernetes");
      assertThat(compute.features())
          .contains(Feature.PLATFORM_CHECKS)
          .doesNotContain(Feature.ASYNC_BINDING_EVENTS);
    }

    @Test
    @DisplayName(
        "the /system credentials go to /system only; the function sees our bearer token, never them")
    void credentialsStayOnSystem() {
      Compute compute = open(m -> {});
      await(compute.onInvoke(InvokeRequest.post("echo", Payload.ofUtf8("x"), "text/plain")));
      for (RecordedCall call : fake.recordedCalls()) {
        String authorization = call.headers().first("authorization").orElse("");
        if (call.path().startsWith("/system/")) {
          assertThat(authorization).as(call.path()).startsWith("Basic ");
        } else {
          assertThat(authorization).as(call.path()).startsWith("Bearer ey");
        }
      }
      assertThat(fake.function().received())
          .isNotEmpty()
          .allSatisfy(
              request -> {
                assertThat(request.headers().first("authorization").orElse(""))
                    .startsWith("Bearer ");
                assertThat(request.token()).as("verified: %s", request.rejection()).isNotNull();
              });
    }

    @Test
    @DisplayName(
        "a function scaled to zero (FunctionStatus without replicas) passes: the info call scales it up")
    void scaledToZero() {
      fake.scale(0);
      Compute compute = PROVIDER.create(ComputeContext.defaults());
      opened.add(compute);
      InitReport report = compute.init(fake.component("orders").build());
      assertThat(report.check("functionStatus").orElseThrow().detail())
          .contains("scaled to zero")
          .contains("100 s");
      assertThat(fake.replicas()).as("the gateway's scaling handler woke it").isEqualTo(1);
    }

    @Test
    @DisplayName(
        "without credentials only the info call runs; the skipped check says how to have the gateway's")
    void onlyTheInfoCallWithoutCredentials() {
      Compute compute = PROVIDER.create(ComputeContext.defaults());
      opened.add(compute);
      InitReport report = compute.init(withoutCredentials().build());
      assertThat(paths()).containsExactly("GET /function/dapr-fn" + Protocol.INFO_PATH);
      InitCheck skipped = report.check("functionStatus").orElseThrow();
      assertThat(skipped.outcome()).isEqualTo(InitCheck.Outcome.SKIPPED);
      assertThat(skipped.detail()).contains("basicAuthUser").contains("basicAuthPassword");
      assertThat(report.check("gateway")).isEmpty();
      assertThat(compute.features()).doesNotContain(Feature.PLATFORM_CHECKS);
    }

    @Test
    @DisplayName(
        "wrong /system credentials fail init at once naming basicAuthUser and basicAuthPassword, never showing the password")
    void wrongCredentials() {
      String wrong = "not-the-password-" + System.nanoTime();
      ComputeInitException e =
          initFailure(fake.component("orders").putSecret("basicAuthPassword", wrong));
      assertThat(e.failedCheck()).isEqualTo("credentials");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage())
          .contains("basicAuthUser 'admin'")
          .contains("basicAuthPassword")
          .contains("401")
          .doesNotContain(wrong)
          .doesNotContain(fake.basicAuthPassword());
      assertThat(e.checks())
          .extracting(InitCheck::detail)
          .allSatisfy(detail -> assertThat(detail).doesNotContain(wrong));
      assertThat(paths())
          .as("the function is not called with a refused platform credential")
          .containsExactly("GET /system/function/dapr-fn");
    }

    @Test
    @DisplayName("a user given as a secret is not shown either")
    void secretUser() {
      ComputeInitException e =
          initFailure(
              fake.component("orders").putSecret("basicAuthUser", "root-" + System.nanoTime()));
      assertThat(e.failedCheck()).isEqualTo("credentials");
      assertThat(e.getMessage())
          .contains("refused basicAuthUser and basicAuthPassword")
          .doesNotContain("root-");
    }
  }

  // ------------------------------------------------------------------ namespaces and the audience

  @Nested
  @DisplayName("routes")
  class Routes {
    @Test
    @DisplayName(
        "namespace: /function/{name}.{namespace} and /system/function/{name}?namespace=; the audience stays the bare name")
    void namespace() {
      try (OpenFaasFake bare = OpenFaasFake.start(OpenFaasFake.DEFAULT_FUNCTION_NAME)) {
        ComponentMetadata metadata =
            bare.component("orders").put("namespace", "openfaas-fn").build();
        ComponentMetadata.Builder withoutAudience =
            ComponentMetadata.builder("orders", OpenFaasPlatformProvider.TYPE);
        for (String field : metadata.fieldNames()) {
          if (!field.equals("audience")) {
            withoutAudience.put(
                field, metadata.string(field).orElseThrow(), metadata.isSecret(field), 0);
          }
        }
        Compute compute = PROVIDER.create(ComputeContext.defaults());
        opened.add(compute);
        compute.init(withoutAudience.build());
        await(compute.onInvoke(InvokeRequest.of("echo", HttpVerb.GET)));
        assertThat(bare.recordedCalls())
            .extracting(call -> call.path() + (call.query().isEmpty() ? "" : "?" + call.query()))
            .containsExactly(
                "/system/function/dapr-fn?namespace=openfaas-fn",
                "/system/info",
                "/function/dapr-fn.openfaas-fn" + Protocol.INFO_PATH,
                "/function/dapr-fn.openfaas-fn/echo");
        assertThat(bare.function().received())
            .allSatisfy(
                request ->
                    assertThat(request.verifiedToken())
                        .as("token for audience dapr-fn: %s", request.rejection())
                        .isPresent());
      }
    }

    @Test
    @DisplayName(
        "a namespace the function is not in fails init 'deployed' at once, naming functionName and namespace")
    void wrongNamespace() {
      ComputeInitException e = initFailure(fake.component("orders").put("namespace", "shop"));
      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage())
          .contains("function 'dapr-fn' in namespace 'shop' does not exist")
          .contains("faas-cli deploy")
          .contains("functionName or namespace");
    }
  }

  // ------------------------------------------------------------------ a missing function

  @Nested
  @DisplayName("a missing function")
  class Missing {
    @Test
    @DisplayName("with credentials: /system/function's 404 fails init 'deployed' at once")
    void systemSays404() {
      fake.undeploy();
      ComputeInitException e =
          initFailure(fake.component("orders").initTimeout(Duration.ofSeconds(10)));
      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage()).contains("does not exist").contains("404");
      assertThat(paths()).containsExactly("GET /system/function/dapr-fn");
    }

    @Test
    @DisplayName(
        "without credentials: the gateway's 404 'error finding function' fails init 'deployed' at once")
    void errorFindingFunction() {
      fake.undeploy();
      ComputeInitException e =
          initFailure(withoutCredentials().initTimeout(Duration.ofSeconds(10)));
      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage())
          .contains("is not deployed")
          .contains("error finding function dapr-fn.openfaas-fn");
      assertThat(paths()).hasSize(1);
    }

    @Test
    @DisplayName(
        "without credentials and without the scaling handler: 503 'No endpoints available for' fails init 'deployed' at once")
    void noEndpoints() {
      fake.undeploy();
      fake.scaleFromZero(false);
      ComputeInitException e =
          initFailure(withoutCredentials().initTimeout(Duration.ofSeconds(10)));
      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage()).contains("No endpoints available for: dapr-fn.");
      assertThat(paths()).hasSize(1);
    }

    @Test
    @DisplayName(
        "deployed per /system but no ready replica (no scaling handler): 503 is retried until initTimeout, not 'not deployed'")
    void deployedWithoutReplicas() {
      fake.scale(0);
      fake.scaleFromZero(false);
      ComputeInitException e =
          initFailure(fake.component("orders").initTimeout(Duration.ofMillis(1500)));
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.getMessage())
          .contains("No endpoints available for")
          .contains("no replica is ready yet");
      assertThat(paths().stream().filter(path -> path.startsWith("GET /function/")).count())
          .as("retried")
          .isGreaterThan(1);
    }

    @Test
    @DisplayName(
        "after init, a missing function is a platform failure: topic events RETRY, invocations fail NOT_DEPLOYED")
    void afterInit() {
      Compute compute = open(m -> {});
      fake.undeploy();
      TopicEventResponse outcome = await(compute.onTopicEvent(event("DROP")));
      assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(outcome.reason()).contains("error finding function");
      Throwable failure = failureOf(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
      assertThat(failure).isInstanceOf(ComputeUnavailableException.class);
      assertThat(((ComputeUnavailableException) failure).reason()).isEqualTo(Reason.NOT_DEPLOYED);
      fake.scaleFromZero(false);
      TopicEventResponse noEndpoints = await(compute.onTopicEvent(event("SUCCESS")));
      assertThat(noEndpoints.status()).isEqualTo(TopicEventStatus.RETRY);
      assertThat(noEndpoints.reason()).contains("No endpoints available for");
      assertThat(fake.function().received("/orders")).as("nothing reached the function").isEmpty();
    }
  }

  // ------------------------------------------------------------------ timeouts

  @Nested
  @DisplayName("timeouts")
  class Timeouts {
    @Test
    @DisplayName(
        "the default initTimeout outlasts Dapr's 5 s: a 6 s cold start of the gateway is waited out")
    void initWaitsOutAColdStart() {
      fake.failNext(1, PlatformFault.coldStart(Duration.ofSeconds(6)));
      Compute compute = PROVIDER.create(ComputeContext.defaults());
      opened.add(compute);
      InitReport report =
          compute.init(fake.component("orders").build()); // no initTimeout: Dapr's default
      assertThat(report.attempts()).isEqualTo(2);
      assertThat(report.elapsed()).isGreaterThan(Duration.ofSeconds(5));
    }
  }

  // ------------------------------------------------------------------ subscriptions

  @Nested
  @DisplayName("subscriptions from the topic annotation")
  class Annotations {
    @Test
    @DisplayName(
        "one subscription per annotated topic on topicAnnotationPubsub, routed to /{topic}, after the function's own")
    void addsAnnotatedTopics() {
      fake.annotate("topic", " audit , shipments,,audit");
      Compute compute = open(m -> m.put("topicAnnotationPubsub", "kafka"));
      List<TopicSubscription> subscriptions = await(compute.listTopicSubscriptions());
      assertThat(subscriptions)
          .extracting(s -> s.pubsubName() + "/" + s.topic() + " -> " + s.routes().defaultPath())
          .containsExactly(
              "pubsub/orders -> /orders",
              "pubsub/payments -> /payments",
              "pubsub/bulk-orders -> /bulk",
              "kafka/audit -> /audit",
              "kafka/shipments -> /shipments");
      assertThat(fake.recordedCalls())
          .filteredOn(call -> call.path().equals("/system/function/dapr-fn"))
          .as("init's check, then the listing")
          .hasSize(2);
    }

    @Test
    @DisplayName(
        "the function wins on a conflict: its own subscription of the same pubsub and topic is kept as it is")
    void functionWins() {
      fake.annotate("topic", "payments,orders,audit");
      Compute compute = open(m -> m.put("topicAnnotationPubsub", "pubsub"));
      List<TopicSubscription> subscriptions = await(compute.listTopicSubscriptions());
      assertThat(subscriptions)
          .extracting(s -> s.pubsubName() + "/" + s.topic())
          .containsExactly(
              "pubsub/orders", "pubsub/payments", "pubsub/bulk-orders", "pubsub/audit");
      TopicSubscription payments = subscriptions.get(1);
      assertThat(payments.deadLetterTopic()).isEqualTo("payments-dlq");
      assertThat(payments.routes().rules()).hasSize(1);
    }

    @Test
    @DisplayName(
        "without topicAnnotationPubsub the annotation is ignored and listing asks only the function")
    void ignoredWithoutThePubsub() {
      fake.annotate("topic", "audit");
      Compute compute = open(m -> {});
      fake.reset();
      fake.annotate("topic", "audit");
      assertThat(await(compute.listTopicSubscriptions()))
          .extracting(TopicSubscription::topic)
          .containsExactly("orders", "payments", "bulk-orders");
      assertThat(paths()).containsExactly("GET /function/dapr-fn" + Protocol.SUBSCRIBE_PATH);
    }

    @Test
    @DisplayName("no annotation: the function's own subscriptions")
    void noAnnotation() {
      Compute compute = open(m -> m.put("topicAnnotationPubsub", "kafka"));
      assertThat(await(compute.listTopicSubscriptions()))
          .extracting(TopicSubscription::topic)
          .containsExactly("orders", "payments", "bulk-orders");
    }

    @Test
    @DisplayName(
        "a gateway failure while reading the annotation fails the listing (retryable), never a shorter list")
    void gatewayFailure() {
      fake.annotate("topic", "audit");
      Compute compute = open(m -> m.put("topicAnnotationPubsub", "kafka"));
      fake.failWhen(
          call -> call.path().startsWith("/system/") ? PlatformFault.serverError() : null);
      Throwable failure = failureOf(compute.listTopicSubscriptions());
      assertThat(failure).isInstanceOf(ComputeUnavailableException.class);
      assertThat(((ComputeUnavailableException) failure).isRetryable()).isTrue();
      assertThat(failure.getMessage()).contains("GET /system/function/dapr-fn").contains("500");
      fake.reset();
      fake.failWhen(call -> call.path().startsWith("/system/") ? PlatformFault.notFound() : null);
      Throwable missing = failureOf(compute.listTopicSubscriptions());
      assertThat(missing).isInstanceOf(ComputeUnavailableException.class);
      assertThat(((ComputeUnavailableException) missing).reason())
          .as("the annotation's function is gone")
          .isEqualTo(Reason.NOT_DEPLOYED);
    }

    @Test
    @DisplayName("topicAnnotationPubsub needs the /system credentials")
    void needsCredentials() {
      Throwable thrown =
          catchThrowable(
              () -> open(withoutCredentials(), m -> m.put("topicAnnotationPubsub", "kafka")));
      assertThat(thrown)
          .hasMessageContaining("topicAnnotationPubsub")
          .hasMessageContaining("basicAuthUser and basicAuthPassword");
    }
  }

  // ------------------------------------------------------------------ asynchronous binding events

  @Nested
  @DisplayName("asyncBindings")
  class AsyncBindings {
    @Test
    @DisplayName(
        "binding events go to /async-function and are accepted (202, X-Call-Id) with no reply; the queue then delivers them")
    void queued() {
      Compute compute = open(m -> m.put("asyncBindings", "true"));
      assertThat(compute.features()).contains(Feature.ASYNC_BINDING_EVENTS);
      BindingEventResponse accepted =
          await(
              compute.onBindingEvent(
                  new BindingEventRequest(
                      "orders-queue",
                      Payload.ofUtf8("order-1"),
                      Map.of(
                          "to", "audit-log", "X-Callback-Url", "https://elsewhere.example/cb"))));
      assertThat(accepted.isQueued()).as("queued, no reply is read").isTrue();
      assertThat(accepted.data().isEmpty()).isTrue();
      assertThat(accepted.to()).isEmpty();
      RecordedCall call = fake.recordedCalls().get(fake.recordedCalls().size() - 1);
      assertThat(call.path()).isEqualTo("/async-function/dapr-fn/orders-queue");
      assertThat(call.headers().contains("x-callback-url"))
          .as("never asks the gateway to post the reply anywhere")
          .isFalse();
      assertThat(fake.awaitQueue(Duration.ofSeconds(10))).isTrue();
      List<ReceivedRequest> delivered = fake.function().received("/orders-queue");
      assertThat(delivered)
          .singleElement()
          .satisfies(
              request -> {
                assertThat(request.body().toUtf8()).isEqualTo("order-1");
                assertThat(request.headers().first("X-Call-Id"))
                    .as("the gateway's call ID")
                    .contains(accepted.queuedAs());
                assertThat(request.token())
                    .as("token verified: %s", request.rejection())
                    .isNotNull();
              });
      await(compute.onInvoke(InvokeRequest.of("echo", HttpVerb.GET)));
      assertThat(paths())
          .last()
          .as("invocations stay synchronous")
          .isEqualTo("GET /function/dapr-fn/echo");
    }

    @Test
    @DisplayName("with a namespace the queue route is /async-function/{name}.{namespace}")
    void namespaced() {
      Compute compute = open(m -> m.put("asyncBindings", "true").put("namespace", "openfaas-fn"));
      await(
          compute.onBindingEvent(
              new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of())));
      assertThat(paths()).last().isEqualTo("POST /async-function/dapr-fn.openfaas-fn/orders-queue");
      assertThat(fake.awaitQueue(Duration.ofSeconds(10))).isTrue();
      assertThat(fake.function().received("/orders-queue")).hasSize(1);
    }

    @Test
    @DisplayName(
        "a queue the gateway cannot fill, or a gateway without async, is a retryable error saying what to do")
    void queueFailures() {
      Compute compute = open(m -> m.put("asyncBindings", "true"));
      BindingEventRequest event =
          new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of());
      fake.failNext(
          1,
          PlatformFault.unmarkedAnswer(
              500,
              "text/plain; charset=utf-8",
              "Error queuing request: nats: maximum payload exceeded"));
      Throwable full = failureOf(compute.onBindingEvent(event));
      assertThat(full)
          .isInstanceOf(ComputeUnavailableException.class)
          .hasMessageContaining("max_payload");
      fake.failNext(
          1,
          PlatformFault.unmarkedAnswer(404, "text/plain; charset=utf-8", "404 page not found\n"));
      Throwable disabled = failureOf(compute.onBindingEvent(event));
      assertThat(disabled)
          .isInstanceOf(ComputeUnavailableException.class)
          .hasMessageContaining("asyncBindings")
          .hasMessageContaining("NATS");
      assertThat(((ComputeUnavailableException) disabled).reason())
          .as("not a missing function")
          .isEqualTo(Reason.PLATFORM_ERROR);
      assertThat(fake.awaitQueue(Duration.ofSeconds(10))).isTrue();
      assertThat(fake.function().received("/orders-queue")).isEmpty();
    }

    @Test
    @DisplayName(
        "without asyncBindings binding events are synchronous and the function's reply comes back")
    void synchronousByDefault() {
      Compute compute = open(m -> {});
      BindingEventResponse reply =
          await(
              compute.onBindingEvent(
                  new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of())));
      assertThat(reply.data().toUtf8()).isEqualTo("handled:x");
      assertThat(paths()).last().isEqualTo("POST /function/dapr-fn/orders-queue");
    }
  }
}
