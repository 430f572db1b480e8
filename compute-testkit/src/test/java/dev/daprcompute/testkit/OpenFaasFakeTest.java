package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.testkit.FakeClient.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OpenFaasFake behaves like an OpenFaaS CE gateway")
class OpenFaasFakeTest {
  private static final String UUID_PATTERN =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private OpenFaasFake fake;
  private FakeClient http;

  @BeforeEach
  void start() {
    fake = OpenFaasFake.start("orders-fn");
    http = new FakeClient(fake);
  }

  @AfterEach
  void stop() {
    http.close();
    fake.close();
  }

  private Request.Builder info(String functionSegment) {
    return new Request.Builder()
        .url(fake.gateway() + "/function/" + functionSegment + Protocol.INFO_PATH)
        .header("Authorization", http.bearer());
  }

  private Request.Builder system(String path) {
    return new Request.Builder()
        .url(fake.gateway() + path)
        .header("Authorization", Credentials.basic(fake.basicAuthUser(), fake.basicAuthPassword()));
  }

  @Test
  @DisplayName(
      "the component metadata names the gateway, the function, the /system credentials, the key and the audience")
  void componentMetadata() {
    ComponentMetadata metadata = fake.component("orders").build();
    assertThat(fake.componentType()).isEqualTo("compute.openfaas");
    assertThat(metadata.requireString("gateway")).isEqualTo(fake.baseUrl());
    assertThat(metadata.requireString("functionName")).isEqualTo("dapr-fn");
    assertThat(metadata.has("namespace")).as("the default namespace needs no field").isFalse();
    assertThat(metadata.requireString("basicAuthUser")).isEqualTo("admin");
    assertThat(metadata.isSecret("basicAuthPassword")).isTrue();
    assertThat(
            metadata
                .secret("basicAuthPassword")
                .orElseThrow()
                .reveal()
                .equals(fake.basicAuthPassword()))
        .isTrue();
    assertThat(metadata.isSecret("key")).isTrue();
    assertThat(metadata.requireString("audience")).isEqualTo("orders-fn");
    assertThat(fake.functionUrl()).isEqualTo(fake.gateway() + "/function/dapr-fn");
  }

  @Test
  @DisplayName(
      "/function/<name> needs no credential and our bearer token reaches the function in Authorization")
  void tokenReachesTheFunction() {
    for (String segment : List.of("dapr-fn", "dapr-fn.openfaas-fn")) {
      Reply reply = http.send(info(segment)).fromFunction();
      assertThat(reply.status()).as(segment).isEqualTo(200);
      assertThat(reply.json().path("version").asText()).isEqualTo(ReferenceFunction.VERSION);
    }
    assertThat(fake.function().received(Protocol.INFO_PATH))
        .hasSize(2)
        .allSatisfy(
            received -> {
              assertThat(received.token())
                  .as("token rejected: %s", received.rejection())
                  .isNotNull();
              assertThat(received.headers().first("authorization").orElseThrow())
                  .startsWith("Bearer ");
            });
  }

