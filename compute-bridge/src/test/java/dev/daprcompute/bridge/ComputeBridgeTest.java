package dev.daprcompute.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.Empty;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.http.HttpPlatformProvider;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.testkit.PlatformFault;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The bridge's life cycle and settings: what the CLI's {@code serve} relies on. */
@DisplayName("ComputeBridge life cycle and settings")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComputeBridgeTest {
  private Fixture fixture;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  void start() {
    fixture = Fixture.start();
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void reset() {
    fixture.reset();
  }

  private HttpResponse<String> get(ComputeBridge bridge, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bridge.httpPort().getAsInt() + path))
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("refuses to start without an app channel, naming both")
  void no_channel() {
    assertThatThrownBy(() -> ComputeBridge.builder(fixture.compute).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("grpcPort")
        .hasMessageContaining("httpPort");
  }

  @Test
  @DisplayName("rejects ports outside 0-65535, a blank app ID and a timeout that is not positive")
  void builder_checks() {
    ComputeBridge.Builder builder = ComputeBridge.builder(fixture.compute);
    assertThatThrownBy(() -> builder.grpcPort(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpcPort");
    assertThatThrownBy(() -> builder.httpPort(65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("httpPort");
    assertThatThrownBy(() -> builder.appId(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ComputeBridge.builder(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  @DisplayName("serves gRPC and HTTP at once, reports the bound ports, and stops both on close")
  void both_channels() throws Exception {
    ComputeBridge bridge =
        ComputeBridge.builder(fixture.compute)
            .grpcPort(0)
            .httpPort(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", bridge.grpcPort().getAsInt())
            .usePlaintext()
            .build();
    try {
      assertThat(bridge.grpcPort()).isPresent();
      assertThat(bridge.httpPort()).isPresent();
      assertThat(bridge.grpcPort().getAsInt()).isNotEqualTo(bridge.httpPort().getAsInt());
      assertThat(get(bridge, "/healthz").statusCode()).isEqualTo(200);
      assertThat(
              AppCallbackGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .listInputBindings(Empty.getDefaultInstance())
                  .getBindingsList())
          .contains("orders-queue");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      bridge.close();
    }
    assertThatThrownBy(() -> get(bridge, "/healthz")).isInstanceOf(ConnectException.class);
  }

  @Test
  @DisplayName("reports only the channels it serves")
  void one_channel() throws IOException {
    try (ComputeBridge bridge = ComputeBridge.builder(fixture.compute).httpPort(0).start()) {
      assertThat(bridge.httpPort()).isPresent();
      assertThat(bridge.grpcPort()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "awaitTermination returns once close has run; close is idempotent and leaves the Compute open")
  void termination() throws Exception {
    ComputeBridge bridge = ComputeBridge.builder(fixture.compute).grpcPort(0).start();
    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(
            () -> {
              try {
                bridge.awaitTermination();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertThat(waiting).isNotDone();
    bridge.close();
    waiting.get(10, TimeUnit.SECONDS);
    bridge.close();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10), bridge::awaitTermination, "awaitTermination after close returns");
    assertThat(
            fixture
                .compute
                .onInvoke(InvokeRequest.of("echo", HttpVerb.GET))
                .get(10, TimeUnit.SECONDS)
                .status())
        .as("the Compute still works")
        .isEqualTo(200);
  }

  @Test
  @DisplayName("refuses to start in front of a Compute that was not initialised")
  void uninitialised() {
    try (Compute compute =
        ComputeProviders.provider(new HttpPlatformProvider()).create(ComputeContext.defaults())) {
      assertThatThrownBy(() -> ComputeBridge.builder(compute).httpPort(0).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("init");
    }
  }

  @Test
  @DisplayName("fails with an IOException naming the address when a port is taken")
  void port_taken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  ComputeBridge.builder(fixture.compute)
                      .grpcPort(0)
                      .httpPort(taken.getLocalPort())
                      .start())
          .isInstanceOf(IOException.class)
          .hasMessageContaining(InetAddress.getLoopbackAddress().getHostAddress());
    }
  }

  @Test
  @DisplayName(
      "starts while the function is unreachable and fetches subscriptions and bindings when daprd asks")
  void late_function() throws Exception {
    fixture.fake.failNext(2, PlatformFault.notFound());
    try (ComputeBridge bridge = ComputeBridge.builder(fixture.compute).httpPort(0).start()) {
      assertThat(fixture.fake.recordedCalls()).as("the start-up fetches failed").hasSize(2);
      HttpResponse<String> probe =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + bridge.httpPort().getAsInt() + "/orders-queue"))
                  .timeout(Duration.ofSeconds(20))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(probe.statusCode()).as("the probe fetched the bindings").isEqualTo(200);
      HttpResponse<String> subscriptions = get(bridge, "/dapr/subscribe");
      assertThat(subscriptions.statusCode()).isEqualTo(200);
      assertThat(subscriptions.body()).contains("\"orders\"");
      HttpResponse<String> event =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + bridge.httpPort().getAsInt() + "/refunds"))
                  .timeout(Duration.ofSeconds(20))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"id\":\"1\",\"source\":\"s\",\"type\":\"refund\","
                              + "\"specversion\":\"1.0\",\"datacontenttype\":\"text/plain\",\"data\":\"DROP\",\"topic\":\"payments\","
                              + "\"pubsubname\":\"pubsub\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(event.body())
          .as("/refunds is now known as a route")
          .isEqualTo("{\"status\":\"DROP\"}");
    }
  }

  @Test
  @DisplayName("gives a gRPC call the sooner of its deadline and the bridge's call timeout")
  void call_timeout_and_deadline() throws Exception {
    ComputeBridge bridge =
        ComputeBridge.builder(fixture.compute)
            .grpcPort(0)
            .callTimeout(Duration.ofSeconds(2))
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", bridge.grpcPort().getAsInt())
            .usePlaintext()
            .build();
    try {
      CommonProtos.InvokeRequest echo =
          CommonProtos.InvokeRequest.newBuilder()
              .setMethod("echo")
              .setHttpExtension(
                  CommonProtos.HTTPExtension.newBuilder()
                      .setVerb(CommonProtos.HTTPExtension.Verb.GET))
              .build();
      // no deadline of its own: the bridge's call timeout bounds it, and the test bounds the wait
      assertTimeoutPreemptively(
          Duration.ofSeconds(20), () -> AppCallbackGrpc.newBlockingStub(channel).onInvoke(echo));
      assertThat(fixture.compute.last("invoke").options().timeout())
          .isEqualTo(Duration.ofSeconds(2));
      AppCallbackGrpc.newBlockingStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS)
          .onInvoke(echo);
      assertThat(fixture.compute.last("invoke").options().timeout())
          .isEqualTo(Duration.ofSeconds(2));
      AppCallbackGrpc.newBlockingStub(channel)
          .withDeadlineAfter(1, TimeUnit.SECONDS)
          .onInvoke(echo);
      assertThat(fixture.compute.last("invoke").options().timeout())
          .isLessThanOrEqualTo(Duration.ofSeconds(1));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      bridge.close();
    }
  }
}
