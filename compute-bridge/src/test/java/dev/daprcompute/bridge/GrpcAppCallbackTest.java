package dev.daprcompute.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.ErrorInfo;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.wire.WireFormat;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.ReceivedRequest;
import io.dapr.v1.AppCallbackAlphaGrpc;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.AppCallbackHealthCheckGrpc;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprAppCallbackProtos;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse.TopicEventResponseStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gRPC side of the bridge as daprd {@code --app-protocol grpc} uses it: Dapr's own generated
 * stubs over a real loopback socket, through compute.http to the reference function behind the
 * plain-HTTP platform fake.
 */
@DisplayName("The gRPC app channel, driven with Dapr's own stubs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcAppCallbackTest {
  private static final String TOKEN = "app-token-7f3a9c1e5b";
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private Fixture fixture;
  private ComputeBridge bridge;
  private ComputeBridge guarded;
  private ManagedChannel channel;
  private ManagedChannel guardedChannel;

  @BeforeAll
  void start() throws IOException {
    fixture = Fixture.start();
    bridge = ComputeBridge.builder(fixture.compute).appId("orders").grpcPort(0).start();
    guarded =
        ComputeBridge.builder(fixture.compute)
            .appId("orders")
            .grpcPort(0)
            .appApiToken(TOKEN)
            .start();
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", bridge.grpcPort().getAsInt())
            .usePlaintext()
            .build();
    guardedChannel =
        NettyChannelBuilder.forAddress("127.0.0.1", guarded.grpcPort().getAsInt())
            .usePlaintext()
            .build();
  }

  @AfterAll
  void stop() throws InterruptedException {
    for (ManagedChannel c : new ManagedChannel[] {channel, guardedChannel}) {
      if (c != null) {
        c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    if (bridge != null) {
      bridge.close();
    }
    if (guarded != null) {
      guarded.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void reset() {
    fixture.reset();
  }

  private AppCallbackGrpc.AppCallbackBlockingStub app() {
    return AppCallbackGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private AppCallbackAlphaGrpc.AppCallbackAlphaBlockingStub alpha() {
    return AppCallbackAlphaGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private AppCallbackGrpc.AppCallbackBlockingStub guardedApp() {
    return AppCallbackGrpc.newBlockingStub(guardedChannel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private AppCallbackHealthCheckGrpc.AppCallbackHealthCheckBlockingStub guardedHealth() {
    return AppCallbackHealthCheckGrpc.newBlockingStub(guardedChannel)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private AppCallbackAlphaGrpc.AppCallbackAlphaBlockingStub guardedAlpha() {
    return AppCallbackAlphaGrpc.newBlockingStub(guardedChannel)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** Metadata as daprd sends it to a gRPC app for a call that came from an HTTP caller. */
  private static io.grpc.Metadata daprdMetadata() {
    io.grpc.Metadata md = new io.grpc.Metadata();
    put(md, "traceparent", TRACEPARENT);
    put(md, "tracestate", "congo=t61rcWkgMzE");
    put(md, "baggage", "userId=alice");
    put(md, "dapr-caller-app-id", "checkout");
    put(md, "dapr-callee-app-id", "orders");
    put(md, "dapr-accept", "application/json"); // the caller's Accept, prefixed by daprd
    put(md, "dapr-cookie", "session=abc");
    put(md, "x-request-kind", "test");
    md.put(
        io.grpc.Metadata.Key.of("grpc-trace-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER),
        new byte[] {0, 1, 2});
    return md;
  }

  private static void put(io.grpc.Metadata md, String key, String value) {
    md.put(io.grpc.Metadata.Key.of(key, io.grpc.Metadata.ASCII_STRING_MARSHALLER), value);
  }

  private static <S extends AbstractStub<S>> S withMetadata(S stub, io.grpc.Metadata md) {
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
  }

  private static CommonProtos.InvokeRequest invoke(
      String method,
      CommonProtos.HTTPExtension.Verb verb,
      String query,
      String contentType,
      String body) {
    return CommonProtos.InvokeRequest.newBuilder()
        .setMethod(method)
        .setData(Any.newBuilder().setValue(ByteString.copyFromUtf8(body)))
        .setContentType(contentType)
        .setHttpExtension(
            CommonProtos.HTTPExtension.newBuilder().setVerb(verb).setQuerystring(query))
        .build();
  }

  private static DaprAppCallbackProtos.TopicEventRequest topicEvent(
      String id, String topic, String path, String data) {
    return DaprAppCallbackProtos.TopicEventRequest.newBuilder()
        .setId(id)
        .setSource("checkout")
        .setType("com.dapr.event.sent")
        .setSpecVersion("1.0")
        .setDataContentType("text/plain")
        .setData(ByteString.copyFromUtf8(data))
        .setTopic(topic)
        .setPubsubName("pubsub")
        .setPath(path)
        .setExtensions(
            Struct.newBuilder()
                .putFields("traceid", Value.newBuilder().setStringValue(TRACEPARENT).build())
                .putFields("traceparent", Value.newBuilder().setStringValue(TRACEPARENT).build()))
        .build();
  }

  private static JsonNode json(ByteString bytes) throws IOException {
    return Json.MAPPER.readTree(bytes.toByteArray());
  }

  /** How {@code future} ended, waiting at most 10 s for it: null when it completed normally. */
  private static Throwable endOf(CompletableFuture<?> future) {
    Throwable ended = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
    assertThat(ended)
        .as("the Compute call ended within 10 s")
        .isNotInstanceOf(TimeoutException.class);
    return ended;
  }

  // ==================================================================== OnInvoke

  @Nested
  @DisplayName("OnInvoke")
  class OnInvoke {

    @Test
    @DisplayName(
        "delivers method, verb, query string, content type, body and metadata, and returns data, content type and headers")
    void delivers_everything() throws IOException {
      AtomicReference<io.grpc.Metadata> headers = new AtomicReference<>();
      AtomicReference<io.grpc.Metadata> trailers = new AtomicReference<>();
      CommonProtos.InvokeResponse reply =
          withMetadata(app(), daprdMetadata())
              .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
              .onInvoke(
                  invoke(
                      "echo",
                      CommonProtos.HTTPExtension.Verb.POST,
                      "a=1&b=two",
                      "application/json",
                      "{\"n\":1}"));

      assertThat(reply.getContentType()).startsWith("application/json");
      assertThat(reply.getData().getTypeUrl()).isEmpty();
      JsonNode seen = json(reply.getData().getValue());
      assertThat(seen.path("method").asText()).isEqualTo("echo");
      assertThat(seen.path("verb").asText()).isEqualTo("POST");
      assertThat(seen.path("query").asText()).isEqualTo("a=1&b=two");
      assertThat(seen.path("contentType").asText()).isEqualTo("application/json");
      assertThat(seen.path("body").asText()).isEqualTo("{\"n\":1}");
      JsonNode md = seen.path("metadata");
      assertThat(md.path("traceparent").asText()).isEqualTo(TRACEPARENT);
      assertThat(md.path("tracestate").asText()).isEqualTo("congo=t61rcWkgMzE");
      assertThat(md.path("baggage").asText()).isEqualTo("userId=alice");
      assertThat(md.path("dapr-caller-app-id").asText()).isEqualTo("checkout");
      assertThat(md.path("dapr-callee-app-id").asText()).isEqualTo("orders");
      assertThat(md.path("x-request-kind").asText()).isEqualTo("test");
      assertThat(md.path("accept").asText())
          .as("daprd's dapr-accept is the caller's Accept")
          .isEqualTo("application/json");
      assertThat(md.path("cookie").asText()).isEqualTo("session=abc");
      List<String> names = iterable(md.fieldNames());
      assertThat(names)
          .doesNotContain(
              "dapr-accept", "dapr-cookie", "grpc-trace-bin", "grpc-accept-encoding", "te");
      assertThat(names).noneMatch(n -> n.startsWith("grpc-") || n.startsWith(":"));
      assertThat(
              headers
                  .get()
                  .get(io.grpc.Metadata.Key.of("x-echo", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
          .as("the function's reply header")
          .isEqualTo("yes");
    }

    @ParameterizedTest(name = "{0} arrives as {1}")
    @CsvSource({
      "GET, GET",
      "PUT, PUT",
      "DELETE, DELETE",
      "PATCH, PATCH",
      "OPTIONS, OPTIONS",
      "POST, POST",
      "NONE, POST",
      "HEAD, HEAD"
    })
    @DisplayName("sends the HTTP extension's verb (NONE as POST)")
    void verbs(CommonProtos.HTTPExtension.Verb verb, String wire) {
      boolean bodiless =
          wire.equals("GET")
              || wire.equals("HEAD")
              || wire.equals("OPTIONS")
              || wire.equals("DELETE");
      app().onInvoke(invoke("echo", verb, "", bodiless ? "" : "text/plain", bodiless ? "" : "x"));
      List<ReceivedRequest> received = fixture.fake.function().received("/echo");
      assertThat(received).hasSize(1);
      assertThat(received.get(0).method()).isEqualTo(wire);
    }

    @Test
    @DisplayName("delivers a packed Any's value bytes as the body")
    void packed_any() {
      StringValue message = StringValue.of("packed");
      CommonProtos.InvokeResponse reply =
          app()
              .onInvoke(
                  CommonProtos.InvokeRequest.newBuilder()
                      .setMethod("echo-body")
                      .setData(Any.pack(message))
                      .setContentType("application/x-protobuf")
                      .setHttpExtension(
                          CommonProtos.HTTPExtension.newBuilder()
                              .setVerb(CommonProtos.HTTPExtension.Verb.POST))
                      .build());
      assertThat(reply.getData().getValue()).isEqualTo(message.toByteString());
      assertThat(reply.getContentType()).isEqualTo("application/x-protobuf");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "200, OK",
      "201, OK",
      "202, OK",
      "400, INTERNAL",
      "401, UNAUTHENTICATED",
      "403, PERMISSION_DENIED",
      "404, NOT_FOUND",
      "408, CANCELLED",
      "409, ALREADY_EXISTS",
      "429, RESOURCE_EXHAUSTED",
      "500, UNKNOWN",
      "501, UNIMPLEMENTED",
      "503, UNAVAILABLE",
      "504, DEADLINE_EXCEEDED",
      "418, UNKNOWN",
      "502, UNKNOWN",
      "422, UNKNOWN"
    })
    @DisplayName("maps the function's status to a gRPC code exactly as daprd's CodeFromHTTPStatus")
    void status_codes(int status, Status.Code code) throws InvalidProtocolBufferException {
      AtomicReference<io.grpc.Metadata> headers = new AtomicReference<>();
      AtomicReference<io.grpc.Metadata> trailers = new AtomicReference<>();
      var stub =
          app().withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
      CommonProtos.InvokeRequest request =
          invoke("status/" + status, CommonProtos.HTTPExtension.Verb.GET, "", "", "");
      if (code == Status.Code.OK) {
        CommonProtos.InvokeResponse reply = stub.onInvoke(request);
        assertThat(reply.getData().getValue().toStringUtf8()).isEqualTo("status " + status);
        assertThat(
                headers
                    .get()
                    .get(
                        io.grpc.Metadata.Key.of(
                            "x-function", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
            .isEqualTo("yes");
        return;
      }
      StatusRuntimeException e = catchStatus(() -> stub.onInvoke(request));
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(
              trailers
                  .get()
                  .get(
                      io.grpc.Metadata.Key.of(
                          "x-function", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
          .as("the function's reply headers travel as trailers")
          .isEqualTo("yes");
      com.google.rpc.Status details = StatusProto.fromThrowable(e);
      assertThat(details).isNotNull();
      ErrorInfo info = details.getDetails(0).unpack(ErrorInfo.class);
      assertThat(info.getDomain()).isEqualTo("dapr.io");
      assertThat(info.getMetadataMap())
          .containsEntry("http.code", Integer.toString(status))
          .containsEntry("http.error_message", "status " + status);
    }

    static Stream<Arguments> platformFaults() {
      return Stream.of(
          Arguments.of(PlatformFault.notFound(), Status.Code.UNKNOWN, "not deployed"),
          Arguments.of(PlatformFault.serverError(), Status.Code.UNKNOWN, "500"),
          Arguments.of(PlatformFault.unauthorized(), Status.Code.UNKNOWN, "platform credential"),
          Arguments.of(
              PlatformFault.throttled(Duration.ofSeconds(7)),
              Status.Code.RESOURCE_EXHAUSTED,
              "throttled"),
          Arguments.of(PlatformFault.coldStart(Duration.ZERO), Status.Code.UNAVAILABLE, "503"),
          Arguments.of(PlatformFault.gatewayTimeout(), Status.Code.DEADLINE_EXCEEDED, "timed out"),
          Arguments.of(PlatformFault.connectionReset(), Status.Code.UNKNOWN, ""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("platformFaults")
    @DisplayName(
        "answers a platform failure with its gateway status's code and the component's message")
    void platform_faults(PlatformFault fault, Status.Code code, String messagePart) {
      fixture.fake.failNext(1, fault);
      AtomicReference<io.grpc.Metadata> headers = new AtomicReference<>();
      AtomicReference<io.grpc.Metadata> trailers = new AtomicReference<>();
      StatusRuntimeException e =
          catchStatus(
              () ->
                  app()
                      .withInterceptors(
                          MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
                      .onInvoke(
                          invoke(
                              "echo",
                              CommonProtos.HTTPExtension.Verb.POST,
                              "",
                              "text/plain",
                              "x")));
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(messagePart);
      if (fault instanceof PlatformFault.Throttled) {
        assertThat(
                trailers
                    .get()
                    .get(
                        io.grpc.Metadata.Key.of(
                            "retry-after", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
            .isEqualTo("7");
      }
    }

    @Test
    @DisplayName("hands the gRPC deadline to the Compute as the call's timeout")
    void deadline_becomes_timeout() {
      AppCallbackGrpc.newBlockingStub(channel)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .onInvoke(invoke("echo", CommonProtos.HTTPExtension.Verb.GET, "", "", ""));
      Duration timeout = fixture.compute.last("invoke").options().timeout();
      assertThat(timeout).isNotNull().isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName(
        "fails DEADLINE_EXCEEDED when the deadline passes, and the Compute call ends with it")
    void deadline_exceeded() throws InterruptedException {
      StatusRuntimeException e =
          catchStatus(
              () ->
                  AppCallbackGrpc.newBlockingStub(channel)
                      .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                      .onInvoke(
                          invoke("sleep/3000", CommonProtos.HTTPExtension.Verb.GET, "", "", "")));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      RecordingCompute.Call call = fixture.compute.last("invoke");
      assertThat(call.options().timeout()).isNotNull().isLessThanOrEqualTo(Duration.ofMillis(300));
      assertThat(endOf(call.future()))
          .as("the Compute call failed (or was cancelled)")
          .isInstanceOfAny(ExecutionException.class, CancellationException.class);
    }

    @Test
    @DisplayName("cancels the Compute call when daprd cancels the gRPC call")
    void cancellation() throws InterruptedException {
      var pending =
          AppCallbackGrpc.newFutureStub(channel)
              .onInvoke(invoke("sleep/3000", CommonProtos.HTTPExtension.Verb.GET, "", "", ""));
      CompletableFuture<?> computeCall =
          fixture.compute.awaitCall("invoke", Duration.ofSeconds(10)).future();
      assertThat(computeCall).isNotDone();
      pending.cancel(true);
      assertThat(endOf(computeCall))
          .as("the Compute call was cancelled")
          .isInstanceOf(CancellationException.class);
    }
  }

  // ==================================================================== topic events

  @Nested
  @DisplayName("ListTopicSubscriptions and OnTopicEvent")
  class TopicEvents {

    @Test
    @DisplayName(
        "lists the function's subscriptions with routes, rules, dead-letter topic and bulk settings")
    void subscriptions() {
      DaprAppCallbackProtos.ListTopicSubscriptionsResponse reply =
          app().listTopicSubscriptions(Empty.getDefaultInstance());
      assertThat(reply.getSubscriptionsList())
          .extracting(s -> s.getPubsubName() + "/" + s.getTopic())
          .containsExactly("pubsub/orders", "pubsub/payments", "pubsub/bulk-orders");
      DaprAppCallbackProtos.TopicSubscription orders = reply.getSubscriptions(0);
      assertThat(orders.getRoutes().getDefault()).isEqualTo("/orders");
      DaprAppCallbackProtos.TopicSubscription payments = reply.getSubscriptions(1);
      assertThat(payments.getRoutes().getDefault()).isEqualTo("/payments");
      assertThat(payments.getRoutes().getRules(0).getMatch()).isEqualTo("event.type == \"refund\"");
      assertThat(payments.getRoutes().getRules(0).getPath()).isEqualTo("/refunds");
      assertThat(payments.getDeadLetterTopic()).isEqualTo("payments-dlq");
      DaprAppCallbackProtos.TopicSubscription bulk = reply.getSubscriptions(2);
      assertThat(bulk.getBulkSubscribe().getEnabled()).isTrue();
      assertThat(bulk.getBulkSubscribe().getMaxMessagesCount()).isEqualTo(10);
      assertThat(bulk.getBulkSubscribe().getMaxAwaitDurationMs()).isEqualTo(100);
      assertThat(orders.hasBulkSubscribe()).isFalse();
    }

    @ParameterizedTest(name = "data {0} -> {1}")
    @CsvSource({
      "SUCCESS, SUCCESS",
      "RETRY, RETRY",
      "DROP, DROP",
      "404, DROP",
      "500, RETRY",
      "garbage, SUCCESS",
      "anything, SUCCESS"
    })
    @DisplayName("answers with the function's outcome in TopicEventResponse.status")
    void outcomes(String data, TopicEventResponseStatus expected) {
      DaprAppCallbackProtos.TopicEventResponse reply =
          app().onTopicEvent(topicEvent("e-" + data, "orders", "/orders", data));
      assertThat(reply.getStatus()).isEqualTo(expected);
    }

    @Test
    @DisplayName(
        "delivers every CloudEvent field, the extensions and the trace context to the function")
    void fields() throws InterruptedException {
      DaprAppCallbackProtos.TopicEventRequest request =
          topicEvent("e-1", "payments", "/refunds", "SUCCESS").toBuilder()
              .setType("refund")
              .setExtensions(
                  Struct.newBuilder()
                      .putFields("traceid", Value.newBuilder().setStringValue(TRACEPARENT).build())
                      .putFields("priority", Value.newBuilder().setNumberValue(5).build())
                      .putFields("urgent", Value.newBuilder().setBoolValue(true).build())
                      .putFields(
                          "nested",
                          Value.newBuilder()
                              .setStructValue(
                                  Struct.newBuilder()
                                      .putFields(
                                          "k", Value.newBuilder().setStringValue("v").build()))
                              .build()))
              .build();
      io.grpc.Metadata md = new io.grpc.Metadata();
      put(md, "traceparent", TRACEPARENT);
      put(md, "x-broker-header", "kafka");
      assertThat(withMetadata(app(), md).onTopicEvent(request).getStatus())
          .isEqualTo(TopicEventResponseStatus.SUCCESS);

      List<ReceivedRequest> received = fixture.fake.function().received("/refunds");
      assertThat(received).hasSize(1);
      ReceivedRequest delivery = received.get(0);
      assertThat(delivery.headers().first("content-type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/cloudevents+json"));
      assertThat(delivery.headers().first("traceparent")).hasValue(TRACEPARENT);
      assertThat(delivery.headers().first("x-broker-header")).hasValue("kafka");
      assertThat(delivery.headers().first("pubsubname")).hasValue("pubsub");
      TopicEventRequest event =
          WireFormat.readCloudEvent(delivery.body().toByteArray(), "/refunds", Metadata.empty());
      assertThat(event.id()).isEqualTo("e-1");
      assertThat(event.source()).isEqualTo("checkout");
      assertThat(event.type()).isEqualTo("refund");
      assertThat(event.specVersion()).isEqualTo("1.0");
      assertThat(event.dataContentType()).isEqualTo("text/plain");
      assertThat(event.data().toUtf8()).isEqualTo("SUCCESS");
      assertThat(event.topic()).isEqualTo("payments");
      assertThat(event.pubsubName()).isEqualTo("pubsub");
      assertThat(event.extensions())
          .containsEntry("traceid", TRACEPARENT)
          .containsEntry("priority", 5)
          .containsEntry("urgent", true)
          .containsEntry("nested", Map.of("k", "v"));
    }

    @Test
    @DisplayName("delivers an event without a path to its subscription's default route")
    void default_route() {
      app().onTopicEvent(topicEvent("e-2", "payments", "", "SUCCESS"));
      assertThat(fixture.fake.function().received("/payments")).hasSize(1);
    }

    static Stream<PlatformFault> faults() {
      return Stream.of(
          PlatformFault.notFound(),
          PlatformFault.unauthorized(),
          PlatformFault.serverError(),
          PlatformFault.throttled(Duration.ofSeconds(1)),
          PlatformFault.gatewayTimeout(),
          PlatformFault.connectionReset(),
          PlatformFault.malformedBody());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    @DisplayName("answers RETRY, never DROP and never an error, when the platform fails")
    void platform_faults_retry(PlatformFault fault) {
      fixture.fake.failNext(1, fault);
      DaprAppCallbackProtos.TopicEventResponse reply =
          app().onTopicEvent(topicEvent("e-3", "orders", "/orders", "SUCCESS"));
      assertThat(reply.getStatus()).isEqualTo(TopicEventResponseStatus.RETRY);
    }
  }

  // ==================================================================== bulk

  @Nested
  @DisplayName("OnBulkTopicEventAlpha1")
  class Bulk {

    private DaprAppCallbackProtos.TopicEventBulkRequestEntry ce(String id, String data) {
      return DaprAppCallbackProtos.TopicEventBulkRequestEntry.newBuilder()
          .setEntryId(id)
          .setCloudEvent(
              DaprAppCallbackProtos.TopicEventCERequest.newBuilder()
                  .setId("ce-" + id)
                  .setSource("checkout")
                  .setType("com.dapr.event.sent")
                  .setSpecVersion("1.0")
                  .setDataContentType("text/plain")
                  .setData(ByteString.copyFromUtf8(data))
                  .setExtensions(
                      Struct.newBuilder()
                          .putFields(
                              "traceid", Value.newBuilder().setStringValue(TRACEPARENT).build())))
          .setContentType("application/cloudevents+json")
          .putMetadata("partition", id)
          .build();
    }

    private DaprAppCallbackProtos.TopicEventBulkRequestEntry raw(String id, String data) {
      return DaprAppCallbackProtos.TopicEventBulkRequestEntry.newBuilder()
          .setEntryId(id)
          .setBytes(ByteString.copyFromUtf8(data))
          .setContentType("text/plain")
          .build();
    }

    private DaprAppCallbackProtos.TopicEventBulkRequest batch(
        DaprAppCallbackProtos.TopicEventBulkRequestEntry... entries) {
      return DaprAppCallbackProtos.TopicEventBulkRequest.newBuilder()
          .setId("batch-1")
          .setTopic("bulk-orders")
          .setPubsubName("pubsub")
          .setType("com.dapr.event.sent.bulk")
          .setPath("/bulk")
          .putMetadata("batch", "yes")
          .addAllEntries(List.of(entries))
          .build();
    }

    @Test
    @DisplayName("answers one status per entry, for CloudEvent and raw entries alike")
    void statuses() throws IOException {
      DaprAppCallbackProtos.TopicEventBulkResponse reply =
          alpha()
              .onBulkTopicEventAlpha1(
                  batch(
                      ce("1", "SUCCESS"),
                      ce("2", "DROP"),
                      raw("3", "RETRY"),
                      ce("4", "404"),
                      raw("5", "SUCCESS")));
      assertThat(reply.getStatusesList())
          .extracting(s -> s.getEntryId() + "=" + s.getStatus())
          .containsExactly("1=SUCCESS", "2=DROP", "3=RETRY", "4=DROP", "5=SUCCESS");
      List<ReceivedRequest> received = fixture.fake.function().received("/bulk");
      assertThat(received).hasSize(1);
      JsonNode body = Json.MAPPER.readTree(received.get(0).body().toByteArray());
      assertThat(body.path("pubsubname").asText()).isEqualTo("pubsub");
      assertThat(body.path("topic").asText()).isEqualTo("bulk-orders");
      assertThat(body.path("entries").get(0).path("event").path("traceid").asText())
          .isEqualTo(TRACEPARENT);
      assertThat(body.path("entries").get(0).path("metadata").path("partition").asText())
          .isEqualTo("1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.daprcompute.bridge.GrpcAppCallbackTest$TopicEvents#faults")
    @DisplayName("answers RETRY for every entry when the platform fails")
    void platform_faults_retry(PlatformFault fault) {
      fixture.fake.failNext(1, fault);
      DaprAppCallbackProtos.TopicEventBulkResponse reply =
          alpha().onBulkTopicEventAlpha1(batch(ce("1", "SUCCESS"), raw("2", "DROP")));
      assertThat(reply.getStatusesList())
          .extracting(s -> s.getEntryId() + "=" + s.getStatus())
          .containsExactly("1=RETRY", "2=RETRY");
    }

    @Test
    @DisplayName(
        "answers RETRY for every entry of a batch whose entry ids repeat, rather than failing it")
    void duplicate_ids() {
      DaprAppCallbackProtos.TopicEventBulkResponse reply =
          alpha().onBulkTopicEventAlpha1(batch(ce("1", "SUCCESS"), raw("1", "SUCCESS")));
      assertThat(reply.getStatusesList())
          .extracting(DaprAppCallbackProtos.TopicEventBulkResponseEntry::getStatus)
          .containsOnly(TopicEventResponseStatus.RETRY);
    }

    @Test
    @DisplayName("answers OnJobEventAlpha1 with UNIMPLEMENTED")
    void jobs() {
      StatusRuntimeException e =
          catchStatus(
              () ->
                  alpha()
                      .onJobEventAlpha1(
                          DaprAppCallbackProtos.JobEventRequest.newBuilder()
                              .setName("nightly")
                              .setMethod("job/nightly")
                              .build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }
  }

  // ==================================================================== bindings

  @Nested
  @DisplayName("ListInputBindings and OnBindingEvent")
  class Bindings {

    @Test
    @DisplayName("lists the function's input bindings")
    void list() {
      assertThat(app().listInputBindings(Empty.getDefaultInstance()).getBindingsList())
          .containsExactly("orders-queue", "cron");
    }

    @Test
    @DisplayName("delivers name, data and metadata, and returns data, to and concurrency")
    void event() {
      io.grpc.Metadata md = new io.grpc.Metadata();
      put(md, "traceparent", TRACEPARENT);
      DaprAppCallbackProtos.BindingEventResponse reply =
          withMetadata(app(), md)
              .onBindingEvent(
                  DaprAppCallbackProtos.BindingEventRequest.newBuilder()
                      .setName("orders-queue")
                      .setData(ByteString.copyFromUtf8("order-7"))
                      .putMetadata("to", "audit,archive")
                      .putMetadata("concurrency", "parallel")
                      .putMetadata("x-queue-message-id", "m-1")
                      .build());
      assertThat(reply.getData().toStringUtf8()).isEqualTo("handled:order-7");
      assertThat(reply.getToList()).containsExactly("audit", "archive");
      assertThat(reply.getConcurrency())
          .isEqualTo(DaprAppCallbackProtos.BindingEventResponse.BindingEventConcurrency.PARALLEL);
      ReceivedRequest delivery = fixture.fake.function().received("/orders-queue").get(0);
      assertThat(delivery.method()).isEqualTo("POST");
      assertThat(delivery.body().toUtf8()).isEqualTo("order-7");
      assertThat(delivery.headers().first("x-queue-message-id")).hasValue("m-1");
      assertThat(delivery.headers().first("traceparent")).hasValue(TRACEPARENT);
    }

    @Test
    @DisplayName("a sequential reply without targets comes back as SEQUENTIAL with no 'to'")
    void sequential() {
      DaprAppCallbackProtos.BindingEventResponse reply =
          app()
              .onBindingEvent(
                  DaprAppCallbackProtos.BindingEventRequest.newBuilder()
                      .setName("cron")
                      .setData(ByteString.copyFromUtf8("tick"))
                      .build());
      assertThat(reply.getData().toStringUtf8()).isEqualTo("handled:tick");
      assertThat(reply.getToList()).isEmpty();
      assertThat(reply.getConcurrency())
          .isEqualTo(DaprAppCallbackProtos.BindingEventResponse.BindingEventConcurrency.SEQUENTIAL);
    }

    @Test
    @DisplayName("fails with a gRPC error when the function fails, so the binding can retry")
    void function_error() {
      StatusRuntimeException e =
          catchStatus(
              () ->
                  app()
                      .onBindingEvent(
                          DaprAppCallbackProtos.BindingEventRequest.newBuilder()
                              .setName("orders-queue")
                              .setData(ByteString.copyFromUtf8("fail"))
                              .build()));
      assertThat(e.getStatus().getCode())
          .isEqualTo(Status.Code.UNKNOWN); // the function's 500, as daprd maps it
      assertThat(e.getStatus().getDescription()).contains("500");
    }

    @Test
    @DisplayName("fails with a gRPC error when the platform fails")
    void platform_error() {
      fixture.fake.failNext(1, PlatformFault.coldStart(Duration.ZERO));
      StatusRuntimeException e =
          catchStatus(
              () ->
                  app()
                      .onBindingEvent(
                          DaprAppCallbackProtos.BindingEventRequest.newBuilder()
                              .setName("orders-queue")
                              .setData(ByteString.copyFromUtf8("x"))
                              .build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  // ==================================================================== health and token

  @Test
  @DisplayName(
      "AppCallbackHealthCheck answers while the bridge runs, without calling the function, and not once it stopped")
  void health() throws Exception {
    ComputeBridge own = ComputeBridge.builder(fixture.compute).grpcPort(0).start();
    ManagedChannel ownChannel =
        NettyChannelBuilder.forAddress("127.0.0.1", own.grpcPort().getAsInt())
            .usePlaintext()
            .build();
    try {
      fixture.reset(); // forget the bridge's start-up fetches
      assertThat(
              AppCallbackHealthCheckGrpc.newBlockingStub(ownChannel)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .healthCheck(Empty.getDefaultInstance()))
          .isEqualTo(DaprAppCallbackProtos.HealthCheckResponse.getDefaultInstance());
      assertThat(fixture.fake.recordedCalls()).as("health is the bridge's to answer").isEmpty();
      own.close();
      StatusRuntimeException stopped =
          catchStatus(
              () ->
                  AppCallbackHealthCheckGrpc.newBlockingStub(ownChannel)
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .healthCheck(Empty.getDefaultInstance()));
      assertThat(stopped.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      ownChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      own.close();
    }
  }

  @Nested
  @DisplayName("With an app API token")
  class AppToken {

    private io.grpc.Metadata token(String value) {
      io.grpc.Metadata md = daprdMetadata();
      put(md, "dapr-api-token", value);
      return md;
    }

    @Test
    @DisplayName("accepts calls that carry it and never forwards it to the function")
    void accepted() throws IOException {
      CommonProtos.InvokeResponse reply =
          withMetadata(guardedApp(), token(TOKEN))
              .onInvoke(invoke("echo", CommonProtos.HTTPExtension.Verb.GET, "", "", ""));
      assertThat(json(reply.getData().getValue()).path("metadata").has("dapr-api-token")).isFalse();
      assertThat(fixture.fake.recordedCalls())
          .allSatisfy(call -> assertThat(call.headers().contains("dapr-api-token")).isFalse());
      assertThat(
              withMetadata(guardedHealth(), token(TOKEN)).healthCheck(Empty.getDefaultInstance()))
          .isEqualTo(DaprAppCallbackProtos.HealthCheckResponse.getDefaultInstance());
    }

    @Test
    @DisplayName(
        "refuses every service's calls without it, or with another value, as UNAUTHENTICATED")
    void refused() {
      for (io.grpc.Metadata md :
          List.of(daprdMetadata(), token("wrong-token"), token(TOKEN + "x"), token(""))) {
        StatusRuntimeException invoke =
            catchStatus(
                () ->
                    withMetadata(guardedApp(), md)
                        .onInvoke(invoke("echo", CommonProtos.HTTPExtension.Verb.GET, "", "", "")));
        assertThat(invoke.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(invoke.getStatus().getDescription())
            .doesNotContain(TOKEN)
            .contains("dapr-api-token");
        StatusRuntimeException topic =
            catchStatus(
                () ->
                    withMetadata(guardedApp(), md)
                        .onTopicEvent(topicEvent("e", "orders", "/orders", "SUCCESS")));
        assertThat(topic.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        StatusRuntimeException health =
            catchStatus(
                () -> withMetadata(guardedHealth(), md).healthCheck(Empty.getDefaultInstance()));
        assertThat(health.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        StatusRuntimeException bulk =
            catchStatus(
                () ->
                    withMetadata(guardedAlpha(), md)
                        .onBulkTopicEventAlpha1(
                            DaprAppCallbackProtos.TopicEventBulkRequest.getDefaultInstance()));
        assertThat(bulk.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      }
      assertThat(fixture.fake.recordedCalls()).as("nothing reached the platform").isEmpty();
    }
  }

  // ==================================================================== helpers

  private static StatusRuntimeException catchStatus(Runnable call) {
    AtomicReference<StatusRuntimeException> caught = new AtomicReference<>();
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, caught::set);
    return caught.get();
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