  @Test
  @DisplayName(
      "the path after the name and the query are forwarded, and an answer keeps the function's content type")
  void pathAndQueryForwarded() {
    Reply reply =
        http.send(
                new Request.Builder()
                    .url(fake.functionUrl() + "/echo?a=1&b=two")
                    .header("Authorization", http.bearer())
                    .post(RequestBody.create("{\"n\":1}", MediaType.get("application/json"))))
            .fromFunction();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.json().path("query").asText()).isEqualTo("a=1&b=two");
    assertThat(reply.json().path("body").asText()).isEqualTo("{\"n\":1}");
    assertThat(fake.function().received("/echo")).hasSize(1);
  }

  @Test
  @DisplayName(
      "the gateway strips only hop-by-hop headers and Proxy-Authorization, and adds X-Forwarded-*")
  void hopByHopHeaders() {
    http.send(
        info("dapr-fn")
            .header("Proxy-Authorization", "Basic c2VjcmV0")
            .header("Keep-Alive", "timeout=5")
            .header("Trailer", "X-Checksum")
            .header("X-Custom", "kept"));
    Metadata headers = fake.function().received(Protocol.INFO_PATH).get(0).headers();
    assertThat(headers.contains("proxy-authorization")).isFalse();
    assertThat(headers.contains("keep-alive")).isFalse();
    assertThat(headers.contains("trailer")).isFalse();
    assertThat(headers.first("x-custom")).contains("kept");
    assertThat(headers.first("authorization").orElseThrow()).startsWith("Bearer ");
    assertThat(headers.first("x-forwarded-host")).contains("127.0.0.1:" + fake.port());
    assertThat(headers.first("x-forwarded-for")).isPresent();
  }

  @Test
  @DisplayName(
      "answers carry X-Call-Id (a UUID, only when the caller sent none), X-Start-Time and X-Served-By")
  void callIdHeaders() {
    Reply reply = http.send(info("dapr-fn")).fromFunction();
    assertThat(reply.header("X-Call-Id")).matches(UUID_PATTERN);
    assertThat(reply.header("X-Start-Time")).matches("[0-9]{19}");
    assertThat(reply.header("X-Served-By"))
        .isEqualTo("openfaas-ce/" + OpenFaasFake.GATEWAY_VERSION);
    Metadata first = fake.function().received(Protocol.INFO_PATH).get(0).headers();
    assertThat(first.first("x-call-id")).contains(reply.header("X-Call-Id"));
    assertThat(first.first("x-start-time")).contains(reply.header("X-Start-Time"));

    String mine = UUID.randomUUID().toString();
    Reply own = http.send(info("dapr-fn").header("X-Call-Id", mine)).fromFunction();
    assertThat(own.hasHeader("X-Call-Id"))
        .as("the gateway adds none when the caller sent one")
        .isFalse();
    assertThat(own.hasHeader("X-Start-Time")).isTrue();
    assertThat(fake.function().received(Protocol.INFO_PATH).get(1).headers().all("x-call-id"))
        .containsExactly(mine);
  }

  @Test
  @DisplayName(
      "a missing function is the scaling handler's 404 text, or 503 no-endpoints without the scaling handler")
  void missingFunction() {
    Reply other = http.send(info("other")).fromPlatform();
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.body())
        .isEqualTo(
            "error finding function other.openfaas-fn: server returned non-200 status code (404) for function, other");
    assertThat(http.send(info("dapr-fn.elsewhere")).body())
        .startsWith("error finding function dapr-fn.elsewhere: ");

    fake.undeploy();
    assertThat(http.send(info("dapr-fn")).fromPlatform().body())
        .startsWith("error finding function dapr-fn.openfaas-fn: ");

    fake.scaleFromZero(false);
    Reply noEndpoints = http.send(info("dapr-fn")).fromPlatform();
    assertThat(noEndpoints.status()).isEqualTo(503);
    assertThat(noEndpoints.body()).isEqualTo("No endpoints available for: dapr-fn.");
    assertThat(noEndpoints.header("X-OpenFaaS-Internal")).isEqualTo("proxy");
    assertThat(fake.function().received()).isEmpty();

    fake.deploy();
    assertThat(http.send(info("dapr-fn")).fromFunction().status()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "zero replicas are absent keys in FunctionStatus; the scaling handler scales from zero, without it the call is 503")
  void scaledToZero() {
    fake.scale(0);
    JsonNode status = http.send(system("/system/function/dapr-fn")).fromPlatform().json();
    assertThat(status.path("name").asText()).isEqualTo("dapr-fn");
    assertThat(status.has("replicas")).as("omitempty, not 0").isFalse();
    assertThat(status.has("availableReplicas")).isFalse();

    fake.scaleFromZero(false);
    assertThat(http.send(info("dapr-fn")).fromPlatform().status()).isEqualTo(503);
    fake.scaleFromZero(true);
    assertThat(http.send(info("dapr-fn")).fromFunction().status()).isEqualTo(200);
    assertThat(fake.replicas()).isEqualTo(1);
    assertThat(
            http.send(system("/system/function/dapr-fn")).json().path("availableReplicas").asInt())
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "/system needs Basic auth: 401, WWW-Authenticate Basic realm=\"Restricted\" and 'invalid credentials'")
  void systemNeedsBasicAuth() {
    for (Request.Builder request :
        List.of(
            new Request.Builder().url(fake.gateway() + "/system/functions"),
            new Request.Builder()
                .url(fake.gateway() + "/system/info")
                .header("Authorization", Credentials.basic("admin", "wrong")),
            new Request.Builder()
                .url(fake.gateway() + "/system/function/dapr-fn")
                .header("Authorization", http.bearer()))) {
      Reply reply = http.send(request).fromPlatform();
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Restricted\"");
      assertThat(reply.body()).isEqualTo("invalid credentials");
    }
    assertThat(http.send(system("/system/functions")).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("GET /system/function/<name> is a FunctionStatus, 404 for another name or namespace")
  void functionStatus() {
    Reply reply = http.send(system("/system/function/dapr-fn")).fromPlatform();
    assertThat(reply.status()).isEqualTo(200);
    JsonNode status = reply.json();
    assertThat(status.path("name").asText()).isEqualTo("dapr-fn");
    assertThat(status.path("image").asText()).isNotEmpty();
    assertThat(status.path("namespace").asText()).isEqualTo("openfaas-fn");
    assertThat(status.path("replicas").asInt()).isEqualTo(1);
    assertThat(status.path("availableReplicas").asInt()).isEqualTo(1);
    assertThat(status.has("invocationCount")).isFalse();
    assertThat(http.send(system("/system/function/dapr-fn?namespace=openfaas-fn")).status())
        .isEqualTo(200);
    assertThat(http.send(system("/system/function/dapr-fn?namespace=other")).status())
        .isEqualTo(404);
    Reply unknown = http.send(system("/system/function/other")).fromPlatform();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).isEmpty();
    fake.undeploy();
    assertThat(http.send(system("/system/function/dapr-fn")).status()).isEqualTo(404);
  }

  @Test
  @DisplayName(
      "annotations (faas-cli deploy --annotation) appear in FunctionStatus, omitted when none; reset clears them")
  void annotations() {
    assertThat(http.send(system("/system/function/dapr-fn")).json().has("annotations"))
        .as("omitempty")
        .isFalse();
    fake.annotate("topic", "orders,payments");
    fake.annotate("com.openfaas.scale.min", "0");
    JsonNode status = http.send(system("/system/function/dapr-fn")).json();
    assertThat(status.path("annotations").path("topic").asText()).isEqualTo("orders,payments");
    assertThat(status.path("annotations").path("com.openfaas.scale.min").asText()).isEqualTo("0");
    assertThat(
            http.send(system("/system/functions"))
                .json()
                .get(0)
                .path("annotations")
                .path("topic")
                .asText())
        .isEqualTo("orders,payments");
    fake.reset();
    assertThat(http.send(system("/system/function/dapr-fn")).json().has("annotations")).isFalse();
  }

  @Test
  @DisplayName("GET /system/functions lists the function with its invocationCount")
  void functionList() {
    JsonNode before = http.send(system("/system/functions")).json();
    assertThat(before).hasSize(1);
    assertThat(before.get(0).has("invocationCount")).as("omitempty").isFalse();
    http.send(info("dapr-fn"));
    http.send(info("dapr-fn"));
    JsonNode after = http.send(system("/system/functions")).json();
    assertThat(after.get(0).path("invocationCount").asInt()).isEqualTo(2);
    assertThat(http.send(system("/system/functions?namespace=other")).json()).isEmpty();
    assertThat(http.send(system("/system/namespaces")).json().get(0).asText())
        .isEqualTo("openfaas-fn");
  }

  @Test
  @DisplayName("GET /system/info is a GatewayInfo with provider, version and arch")
  void gatewayInfo() {
    JsonNode info = http.send(system("/system/info")).fromPlatform().json();
    assertThat(info.path("provider").path("provider").asText()).isEqualTo("faas-netes");
    assertThat(info.path("provider").path("orchestration").asText()).isEqualTo("kubernetes");
    assertThat(info.path("provider").path("version").path("release").asText()).isNotEmpty();
    assertThat(info.path("provider").path("version").path("sha").asText()).isNotEmpty();
    assertThat(info.path("version").path("release").asText())
        .isEqualTo(OpenFaasFake.GATEWAY_VERSION);
    assertThat(info.path("version").path("sha").asText()).isNotEmpty();
    assertThat(info.path("arch").asText()).isEqualTo("x86_64");
  }

  @Test
  @DisplayName("POST /system/scale-function/<name> scales the function; 404 for another name")
  void scaleFunction() {
    Reply reply =
        http.send(
            system("/system/scale-function/dapr-fn")
                .post(
                    RequestBody.create(
                        "{\"serviceName\":\"dapr-fn\",\"replicas\":0}",
                        MediaType.get("application/json"))));
    assertThat(reply.status()).isEqualTo(202);
    assertThat(fake.replicas()).isZero();
    assertThat(
            http.send(
                    system("/system/scale-function/other")
                        .post(
                            RequestBody.create(
                                "{\"replicas\":1}", MediaType.get("application/json"))))
                .status())
        .isEqualTo(404);
  }

  @Test
  @DisplayName(
      "GET /healthz is 200 OK, unknown gateway paths Go's 404, and methods outside the proxy's list 405")
  void healthAndRoutes() {
    Reply health = http.send(new Request.Builder().url(fake.gateway() + "/healthz")).fromPlatform();
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK");
    assertThat(http.send(new Request.Builder().url(fake.gateway() + "/nowhere")).body())
        .isEqualTo("404 page not found\n");
    Reply propfind =
        http.send(new Request.Builder().url(fake.functionUrl()).method("PROPFIND", null))
            .fromPlatform();
    assertThat(propfind.status()).isEqualTo(405);
    assertThat(fake.function().received()).isEmpty();
  }

  @Test
  @DisplayName(
      "POST /async-function/<name> is 202 with X-Call-Id, then calls the function and the X-Callback-Url")
  void asyncFunction() throws Exception {
    CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/done",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          callback.complete(
              Map.of(
                  "callId", String.valueOf(exchange.getRequestHeaders().getFirst("X-Call-Id")),
                  "status",
                      String.valueOf(exchange.getRequestHeaders().getFirst("X-Function-Status")),
                  "name", String.valueOf(exchange.getRequestHeaders().getFirst("X-Function-Name")),
                  "duration",
                      String.valueOf(exchange.getRequestHeaders().getFirst("X-Duration-Seconds")),
                  "body", new String(body, StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    try {
      Reply reply =
          http.send(
                  new Request.Builder()
                      .url(fake.gateway() + "/async-function/dapr-fn/echo?q=1")
                      .header("Authorization", http.bearer())
                      .header(
                          "X-Callback-Url",
                          "http://127.0.0.1:" + receiver.getAddress().getPort() + "/done")
                      .post(RequestBody.create("queued", MediaType.get("text/plain"))))
              .fromPlatform();
      assertThat(reply.status()).isEqualTo(202);
      assertThat(reply.body()).isEmpty();
      assertThat(reply.header("X-Call-Id")).matches(UUID_PATTERN);
      assertThat(fake.awaitQueue(Duration.ofSeconds(10))).isTrue();
      ReceivedRequest received = fake.function().received("/echo").get(0);
      assertThat(received.token()).as("token rejected: %s", received.rejection()).isNotNull();
      assertThat(received.query()).isEqualTo("q=1");
      assertThat(received.body().toUtf8()).isEqualTo("queued");
      Map<String, String> done = callback.get(10, TimeUnit.SECONDS);
      assertThat(done.get("callId")).isEqualTo(reply.header("X-Call-Id"));
      assertThat(done.get("status")).isEqualTo("200");
      assertThat(done.get("name")).isEqualTo("dapr-fn");
      assertThat(done.get("duration")).matches("[0-9]+\\.[0-9]+");
      assertThat(done.get("body")).contains("\"body\":\"queued\"");
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  @DisplayName("async calls need POST and an absolute callback URL")
  void asyncRules() {
    assertThat(
            http.send(new Request.Builder().url(fake.gateway() + "/async-function/dapr-fn"))
                .status())
        .isEqualTo(405);
    assertThat(
            http.send(
                    new Request.Builder()
                        .url(fake.gateway() + "/async-function/dapr-fn")
                        .header("X-Callback-Url", "/relative")
                        .post(RequestBody.create(new byte[0])))
                .status())
        .isEqualTo(400);
    assertThat(fake.awaitQueue(Duration.ofSeconds(5))).isTrue();
    assertThat(fake.function().received()).isEmpty();
  }

  private Reply faulted(PlatformFault fault) {
    fake.failNext(1, fault);
    return http.send(info("dapr-fn")).fromPlatform();
  }

  @Test
  @DisplayName("each fault is answered in OpenFaaS's words, without the function's marker")
  void faults() {
    Reply notFound = faulted(PlatformFault.notFound());
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.body())
        .isEqualTo(
            "error finding function dapr-fn.openfaas-fn: server returned non-200 status code (404) for function, dapr-fn");
    assertThat(notFound.header("X-Call-Id")).as("through the gateway").matches(UUID_PATTERN);

    Reply unauthorized = faulted(PlatformFault.unauthorized());
    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(unauthorized.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Restricted\"");
    assertThat(unauthorized.body()).isEqualTo("invalid credentials");

    Reply forbidden = faulted(PlatformFault.forbidden());
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.body()).isEqualTo("Forbidden");

    Reply throttled = faulted(PlatformFault.throttled(Duration.ofSeconds(4)));
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("4");

    Reply serverError = faulted(PlatformFault.serverError());
    assertThat(serverError.status()).isEqualTo(500);
    assertThat(serverError.body()).isEqualTo("Can't reach service for: dapr-fn.");
    assertThat(serverError.header("X-OpenFaaS-Internal")).isEqualTo("proxy");

    long start = System.nanoTime();
    Reply coldStart = faulted(PlatformFault.coldStart(Duration.ofMillis(200)));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(coldStart.status()).isEqualTo(503);
    assertThat(coldStart.body()).isEqualTo("No endpoints available for: dapr-fn.");
    assertThat(coldStart.header("X-OpenFaaS-Internal")).isEqualTo("proxy");

    Reply gatewayTimeout = faulted(PlatformFault.gatewayTimeout());
    assertThat(gatewayTimeout.status()).isEqualTo(502);
    assertThat(gatewayTimeout.body()).isEmpty();

    Reply malformed = faulted(PlatformFault.malformedBody());
    assertThat(malformed.status()).isEqualTo(200);
    assertThat(malformed.header("Content-Type")).startsWith("text/html");

    fake.failNext(1, PlatformFault.connectionReset());
    http.failure(info("dapr-fn"));

    assertThat(fake.function().received()).as("no fault reached the function").isEmpty();
  }

  @Test
  @DisplayName(
      "calls are recorded as the gateway got them, and reset restores a deployed, scaled, scaling gateway")
  void recordedCallsAndReset() {
    http.send(info("dapr-fn").header("Proxy-Authorization", "Basic c2VjcmV0"));
    fake.failNext(1, PlatformFault.gatewayTimeout());
    http.send(info("dapr-fn"));
    assertThat(fake.recordedCalls()).hasSize(2);
    RecordedCall first = fake.recordedCalls().get(0);
    assertThat(first.path()).isEqualTo("/function/dapr-fn" + Protocol.INFO_PATH);
    assertThat(first.headers().contains("proxy-authorization"))
        .as("recorded before the gateway strips it")
        .isTrue();
    assertThat(fake.recordedCalls().get(1).fault()).isEqualTo("GatewayTimeout");

    fake.undeploy();
    fake.scale(0);
    fake.scaleFromZero(false);
    fake.failAlways(PlatformFault.serverError());
    fake.reset();
    assertThat(fake.recordedCalls()).isEmpty();
    assertThat(fake.replicas()).isEqualTo(1);
    assertThat(http.send(info("dapr-fn")).fromFunction().status()).isEqualTo(200);
    fake.undeploy();
    assertThat(http.send(info("dapr-fn")).status())
        .as("the scaling handler is back")
        .isEqualTo(404);
  }
}
