package dev.daprcompute.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.wire.WireFormat;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.ReceivedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP side of the bridge as daprd {@code --app-protocol http} uses it: requests shaped as
 * daprd's HTTP app channel sends them (paths, headers, content types, bodies), through compute.http
 * to the reference function behind the plain-HTTP platform fake.
 */
@DisplayName("The HTTP app channel, called as daprd calls its app")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpAppChannelTest {
  private static final String TOKEN = "app-token-2b8d4e6f0a";
  private static final String TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private Fixture fixture;
  private ComputeBridge bridge;
  private ComputeBridge guarded;
  private ComputeBridge timed;
  private HttpClient client;

  @BeforeAll
  void start() throws IOException {
    fixture = Fixture.start();
    bridge = ComputeBridge.builder(fixture.compute).appId("orders").httpPort(0).start();
    guarded =
        ComputeBridge.builder(fixture.compute)
            .appId("orders")
            .httpPort(0)
            .appApiToken(TOKEN)
            .start();
    timed =
        ComputeBridge.builder(fixture.compute)
            .httpPort(0)
            .callTimeout(Duration.ofMillis(300))
            .start();
    // daprd's channel is Go's net/http over plain HTTP/1.1
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  void stop() {
    for (ComputeBridge b : new ComputeBridge[] {bridge, guarded, timed}) {
      if (b != null) {
        b.close();
      }
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void reset() {
    fixture.reset();
  }

  private static HttpRequest.Builder request(ComputeBridge target, String pathAndQuery) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + target.httpPort().getAsInt() + pathAndQuery))
        .timeout(Duration.ofSeconds(20))
        .header("User-Agent", "Go-http-client/1.1");
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A CloudEvent as daprd builds it for a published message. */
  private static String cloudEvent(String id, String topic, String data) {
    return "{\"id\":\""
        + id
        + "\",\"source\":\"checkout\",\"type\":\"com.dapr.event.sent\",\"specversion\":\"1.0\","
        + "\"datacontenttype\":\"text/plain\",\"data\":\""
        + data
        + "\",\"topic\":\""
        + topic
        + "\","
        + "\"pubsubname\":\"pubsub\",\"traceid\":\""
        + TRACEPARENT
        + "\",\"traceparent\":\""
        + TRACEPARENT
        + "\","
        + "\"tracestate\":\"\"}";
  }

  /** A topic delivery as daprd sends it to an HTTP app. */
  private static HttpRequest.Builder topic(ComputeBridge target, String route, String body) {
    return request(target, route)
        .header("Content-Type", "application/cloudevents+json")
        .header("pubsubName", "pubsub")
        .header("traceparent", TRACEPARENT)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }

  // ==================================================================== invoke

  @Nested
  @DisplayName("Service invocation: {verb} /{method}?{query}")
  class Invoke {

    @Test
    @DisplayName(
        "delivers verb, method, query string, content type, body and headers, and returns status, headers and body")
    void delivers_everything() throws Exception {
      HttpResponse<String> response =
          send(
              request(bridge, "/echo?a=1&b=two")
                  .header("Content-Type", "application/json")
                  .header("traceparent", TRACEPARENT)
                  .header("tracestate", "congo=t61rcWkgMzE")
                  .header("baggage", "userId=alice")
                  .header("dapr-caller-app-id", "checkout")
                  .header("dapr-caller-namespace", "default")
                  .header("dapr-callee-app-id", "orders")
                  .header("X-Forwarded-For", "10.0.0.7")
                  .header("Forwarded", "for=10.0.0.7;by=10.0.0.8;host=orders")
                  .header("Accept-Encoding", "gzip")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                  .build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      assertThat(response.headers().firstValue("x-echo")).hasValue("yes");
      JsonNode seen = json(response);
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
      assertThat(md.path("dapr-caller-namespace").asText()).isEqualTo("default");
      assertThat(md.path("x-forwarded-for").asText()).isEqualTo("10.0.0.7");
      assertThat(md.path("forwarded").asText()).isEqualTo("for=10.0.0.7;by=10.0.0.8;host=orders");
      assertThat(md.has("dapr-api-token")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "POST"})
    @DisplayName("sends the verb as it came")
    void verbs(String verb) throws Exception {
      boolean body = verb.equals("PUT") || verb.equals("PATCH") || verb.equals("POST");
      HttpResponse<String> response =
          send(
              request(bridge, "/echo?x=" + verb)
                  .header("Content-Type", "text/plain")
                  .method(
                      verb,
                      body
                          ? HttpRequest.BodyPublishers.ofString("b")
                          : HttpRequest.BodyPublishers.noBody())
                  .build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).path("verb").asText()).isEqualTo(verb);
      assertThat(json(response).path("query").asText()).isEqualTo("x=" + verb);
    }

    @Test
    @DisplayName("answers HEAD with the function's status and headers, without a body")
    void head() throws Exception {
      HttpResponse<String> response =
          send(
              request(bridge, "/echo").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEmpty();
      assertThat(fixture.fake.function().received("/echo").get(0).method()).isEqualTo("HEAD");
    }

    @Test
    @DisplayName("delivers OPTIONS to a method that is not an input binding as an invocation")
    void options_invocation() throws Exception {
      HttpResponse<String> response =
          send(
              request(bridge, "/echo")
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).path("verb").asText()).isEqualTo("OPTIONS");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 201, 202, 400, 401, 403, 404, 409, 418, 429, 500, 501, 503, 504})
    @DisplayName("returns the function's status, headers and body as they are")
    void statuses(int status) throws Exception {
      HttpResponse<String> response = send(request(bridge, "/status/" + status).GET().build());
      assertThat(response.statusCode()).isEqualTo(status);
      assertThat(response.body()).isEqualTo("status " + status);
      assertThat(response.headers().firstValue("x-function")).hasValue("yes");
    }

    static Stream<Arguments> platformFaults() {
      return Stream.of(
          Arguments.of(PlatformFault.notFound(), 502),
          Arguments.of(PlatformFault.unauthorized(), 502),
          Arguments.of(PlatformFault.serverError(), 502),
          Arguments.of(PlatformFault.throttled(Duration.ofSeconds(9)), 429),
          Arguments.of(PlatformFault.coldStart(Duration.ZERO), 503),
          Arguments.of(PlatformFault.gatewayTimeout(), 504),
          Arguments.of(PlatformFault.connectionReset(), 502),
          Arguments.of(PlatformFault.malformedBody(), 502));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("platformFaults")
    @DisplayName("answers a platform failure with its gateway status and a short JSON error")
    void platform_faults(PlatformFault fault, int status) throws Exception {
      fixture.fake.failNext(1, fault);
      HttpResponse<String> response =
          send(request(bridge, "/echo").POST(HttpRequest.BodyPublishers.ofString("x")).build());
      assertThat(response.statusCode()).isEqualTo(status);
      assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
      JsonNode error = json(response);
      assertThat(error.path("errorCode").asText()).isEqualTo("ERR_COMPUTE_UNAVAILABLE");
      assertThat(error.path("message").asText()).isNotBlank();
      if (status == 429) {
        assertThat(response.headers().firstValue("retry-after")).hasValue("9");
      }
    }

    @Test
    @DisplayName("gives each call the bridge's call timeout: a slow function is a 504")
    void call_timeout() throws Exception {
      HttpResponse<String> response = send(request(timed, "/sleep/3000").GET().build());
      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(fixture.compute.last("invoke").options().timeout())
          .isEqualTo(Duration.ofMillis(300));
    }
  }

  // ==================================================================== pubsub

  @Nested
  @DisplayName("PubSub: GET /dapr/subscribe and POST /{route}")
  class PubSub {

    @Test
    @DisplayName("lists the subscriptions in Dapr's JSON, fetched anew for each request")
    void subscribe() throws Exception {
      fixture.compute.clear();
      HttpResponse<String> response =
          send(
              request(bridge, "/dapr/subscribe")
                  .header("Content-Type", "application/json")
                  .header("Dapr-App-Id", "orders")
                  .GET()
                  .build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
      JsonNode list = json(response);
      assertThat(list.isArray()).isTrue();
      assertThat(list).hasSize(3);
      assertThat(list.get(0).path("pubsubname").asText()).isEqualTo("pubsub");
      assertThat(list.get(0).path("topic").asText()).isEqualTo("orders");
      assertThat(list.get(0).path("routes").path("default").asText()).isEqualTo("/orders");
      assertThat(list.get(1).path("routes").path("rules").get(0).path("match").asText())
          .isEqualTo("event.type == \"refund\"");
      assertThat(list.get(1).path("routes").path("rules").get(0).path("path").asText())
          .isEqualTo("/refunds");
      assertThat(list.get(1).path("deadLetterTopic").asText()).isEqualTo("payments-dlq");
      assertThat(list.get(2).path("bulkSubscribe").path("enabled").asBoolean()).isTrue();
      assertThat(list.get(2).path("bulkSubscribe").path("maxMessagesCount").asInt()).isEqualTo(10);
      assertThat(fixture.compute.calls())
          .extracting(RecordingCompute.Call::operation)
          .contains("subscriptions", "bindings");
    }

    @Test
    @DisplayName("refuses a daprd that runs as another app")
    void other_app() throws Exception {
      HttpResponse<String> response =
          send(request(bridge, "/dapr/subscribe").header("Dapr-App-Id", "billing").GET().build());
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(json(response).path("message").asText()).contains("--app-id orders");
    }

    @Test
    @DisplayName(
        "answers a failed subscription fetch with an error, never 404 (daprd would read 'none')")
    void subscribe_failure() throws Exception {
      fixture.fake.failNext(2, PlatformFault.notFound());
      HttpResponse<String> response = send(request(bridge, "/dapr/subscribe").GET().build());
      assertThat(response.statusCode()).isNotEqualTo(404).isGreaterThanOrEqualTo(500);
      assertThat(json(response).path("errorCode").asText()).isEqualTo("ERR_COMPUTE_UNAVAILABLE");
    }

    @ParameterizedTest(name = "data {0} -> {1}")
    @CsvSource({
      "SUCCESS, SUCCESS",
      "RETRY, RETRY",
      "DROP, DROP",
      "404, DROP",
      "500, RETRY",
      "garbage, SUCCESS"
    })
    @DisplayName("answers a CloudEvent with 200 and the function's outcome")
    void outcomes(String data, String status) throws Exception {
      HttpResponse<String> response =
          send(topic(bridge, "/orders", cloudEvent("e-" + data, "orders", data)).build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).path("status").asText()).isEqualTo(status);
    }

    @Test
    @DisplayName(
        "delivers the CloudEvent's fields, the route and the delivery headers to the function")
    void fields() throws Exception {
      HttpResponse<String> response =
          send(
              topic(
                      bridge,
                      "/refunds",
                      cloudEvent("e-9", "payments", "SUCCESS")
                          .replace("com.dapr.event.sent", "refund"))
                  .header("tracestate", "congo=t61rcWkgMzE")
                  .header("kafka-partition", "3")
                  .build());
      assertThat(json(response).path("status").asText()).isEqualTo("SUCCESS");
      List<ReceivedRequest> received = fixture.fake.function().received("/refunds");
      assertThat(received).hasSize(1);
      ReceivedRequest delivery = received.get(0);
      assertThat(delivery.headers().first("traceparent")).hasValue(TRACEPARENT);
      assertThat(delivery.headers().first("kafka-partition")).hasValue("3");
      assertThat(delivery.headers().first("pubsubname")).hasValue("pubsub");
      TopicEventRequest event =
          WireFormat.readCloudEvent(delivery.body().toByteArray(), "/refunds", Metadata.empty());
      assertThat(event.id()).isEqualTo("e-9");
      assertThat(event.type()).isEqualTo("refund");
      assertThat(event.topic()).isEqualTo("payments");
      assertThat(event.pubsubName()).isEqualTo("pubsub");
      assertThat(event.data().toUtf8()).isEqualTo("SUCCESS");
      assertThat(event.extensions()).containsEntry("traceid", TRACEPARENT);
    }

    @Test
    @DisplayName("also takes a CloudEvent sent as application/json")
    void json_cloud_event() throws Exception {
      HttpResponse<String> response =
          send(
              request(bridge, "/orders")
                  .header("Content-Type", "application/json")
                  .header("pubsubName", "pubsub")
                  .POST(HttpRequest.BodyPublishers.ofString(cloudEvent("e-j", "orders", "DROP")))
                  .build());
      assertThat(json(response).path("status").asText()).isEqualTo("DROP");
      assertThat(fixture.compute.last("topic").request()).isInstanceOf(TopicEventRequest.class);
    }

    @Test
    @DisplayName(
        "takes a CloudEvent for a route the function did not list (a declarative subscription)")
    void declarative_route() throws Exception {
      HttpResponse<String> response =
          send(topic(bridge, "/elsewhere", cloudEvent("e-d", "orders", "SUCCESS")).build());
      assertThat(response.statusCode()).isEqualTo(200);
      TopicEventRequest event = (TopicEventRequest) fixture.compute.last("topic").request();
      assertThat(event.path()).isEqualTo("/elsewhere");
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
    @DisplayName("answers 200 RETRY, never 404 or DROP, when the platform fails")
    void platform_faults_retry(PlatformFault fault) throws Exception {
      fixture.fake.failNext(1, fault);
      HttpResponse<String> response =
          send(topic(bridge, "/orders", cloudEvent("e-f", "orders", "SUCCESS")).build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).path("status").asText()).isEqualTo("RETRY");
    }

    @Test
    @DisplayName("answers a bulk delivery with one status per entry")
    void bulk() throws Exception {
      String body =
          "{\"id\":\"b-1\",\"type\":\"com.dapr.event.sent.bulk\",\"topic\":\"bulk-orders\",\"pubsubname\":\"pubsub\","
              + "\"metadata\":{\"batch\":\"yes\"},\"entries\":["
              + "{\"entryId\":\"1\",\"event\":"
              + cloudEvent("c1", "bulk-orders", "SUCCESS")
              + ",\"metadata\":{},\"contentType\":\"application/cloudevents+json\"},"
              + "{\"entryId\":\"2\",\"event\":"
              + cloudEvent("c2", "bulk-orders", "DROP")
              + ",\"metadata\":{},\"contentType\":\"application/cloudevents+json\"},"
              + "{\"entryId\":\"3\",\"event\":\"UkVUUlk=\",\"metadata\":{},\"contentType\":\"application/octet-stream\"}]}";
      HttpResponse<String> response =
          send(
              request(bridge, "/bulk")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode statuses = json(response).path("statuses");
      assertThat(statuses).hasSize(3);
      assertThat(statuses.get(0).path("entryId").asText()).isEqualTo("1");
      assertThat(statuses.get(0).path("status").asText()).isEqualTo("SUCCESS");
      assertThat(statuses.get(1).path("status").asText()).isEqualTo("DROP");
      assertThat(statuses.get(2).path("status").asText()).isEqualTo("RETRY"); // raw "RETRY"
    }

    @Test
    @DisplayName(
        "takes a batch for a route the function did not list when daprd names the PubSub component")
    void declarative_bulk() throws Exception {
      String body =
          "{\"id\":\"b-3\",\"type\":\"com.dapr.event.sent.bulk\",\"topic\":\"orders\","
              + "\"metadata\":{},\"entries\":[{\"entryId\":\"1\",\"event\":"
              + cloudEvent("c1", "orders", "SUCCESS")
              + ",\"metadata\":{},\"contentType\":\"application/cloudevents+json\"}]}";
      HttpResponse<String> response =
          send(
              request(bridge, "/elsewhere-bulk")
                  .header("Content-Type", "application/json")
                  .header("pubsubName", "pubsub")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).path("statuses").get(0).path("entryId").asText()).isEqualTo("1");
      var batch =
          (dev.daprcompute.protocol.BulkTopicEventRequest) fixture.compute.last("bulk").request();
      assertThat(batch.path()).isEqualTo("/elsewhere-bulk");
      assertThat(batch.pubsubName()).as("from the pubsubName header").isEqualTo("pubsub");
    }

    @Test
    @DisplayName("delivers JSON that is no event, posted to a route, as an invocation")
    void json_invocation_on_route() throws Exception {
      send(
          request(bridge, "/orders")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"qty\":1}"))
              .build());
      assertThat(fixture.compute.last("invoke").request())
          .isInstanceOf(dev.daprcompute.protocol.InvokeRequest.class);
      assertThat(fixture.compute.calls())
          .extracting(RecordingCompute.Call::operation)
          .doesNotContain("topic", "bulk");
    }

    @Test
    @DisplayName("answers RETRY for every entry of a batch when the platform fails")
    void bulk_fault() throws Exception {
      fixture.fake.failNext(1, PlatformFault.notFound());
      String body =
          "{\"id\":\"b-2\",\"type\":\"com.dapr.event.sent.bulk\",\"topic\":\"bulk-orders\",\"pubsubname\":\"pubsub\","
              + "\"metadata\":{},\"entries\":[{\"entryId\":\"1\",\"event\":"
              + cloudEvent("c1", "bulk-orders", "SUCCESS")
              + ",\"metadata\":{},\"contentType\":\"application/cloudevents+json\"}]}";
      HttpResponse<String> response =
          send(
              request(bridge, "/bulk")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      assertThat(json(response).path("statuses").get(0).path("status").asText()).isEqualTo("RETRY");
    }

    @Test
    @DisplayName("answers a CloudEvent that is not JSON with 400, not 404")
    void malformed_event() throws Exception {
      HttpResponse<String> response = send(topic(bridge, "/orders", "{not json").build());
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(fixture.fake.recordedCalls()).isEmpty();
    }
  }

  // ==================================================================== bindings

  @Nested
  @DisplayName("Input bindings: OPTIONS and POST /{binding}")
  class Bindings {

    @Test
    @DisplayName("answers daprd's OPTIONS probe with 200 for each input binding of the function")
    void probe() throws Exception {
      for (String binding : List.of("orders-queue", "cron")) {
        HttpResponse<String> response =
            send(
                request(bridge, "/" + binding)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .build());
        assertThat(response.statusCode()).as(binding).isEqualTo(200);
      }
      assertThat(fixture.fake.function().received("/orders-queue"))
          .as("the probe is the bridge's to answer")
          .isEmpty();
    }

    @Test
    @DisplayName("delivers the event with its metadata headers and answers 200 with the reply data")
    void event() throws Exception {
      HttpResponse<String> response =
          send(
              request(bridge, "/orders-queue")
                  .header(
                      "Content-Type",
                      "application/json") // daprd always says JSON, whatever the payload
                  .header("traceparent", TRACEPARENT)
                  .header("to", "audit,archive")
                  .header("X-Queue-Message-Id", "m-1")
                  .POST(HttpRequest.BodyPublishers.ofString("order-7"))
                  .build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("handled:order-7");
      ReceivedRequest delivery = fixture.fake.function().received("/orders-queue").get(0);
      assertThat(delivery.body().toUtf8()).isEqualTo("order-7");
      assertThat(delivery.headers().first("x-queue-message-id")).hasValue("m-1");
      assertThat(delivery.headers().first("traceparent")).hasValue(TRACEPARENT);
      assertThat(
              delivery.headers().contains("user-agent")
                  && delivery.headers().first("user-agent").get().startsWith("Go-http"))
          .as("Go's user-agent is not binding metadata")
          .isFalse();
    }

    @Test
    @DisplayName("answers 500 when the function fails, so the binding can retry")
    void failure() throws Exception {
      HttpResponse<String> response =
          send(
              request(bridge, "/orders-queue")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("fail"))
                  .build());
      assertThat(response.statusCode()).isEqualTo(500);
    }

    @Test
    @DisplayName("answers a platform failure with an error status")
    void platform_failure() throws Exception {
      fixture.fake.failNext(1, PlatformFault.coldStart(Duration.ZERO));
      HttpResponse<String> response =
          send(
              request(bridge, "/cron")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("tick"))
                  .build());
      assertThat(response.statusCode()).isEqualTo(503);
    }
  }

  // ==================================================================== health, config, token

  @Test
  @DisplayName("GET /healthz answers 200 while the bridge runs")
  void health() throws Exception {
    assertThat(send(request(bridge, "/healthz").GET().build()).statusCode()).isEqualTo(200);
    assertThat(fixture.fake.recordedCalls()).isEmpty();
  }

  @Test
  @DisplayName("GET /dapr/config answers 404: the bridge hosts no actors")
  void config() throws Exception {
    assertThat(
            send(request(bridge, "/dapr/config")
                    .header("Content-Type", "application/json")
                    .header("Dapr-App-Id", "orders")
                    .GET()
                    .build())
                .statusCode())
        .isEqualTo(404);
  }

  @Nested
  @DisplayName("With an app API token")
  class AppToken {

    @Test
    @DisplayName("accepts requests that carry it in dapr-api-token and never forwards it")
    void accepted() throws Exception {
      HttpResponse<String> response =
          send(request(guarded, "/echo").header("dapr-api-token", TOKEN).GET().build());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).path("metadata").has("dapr-api-token")).isFalse();
      assertThat(
              send(topic(guarded, "/orders", cloudEvent("e-t", "orders", "SUCCESS"))
                      .header("dapr-api-token", TOKEN)
                      .build())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              send(request(guarded, "/dapr/subscribe")
                      .header("dapr-api-token", TOKEN)
                      .GET()
                      .build())
                  .statusCode())
          .isEqualTo(200);
      assertThat(fixture.fake.recordedCalls())
          .allSatisfy(call -> assertThat(call.headers().contains("dapr-api-token")).isFalse());
    }

    @Test
    @DisplayName(
        "refuses every route without it or with another value with 401, and never logs or shows it")
    void refused() throws Exception {
      PrintStream original = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        for (String presented : new String[] {null, "wrong-token", TOKEN + "x"}) {
          for (HttpRequest.Builder request :
              List.of(
                  request(guarded, "/echo").GET(),
                  request(guarded, "/dapr/subscribe").GET(),
                  topic(guarded, "/orders", cloudEvent("e-r", "orders", "SUCCESS")),
                  request(guarded, "/orders-queue")
                      .method("OPTIONS", HttpRequest.BodyPublishers.noBody()))) {
            if (presented != null) {
              request.header("dapr-api-token", presented);
            }
            HttpResponse<String> response = send(request.build());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("dapr-api-token").doesNotContain(TOKEN);
          }
        }
      } finally {
        System.setErr(original);
      }
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log).as("the refusals were logged").contains("refused");
      assertThat(log).doesNotContain(TOKEN).doesNotContain("wrong-token");
      assertThat(fixture.fake.recordedCalls()).as("nothing reached the platform").isEmpty();
    }

    @Test
    @DisplayName("lets daprd's health probe through without it")
    void health_without_token() throws Exception {
      assertThat(send(request(guarded, "/healthz").GET().build()).statusCode()).isEqualTo(200);
    }
  }
}
