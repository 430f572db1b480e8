package dev.daprcompute.examples.openfaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.function.FunctionHttpResponse;
import dev.daprcompute.function.FunctionHttpServer;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example function as of-watchdog reaches it: its HTTP host on loopback, the protocol's paths
 * (the gateway strips /function/orders-fn), the component's token in Authorization.
 */
class MainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SigningKey COMPONENT_KEY = SigningKey.generateEd25519();
  private static final String AUDIENCE = "orders-fn";

  @TempDir Path secrets;

  private FunctionHttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws IOException {
    Files.writeString(
        secrets.resolve(Main.DEFAULT_PUBLIC_KEY_SECRET), COMPONENT_KEY.publicJwkSet());
    server =
        Main.start(
            Main.Settings.read(
                Map.of("DAPR_COMPUTE_AUDIENCE", AUDIENCE, "DAPR_COMPUTE_PORT", "0"), secrets));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String bearer(String audience) {
    return "Bearer " + new TokenSigner(COMPONENT_KEY).token(audience, "checkout");
  }

  private HttpResponse<String> send(
      String method, String path, String contentType, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header(Protocol.MARKER_HEADER, "1");
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName(
      "the info document: the SDK's version, the orders-queue binding; every answer carries the marker")
  void info() throws Exception {
    HttpResponse<String> reply = send("GET", Protocol.INFO_PATH, null, null, bearer(AUDIENCE));
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue(Protocol.MARKER_HEADER)).contains("1");
    JsonNode document = JSON.readTree(reply.body());
    assertThat(document.path("version").asText()).isEqualTo(FunctionRouter.SDK_VERSION);
    assertThat(document.path("inputBindings").get(0).asText()).isEqualTo("orders-queue");
    JsonNode subscriptions =
        JSON.readTree(send("GET", Protocol.SUBSCRIBE_PATH, null, null, bearer(AUDIENCE)).body());
    assertThat(subscriptions.get(0).path("pubsubname").asText()).isEqualTo("pubsub");
    assertThat(subscriptions.get(0).path("route").asText()).isEqualTo("/orders");
  }

  @Test
  @DisplayName(
      "invocation, a topic event at /orders from any pubsub (the function's own or the annotation's), a binding event")
  void operations() throws Exception {
    HttpResponse<String> greeting =
        send("POST", "/greet", "text/plain", "OpenFaaS", bearer(AUDIENCE));
    assertThat(greeting.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(greeting.body()).path("greeting").asText())
        .isEqualTo("hello, OpenFaaS");

    for (String pubsub : new String[] {"pubsub", "kafka"}) {
      String event =
          new String(
              WireFormat.writeCloudEvent(
                  TopicEventRequest.of(
                      "ev-1", pubsub, "orders", Payload.ofUtf8("{\"id\":1}"), "application/json")));
      HttpResponse<String> outcome =
          send("POST", "/orders", Protocol.CLOUDEVENTS_JSON, event, bearer(AUDIENCE));
      assertThat(outcome.statusCode()).as(pubsub).isEqualTo(200);
      assertThat(JSON.readTree(outcome.body()).path("status").asText())
          .as(pubsub)
          .isEqualTo("SUCCESS");
    }

    HttpResponse<String> binding =
        send("POST", "/orders-queue", "application/json", "{\"n\":1}", bearer(AUDIENCE));
    assertThat(binding.statusCode()).isEqualTo(200);
    assertThat(binding.body()).isEqualTo("received 7 bytes");
    assertThat(send("POST", "/unknown", "text/plain", "x", bearer(AUDIENCE)).statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName(
      "a request without the component's token, or for another audience, is answered 401 invalid_token")
  void rejectsForeignTokens() throws Exception {
    for (String authorization :
        new String[] {
          null,
          bearer("another-fn"),
          "Bearer " + new TokenSigner(SigningKey.generateEd25519()).token(AUDIENCE, "checkout")
        }) {
      HttpResponse<String> reply = send("POST", "/greet", "text/plain", "x", authorization);
      assertThat(reply.statusCode()).isEqualTo(401);
      assertThat(reply.headers().firstValue("WWW-Authenticate").orElse(""))
          .contains("invalid_token");
      assertThat(reply.headers().firstValue(Protocol.MARKER_HEADER)).contains("1");
    }
  }

  @Test
  @DisplayName("through the router alone: the same answers without a network")
  void throughTheRouter() {
    FunctionRouter router =
        Main.router(
            Main.Settings.read(
                Map.of(
                    "DAPR_COMPUTE_AUDIENCE",
                    AUDIENCE,
                    "DAPR_COMPUTE_PUBLIC_KEY",
                    COMPONENT_KEY.publicKeyPem()),
                secrets.resolve("none")));
    FunctionHttpResponse reply =
        router.handle(
            new FunctionHttpRequest(
                "POST",
                "/greet",
                "",
                Metadata.of("Authorization", bearer(AUDIENCE), "content-type", "text/plain"),
                Payload.ofUtf8("router")));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toUtf8()).contains("hello, router");
  }

  @Test
  @DisplayName(
      "configuration: the OpenFaaS secret wins over the environment; what is missing is named with its fix")
  void configuration() throws IOException {
    SigningKey other = SigningKey.generateEd25519();
    Files.writeString(secrets.resolve("orders-key"), other.publicKeyPem());
    Main.Settings named =
        Main.Settings.read(
            Map.of(
                "DAPR_COMPUTE_AUDIENCE",
                AUDIENCE,
                "DAPR_COMPUTE_PUBLIC_KEY_SECRET",
                "orders-key",
                "DAPR_COMPUTE_PUBLIC_KEY",
                COMPONENT_KEY.publicKeyPem()),
            secrets);
    assertThat(named.publicKeys()).isEqualTo(other.publicKeyPem());
    assertThat(named.port()).isEqualTo(Main.DEFAULT_PORT);

    assertThatThrownBy(
            () ->
                Main.Settings.read(
                    Map.of("DAPR_COMPUTE_AUDIENCE", AUDIENCE), secrets.resolve("none")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("faas-cli secret create dapr-compute-public-key");
    assertThatThrownBy(() -> Main.Settings.read(Map.of(), secrets))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DAPR_COMPUTE_AUDIENCE");
    assertThatThrownBy(
            () ->
                Main.Settings.read(
                    Map.of("DAPR_COMPUTE_AUDIENCE", AUDIENCE, "DAPR_COMPUTE_PORT", "http"),
                    secrets))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("upstream_url");
  }
}
