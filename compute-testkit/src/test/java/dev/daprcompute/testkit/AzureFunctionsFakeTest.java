package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.testkit.FakeClient.Reply;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AzureFunctionsFake behaves like an Azure Functions app")
class AzureFunctionsFakeTest {
  private AzureFunctionsFake fake;
  private FakeClient http;

  @BeforeEach
  void start() {
    fake = AzureFunctionsFake.start("orders-fn");
    http = new FakeClient(fake);
  }

  @AfterEach
  void stop() {
    http.close();
    fake.close();
  }

  private Request.Builder info() {
    return new Request.Builder()
        .url(fake.endpoint() + Protocol.INFO_PATH)
        .header("Authorization", http.bearer());
  }

  private Request.Builder withKey(Request.Builder request, String key) {
    return request.header("x-functions-key", key);
  }

  private Request.Builder admin(String path) {
    return new Request.Builder().url(fake.baseUrl() + path);
  }

  @Test
  @DisplayName(
      "the component metadata names the endpoint, both keys as secrets, the key and the audience")
  void componentMetadata() {
    ComponentMetadata metadata = fake.component("orders").build();
    assertThat(fake.componentType()).isEqualTo("compute.azure.functions");
    assertThat(metadata.type()).isEqualTo("compute.azure.functions");
    assertThat(metadata.requireString("endpoint"))
        .isEqualTo(fake.baseUrl() + "/api/dapr")
        .isEqualTo(fake.endpoint());
    assertThat(metadata.isSecret("functionKey")).isTrue();
    assertThat(metadata.secret("functionKey").orElseThrow().reveal().equals(fake.functionKey()))
        .as("functionKey")
        .isTrue();
    assertThat(metadata.isSecret("masterKey")).isTrue();
    assertThat(metadata.secret("masterKey").orElseThrow().reveal().equals(fake.masterKey()))
        .as("masterKey")
        .isTrue();
    assertThat(
            metadata
                .secret("key")
                .orElseThrow()
                .reveal()
                .equals(fake.function().componentKey().privateKeyPem().trim()))
        .as("key")
        .isTrue();
    assertThat(metadata.requireString("audience")).isEqualTo("orders-fn");
    assertThat(fake.functionKey().equals(fake.masterKey())).as("two different keys").isFalse();
    assertThat(
            metadata.toString().contains(fake.functionKey())
                || metadata.toString().contains(fake.masterKey()))
        .as("a key in toString")
        .isFalse();
  }

