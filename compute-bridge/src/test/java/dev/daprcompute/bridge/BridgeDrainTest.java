package dev.daprcompute.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link ComputeBridge#close(Duration)}: refuse new calls, let those in flight finish, within a
 * bound.
 */
@DisplayName("ComputeBridge.close(grace) drains")
class BridgeDrainTest {
  private Fixture fixture;
  private HeldCompute compute;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeEach
  void start() {
    fixture = Fixture.start();
    compute = new HeldCompute(fixture.compute);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName(
      "over HTTP: a call in flight finishes, a new call is refused with 503, and close returns true")
  void httpDrains() throws Exception {
    ComputeBridge bridge = ComputeBridge.builder(compute).httpPort(0).start();
    try {
      String base = "http://127.0.0.1:" + bridge.httpPort().getAsInt();
      CompletableFuture<HttpResponse<String>> held =
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "/hold"))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      CompletableFuture<InvokeResponse> call = compute.held.poll(10, TimeUnit.SECONDS);
      assertThat(call).as("the call reached the Compute").isNotNull();

      CompletableFuture<Boolean> closing =
          CompletableFuture.supplyAsync(() -> bridge.close(Duration.ofSeconds(30)));
      int refused = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (refused != 503 && System.nanoTime() < deadline) {
        // Until close has begun: then every new call is refused.
        refused =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/other"))
                        .POST(HttpRequest.BodyPublishers.ofString("y"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      }
      assertThat(refused).isEqualTo(503);
      assertThat(closing).isNotDone();

      call.complete(InvokeResponse.ok(Payload.ofUtf8("finished"), "text/plain"));
      assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("finished");
      assertThat(closing.get(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      bridge.close();
    }
  }

  @Test
  @DisplayName(
      "when the grace runs out, the calls still in flight are cancelled and close returns false")
  void graceRunsOut() throws Exception {
    ComputeBridge bridge = ComputeBridge.builder(compute).httpPort(0).start();
    String base = "http://127.0.0.1:" + bridge.httpPort().getAsInt();
    CompletableFuture<HttpResponse<String>> held =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create(base + "/hold"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    CompletableFuture<InvokeResponse> call = compute.held.poll(10, TimeUnit.SECONDS);
    assertThat(call).isNotNull();

    assertThat(bridge.close(Duration.ofMillis(200))).isFalse();
    // The handler's thread is interrupted as close ends, and cancels the call it waits for.
    assertThat(call).failsWithin(Duration.ofSeconds(10));
    assertThat(call).isCancelled();
    held.cancel(true);
  }

  @Test
  @DisplayName("over gRPC: a call in flight finishes before close returns true")
  void grpcDrains() throws Exception {
    ComputeBridge bridge = ComputeBridge.builder(compute).grpcPort(0).start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", bridge.grpcPort().getAsInt())
            .usePlaintext()
            .build();
    try {
      CompletableFuture<CommonProtos.InvokeResponse> held =
          CompletableFuture.supplyAsync(
              () ->
                  AppCallbackGrpc.newBlockingStub(channel)
                      .withDeadlineAfter(30, TimeUnit.SECONDS)
                      .onInvoke(
                          CommonProtos.InvokeRequest.newBuilder()
                              .setMethod("hold")
                              .setData(
                                  Any.newBuilder().setValue(ByteString.copyFromUtf8("x")).build())
                              .build()));
      CompletableFuture<InvokeResponse> call = compute.held.poll(10, TimeUnit.SECONDS);
      assertThat(call).isNotNull();

      CompletableFuture<Boolean> closing =
          CompletableFuture.supplyAsync(() -> bridge.close(Duration.ofSeconds(30)));
      call.complete(InvokeResponse.ok(Payload.ofUtf8("finished"), "text/plain"));

      assertThat(held.get(10, TimeUnit.SECONDS).getData().getValue().toStringUtf8())
          .isEqualTo("finished");
      assertThat(closing.get(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      bridge.close();
    }
  }

  /**
   * A Compute whose method {@code hold} answers only when the test completes the future it hands
   * out.
   */
  private static final class HeldCompute implements Compute {
    final BlockingQueue<CompletableFuture<InvokeResponse>> held = new LinkedBlockingQueue<>();
    private final Compute delegate;

    HeldCompute(Compute delegate) {
      this.delegate = delegate;
    }

    @Override
    public InitReport init(ComponentMetadata metadata) {
      return delegate.init(metadata);
    }

    @Override
    public Set<Feature> features() {
      return delegate.features();
    }

    @Override
    public CompletableFuture<InvokeResponse> onInvoke(InvokeRequest request, CallOptions options) {
      if (request.method().equals("hold")) {
        CompletableFuture<InvokeResponse> call = new CompletableFuture<>();
        held.add(call);
        return call;
      }
      return CompletableFuture.completedFuture(
          InvokeResponse.ok(Payload.ofUtf8("ok"), "text/plain"));
    }

    @Override
    public CompletableFuture<TopicEventResponse> onTopicEvent(
        TopicEventRequest event, CallOptions options) {
      return delegate.onTopicEvent(event, options);
    }

    @Override
    public CompletableFuture<BulkTopicEventResponse> onBulkTopicEvent(
        BulkTopicEventRequest batch, CallOptions options) {
      return delegate.onBulkTopicEvent(batch, options);
    }

    @Override
    public CompletableFuture<BindingEventResponse> onBindingEvent(
        BindingEventRequest event, CallOptions options) {
      return delegate.onBindingEvent(event, options);
    }

    @Override
    public CompletableFuture<List<TopicSubscription>> listTopicSubscriptions(CallOptions options) {
      return delegate.listTopicSubscriptions(options);
    }

    @Override
    public CompletableFuture<List<String>> listInputBindings(CallOptions options) {
      return delegate.listInputBindings(options);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
