package dev.daprcompute.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.http.HttpPlatformProvider;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.function.FunctionHandler;
import dev.daprcompute.function.FunctionHttpServer;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP app channel as a host: how it matches routes, and how it treats clients that stall.
 * daprd, as raw sockets and an HTTP/1.1 client, talks to the bridge; compute.http carries the calls
 * to a {@link FunctionRouter} on a {@link FunctionHttpServer}.
 */
@DisplayName("The HTTP app channel as a host")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpAppChannelHostTest {
  static final Duration BOUND = Duration.ofSeconds(10);
  static final String APP_TOKEN = "app-token-7c1e9a3b5d";
  static final String ROUTE = "/orders/new%3Aitems";

  /** Serves topic {@code orders} at {@link #ROUTE} and any invocation; records what it got. */
  static final class Function implements FunctionHandler {
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @Override
    public TopicEventResponse onTopicEvent(TopicEventRequest event) {
      seen.add("topic " + event.path());
      return TopicEventResponse.success();
    }

    @Override
    public InvokeResponse onInvoke(InvokeRequest request) {
      seen.add("invoke " + request.method());
      return InvokeResponse.ok(Payload.ofUtf8("invoked"), "text/plain");
    }

    @Override
    public List<TopicSubscription> subscriptions() {
      return List.of(TopicSubscription.of("pubsub", "orders", ROUTE));
    }
  }

  final Function function = new Function();
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final List<Socket> sockets = new ArrayList<>();
  FunctionHttpServer functionHost;
  Compute compute;
  RecordingCompute recording;
  ComputeBridge bridge;

  @BeforeAll
  void start() throws IOException {
    SigningKey key = SigningKey.generateEd25519();
    functionHost =
        FunctionHttpServer.startOnLoopback(
            FunctionRouter.builder(function)
                .verifier(
                    TokenVerifier.builder()
                        .publicKeys(key.publicJwkSet())
                        .audience("orders-fn")
                        .build())
                .build());
    compute =
        ComputeProviders.provider(new HttpPlatformProvider())
            .create(ComputeContext.defaults().withAppId("orders"));
    compute.init(
        ComponentMetadata.builder("orders", HttpPlatformProvider.TYPE)
            .put("endpoint", functionHost.baseUrl().toString())
            .putSecret("key", key.privateKeyPem())
            .put("audience", "orders-fn")
            .initTimeout(BOUND)
            .build());
    recording = new RecordingCompute(compute);
    bridge =
        ComputeBridge.builder(recording)
            .appId("orders")
            .httpPort(0)
            .appApiToken(APP_TOKEN)
            .httpRequestReadTimeout(Duration.ofMillis(300))
            .start();
  }

  @AfterAll
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
    if (compute != null) {
      compute.close();
    }
    if (functionHost != null) {
      functionHost.close();
    }
  }

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    function.seen.clear();
    recording.clear();
  }

  HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bridge.httpPort().getAsInt() + path))
            .timeout(BOUND)
            .header("dapr-api-token", APP_TOKEN)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String cloudEvent() {
    return "{\"id\":\"e-1\",\"source\":\"checkout\",\"type\":\"com.dapr.event.sent\",\"specversion\":\"1.0\","
        + "\"datacontenttype\":\"text/plain\",\"data\":\"x\",\"topic\":\"orders\",\"pubsubname\":\"pubsub\"}";
  }

  Socket stalledClient(String appToken) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), bridge.httpPort().getAsInt());
    sockets.add(socket);
    socket.setSoTimeout((int) BOUND.toMillis());
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /charge HTTP/1.1\r\nHost: 127.0.0.1\r\ndapr-api-token: "
                + appToken
                + "\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nabc")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  static boolean closedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() != -1) {
        // skip whatever was answered before the close
      }
      return true;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Test
  @DisplayName(
      "a topic POST whose route a front end re-encoded (hex case, an unreserved character escaped) is still a topic event")
  void reencodedRoutesAreStillTopics() throws Exception {
    // Sent without daprd's pubsubName header, so only the route can make it a topic event.
    recording.clear(); // the bridge's fetch of subscriptions and bindings at start
    for (String path : List.of(ROUTE, "/orders/new%3aitems", "/%6Frders/n%65w%3Aitems")) {
      HttpResponse<String> response = post(path, "application/cloudevents+json", cloudEvent());

      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).contains("SUCCESS");
      assertThat(function.seen.poll(BOUND.toSeconds(), TimeUnit.SECONDS))
          .as(path)
          .isEqualTo("topic " + ROUTE);
      // the bridge itself read it as a topic event (with Dapr's delivery rules), not as an
      // invocation
      assertThat(recording.calls())
          .as(path)
          .extracting(RecordingCompute.Call::operation)
          .containsExactly("topic");
      assertThat(((TopicEventRequest) recording.last("topic").request()).path()).isEqualTo(ROUTE);
      recording.clear();
    }
  }

  @Test
  @DisplayName(
      "a request that does not arrive within the read timeout has its connection closed; others are served")
  void stalledRequestsAreCut() throws Exception {
    Socket stalled = stalledClient(APP_TOKEN);

    assertThat(assertTimeoutPreemptively(BOUND, () -> closedByServer(stalled))).isTrue();
    assertThat(post("/charge", "text/plain", "x").body()).isEqualTo("invoked");
  }

  @Test
  @DisplayName("a request without the app API token gets its 401 without the body being read")
  void refusedBeforeTheBody() throws Exception {
    Socket stalled = stalledClient("wrong-token");

    String status =
        assertTimeoutPreemptively(
            BOUND,
            () ->
                new BufferedReader(
                        new InputStreamReader(stalled.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine());

    assertThat(status).startsWith("HTTP/1.1 401");
  }
}