  @Test
  @DisplayName(
      "the function key in x-functions-key lets the call and the bearer token through to the function")
  void functionKeyInHeader() {
    Reply reply = http.send(withKey(info(), fake.functionKey())).fromFunction();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("protocol").asInt()).isEqualTo(Protocol.VERSION);
    ReceivedRequest received = fake.function().received(Protocol.INFO_PATH).get(0);
    assertThat(received.token()).as("token rejected: %s", received.rejection()).isNotNull();
    assertThat(received.headers().first("authorization").orElseThrow()).startsWith("Bearer ");
  }

  @Test
  @DisplayName(
      "the catch-all route hands the rest of the path, the query and the body to the function")
  void catchAllRoute() {
    Reply reply =
        http.send(
                new Request.Builder()
                    .url(fake.endpoint() + "/echo?a=1&b=two")
                    .header("Authorization", http.bearer())
                    .header("x-functions-key", fake.functionKey())
                    .put(RequestBody.create("{\"n\":1}", MediaType.get("application/json"))))
            .fromFunction();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("x-echo")).isEqualTo("yes");
    JsonNode echo = reply.json();
    assertThat(echo.path("method").asText()).isEqualTo("echo");
    assertThat(echo.path("verb").asText()).isEqualTo("PUT");
    assertThat(echo.path("query").asText()).isEqualTo("a=1&b=two");
    assertThat(echo.path("body").asText()).isEqualTo("{\"n\":1}");
    assertThat(fake.function().received("/echo"))
        .singleElement()
        .satisfies(r -> assertThat(r.token()).isNotNull());
  }

  @Test
  @DisplayName(
      "the key may come in ?code= when there is no header, and the query reaches the function as sent")
  void keyInCode() {
    Reply reply =
        http.send(
                new Request.Builder()
                    .url(fake.endpoint() + "/echo?code=" + fake.functionKey() + "&x=1")
                    .header("Authorization", http.bearer()))
            .fromFunction();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("query").asText().equals("code=" + fake.functionKey() + "&x=1"))
        .as("the query, code included, reaches the function")
        .isTrue();
  }

  @Test
  @DisplayName("the header wins over ?code=: a wrong header with a right code is 401")
  void headerWinsOverCode() {
    Reply reply =
        http.send(
                withKey(
                    new Request.Builder()
                        .url(fake.endpoint() + Protocol.INFO_PATH + "?code=" + fake.functionKey())
                        .header("Authorization", http.bearer()),
                    "wrong"))
            .fromPlatform();
    assertThat(reply.status()).isEqualTo(401);
    assertThat(fake.function().received()).isEmpty();
  }

  @Test
  @DisplayName("a missing or wrong key is 401 with an empty body and no WWW-Authenticate")
  void missingOrWrongKey() {
    for (Request.Builder request : List.of(info(), withKey(info(), "not-the-key"))) {
      Reply reply = http.send(request).fromPlatform();
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.body()).isEmpty();
      assertThat(reply.hasHeader("WWW-Authenticate")).isFalse();
    }
    assertThat(fake.function().received()).isEmpty();
  }

  @Test
  @DisplayName("the master key also authorizes a function call")
  void masterKeyCallsTheFunction() {
    assertThat(http.send(withKey(info(), fake.masterKey())).fromFunction().status()).isEqualTo(200);
  }

  @Test
  @DisplayName("another function name is 404 with an empty body, key or not")
  void unknownFunction() {
    Reply reply =
        http.send(
                withKey(
                    new Request.Builder()
                        .url(fake.baseUrl() + "/api/other" + Protocol.INFO_PATH)
                        .header("Authorization", http.bearer()),
                    fake.functionKey()))
            .fromPlatform();
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.body()).isEmpty();
    assertThat(http.send(new Request.Builder().url(fake.baseUrl() + "/")).fromPlatform().status())
        .isEqualTo(404);
    assertThat(fake.function().received()).isEmpty();
  }

  @Test
  @DisplayName(
      "a disabled function is 404 unless called with the master key, and the admin API says isDisabled")
  void disabledFunction() {
    fake.disableFunction();
    Reply withFunctionKey = http.send(withKey(info(), fake.functionKey())).fromPlatform();
    assertThat(withFunctionKey.status()).isEqualTo(404);
    assertThat(withFunctionKey.body()).isEmpty();
    assertThat(http.send(info()).fromPlatform().status()).isEqualTo(404);
    assertThat(http.send(withKey(info(), fake.masterKey())).fromFunction().status()).isEqualTo(200);
    assertThat(
            http.send(withKey(admin("/admin/functions/dapr"), fake.masterKey()))
                .json()
                .path("isDisabled")
                .asBoolean())
        .isTrue();
    fake.enableFunction();
    assertThat(http.send(withKey(info(), fake.functionKey())).fromFunction().status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "GET /admin/host/status with the master key reports id, state Running and the runtime version")
  void hostStatus() {
    Reply reply = http.send(withKey(admin("/admin/host/status"), fake.masterKey())).fromPlatform();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonNode status = reply.json();
    assertThat(status.path("id").asText()).isNotEmpty();
    assertThat(status.path("state").asText()).isEqualTo("Running");
    assertThat(status.path("version").asText()).isEqualTo("4.1036.1.1");
    assertThat(status.path("functionAppContentEditingState").asText()).isEqualTo("NotAllowed");
    assertThat(status.has("errors")).as("nulls and empties are omitted").isFalse();
    assertThat(http.send(admin("/admin/host/status?code=" + fake.masterKey())).status())
        .as("code= authenticates the admin API too")
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "the admin API is 401 without a key or with an unknown one, and 403 with the function key")
  void adminNeedsTheMasterKey() {
    for (String path : List.of("/admin/host/status", "/admin/functions/dapr", "/admin/functions")) {
      assertThat(http.send(admin(path)).fromPlatform().status()).as(path).isEqualTo(401);
      assertThat(http.send(withKey(admin(path), "unknown")).fromPlatform().status())
          .as(path)
          .isEqualTo(401);
      Reply forbidden = http.send(withKey(admin(path), fake.functionKey())).fromPlatform();
      assertThat(forbidden.status()).as(path).isEqualTo(403);
      assertThat(forbidden.body()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "admin isolation answers every admin call 403 with an empty body, even with the master key; function calls go on")
  void adminIsolation() {
    fake.adminIsolation(true);
    for (String path : List.of("/admin/host/status", "/admin/functions/dapr", "/admin/host/ping")) {
      Reply forbidden = http.send(withKey(admin(path), fake.masterKey())).fromPlatform();
      assertThat(forbidden.status()).as(path).isEqualTo(403);
      assertThat(forbidden.body()).as(path).isEmpty();
    }
    assertThat(http.send(withKey(info(), fake.functionKey())).fromFunction().status())
        .isEqualTo(200);
    fake.reset();
    assertThat(
            http.send(withKey(admin("/admin/host/status"), fake.masterKey()))
                .fromPlatform()
                .status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "GET /admin/functions/{name} is a FunctionMetadataResponse with the trigger's authLevel; 404 for another name")
  void functionMetadata() {
    Reply reply =
        http.send(withKey(admin("/admin/functions/dapr"), fake.masterKey())).fromPlatform();
    assertThat(reply.status()).isEqualTo(200);
    JsonNode metadata = reply.json();
    assertThat(metadata.path("name").asText()).isEqualTo("dapr");
    assertThat(metadata.path("isDisabled").asBoolean(true)).isFalse();
    assertThat(metadata.path("isProxy").isBoolean()).isTrue();
    assertThat(metadata.path("href").asText()).isEqualTo(fake.baseUrl() + "/admin/functions/dapr");
    assertThat(metadata.path("invoke_url_template").asText()).startsWith(fake.endpoint());
    JsonNode trigger = metadata.path("config").path("bindings").get(0);
    assertThat(trigger.path("type").asText()).isEqualTo("httpTrigger");
    assertThat(trigger.path("authLevel").asText()).isEqualTo("function");
    assertThat(
            http.send(withKey(admin("/admin/functions"), fake.masterKey()))
                .json()
                .get(0)
                .path("name")
                .asText())
        .isEqualTo("dapr");
    assertThat(
            http.send(withKey(admin("/admin/functions/dapr/status"), fake.masterKey()))
                .json()
                .isEmpty())
        .isTrue();
    Reply unknown =
        http.send(withKey(admin("/admin/functions/other"), fake.masterKey())).fromPlatform();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).isEmpty();
  }

  @Test
  @DisplayName("GET and POST /admin/host/ping need no key")
  void ping() {
    assertThat(http.send(admin("/admin/host/ping")).fromPlatform().status()).isEqualTo(200);
    assertThat(http.send(admin("/admin/host/ping").post(RequestBody.create(new byte[0]))).status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("a stopped app answers every request with the 403 'This web app is stopped.' page")
  void stoppedApp() {
    fake.stopApp();
    for (Request.Builder request :
        List.of(
            withKey(info(), fake.functionKey()),
            withKey(admin("/admin/host/status"), fake.masterKey()),
            admin("/admin/host/ping"))) {
      Reply reply = http.send(request).fromPlatform();
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.header("Content-Type")).startsWith("text/html");
      assertThat(reply.body()).contains("Error 403 - This web app is stopped.");
    }
    fake.startApp();
    assertThat(http.send(withKey(info(), fake.functionKey())).fromFunction().status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a host that is not Running says so in its status and answers function calls 503 'Function host is not running.'")
  void hostState() {
    fake.hostState("Starting");
    assertThat(
            http.send(withKey(admin("/admin/host/status"), fake.masterKey()))
                .json()
                .path("state")
                .asText())
        .isEqualTo("Starting");
    Reply reply = http.send(withKey(info(), fake.functionKey())).fromPlatform();
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.body()).isEqualTo("Function host is not running.");
    fake.hostState("Error");
    assertThat(
            http.send(withKey(admin("/admin/host/status"), fake.masterKey()))
                .json()
                .path("errors")
                .isArray())
        .isTrue();
    fake.hostState("Offline");
    Reply offline = http.send(withKey(info(), fake.functionKey())).fromPlatform();
    assertThat(offline.status()).isEqualTo(503);
    assertThat(offline.header("Content-Type")).startsWith("text/html");
    assertThatThrownBy(() -> fake.hostState("Sleeping"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Running");
    fake.hostState("Running");
    assertThat(http.send(withKey(info(), fake.functionKey())).fromFunction().status())
        .isEqualTo(200);
  }

  private Reply faulted(PlatformFault fault) {
    fake.failNext(1, fault);
    return http.send(withKey(info(), fake.functionKey())).fromPlatform();
  }

  @Test
  @DisplayName("each fault is answered in Azure's words, without the function's marker")
  void faults() {
    Reply notFound = faulted(PlatformFault.notFound());
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.body()).isEmpty();

    Reply unauthorized = faulted(PlatformFault.unauthorized());
    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(unauthorized.body()).isEmpty();

    Reply forbidden = faulted(PlatformFault.forbidden());
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.header("Content-Type")).startsWith("text/html");
    assertThat(forbidden.body()).contains("Error 403 - This web app is stopped.");

    Reply throttled = faulted(PlatformFault.throttled(Duration.ofMillis(6500)));
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("X-FUNCTION-SCALEOUT")).isEqualTo("1");
    assertThat(throttled.header("Retry-After")).isEqualTo("7");

    assertThat(faulted(PlatformFault.serverError()).status()).isEqualTo(500);

    long start = System.nanoTime();
    Reply coldStart = faulted(PlatformFault.coldStart(Duration.ofMillis(200)));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(coldStart.status()).isEqualTo(503);
    assertThat(coldStart.body()).isEqualTo("Function host is not running.");

    Reply gatewayTimeout = faulted(PlatformFault.gatewayTimeout());
    assertThat(gatewayTimeout.status())
        .as("Azure's front end cuts off with 502, not 504")
        .isEqualTo(502);

    Reply malformed = faulted(PlatformFault.malformedBody());
    assertThat(malformed.status()).isEqualTo(200);
    assertThat(malformed.header("Content-Type")).startsWith("text/html");
    assertThat(malformed.body()).startsWith("<!DOCTYPE html>");

    fake.failNext(1, PlatformFault.connectionReset());
    http.failure(withKey(info(), fake.functionKey()));

    assertThat(fake.function().received()).as("no fault reached the function").isEmpty();
    assertThat(http.send(withKey(info(), fake.functionKey())).fromFunction().status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("every call is recorded as the platform got it, with the fault it was answered with")
  void recordedCalls() {
    http.send(
        withKey(
            new Request.Builder()
                .url(fake.endpoint() + "/echo?x=1")
                .header("Authorization", http.bearer())
                .post(RequestBody.create("hi", MediaType.get("text/plain"))),
            fake.functionKey()));
    fake.failNext(1, PlatformFault.serverError());
    http.send(withKey(info(), fake.functionKey()));
    assertThat(fake.recordedCalls()).hasSize(2);
    RecordedCall first = fake.recordedCalls().get(0);
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/api/dapr/echo");
    assertThat(first.query()).isEqualTo("x=1");
    assertThat(first.headers().first("x-functions-key").orElse("").equals(fake.functionKey()))
        .as("recorded key")
        .isTrue();
    assertThat(first.body().toUtf8()).isEqualTo("hi");
    assertThat(first.fault()).isEmpty();
    assertThat(fake.recordedCalls().get(1).fault()).isEqualTo("ServerError");
  }

  @Test
  @DisplayName(
      "reset restores an enabled function in a started app with a Running host, and forgets faults and calls")
  void resetRestoresDefaults() {
    fake.disableFunction();
    fake.stopApp();
    fake.hostState("Starting");
    fake.failAlways(PlatformFault.serverError());
    http.send(info());
    fake.reset();
    assertThat(fake.recordedCalls()).isEmpty();
    assertThat(fake.hostState()).isEqualTo("Running");
    assertThat(http.send(withKey(info(), fake.functionKey())).fromFunction().status())
        .isEqualTo(200);
    assertThat(
            http.send(withKey(admin("/admin/functions/dapr"), fake.masterKey()))
                .json()
                .path("isDisabled")
                .asBoolean())
        .isFalse();
  }
}
