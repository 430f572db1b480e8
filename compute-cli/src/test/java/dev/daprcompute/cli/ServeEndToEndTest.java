package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} for real: daprd-shaped calls over HTTP and Dapr's own gRPC stubs reach the function. */
@DisplayName("dapr-compute serve, end to end")
class ServeEndToEndTest {
  private static final String APP_TOKEN = "app-token-for-the-test";

  @TempDir
  Path dir;

  @Test
  @DisplayName("serves the component over HTTP and gRPC until interrupted, checking APP_API_TOKEN")
  void servesUntilInterrupted() throws Exception {
    int httpPort = freePort();
    int grpcPort = freePort();
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      CompletableFuture<Cli.Result> serving = new CompletableFuture<>();
      Thread server = new Thread(() -> serving.complete(Cli.run(Map.of("APP_API_TOKEN", APP_TOKEN),
          fixture.args("serve", "--http-port", Integer.toString(httpPort), "--grpc-port", Integer.toString(grpcPort)))),
          "serve-under-test");
      server.start();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String base = "http://127.0.0.1:" + httpPort;
      awaitHealthy(http, base, serving);

      HttpResponse<String> subscriptions = http.send(HttpRequest.newBuilder(URI.create(base + "/dapr/subscribe"))
          .header("dapr-api-token", APP_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(subscriptions.statusCode()).isEqualTo(200);
      assertThat(subscriptions.body()).contains("\"topic\":\"orders\"");

      HttpResponse<String> event = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
          .header("dapr-api-token", APP_TOKEN).header("Content-Type", "application/cloudevents+json")
          .header("pubsubName", "pubsub")
          .POST(HttpRequest.BodyPublishers.ofString("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"Dapr\","
              + "\"type\":\"com.dapr.event.sent\",\"datacontenttype\":\"text/plain\",\"data\":\"DROP\","
              + "\"topic\":\"orders\",\"pubsubname\":\"pubsub\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(event.body()).contains("DROP");

      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/dapr/subscribe")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);

      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      try {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("dapr-api-token", Metadata.ASCII_STRING_MARSHALLER), APP_TOKEN);
        CommonProtos.InvokeResponse reply = AppCallbackGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .onInvoke(CommonProtos.InvokeRequest.newBuilder().setMethod("echo")
                .setData(Any.newBuilder().setValue(ByteString.copyFromUtf8("hello")).build())
                .setContentType("text/plain")
                .setHttpExtension(CommonProtos.HTTPExtension.newBuilder().setVerb(CommonProtos.HTTPExtension.Verb.POST))
                .build());
        assertThat(reply.getData().getValue().toStringUtf8()).contains("\"body\":\"hello\"").contains("\"verb\":\"POST\"");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      server.interrupt();
      Cli.Result result = serving.get(20, TimeUnit.SECONDS);
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).contains("HTTP on 127.0.0.1:" + httpPort).contains("gRPC on 127.0.0.1:" + grpcPort);
      assertThat(result.all()).doesNotContain(APP_TOKEN).doesNotContain(fixture.privateKeyBody());
      assertThat(fixture.fake.function().received("/orders")).isNotEmpty();
    }
  }

  private static void awaitHealthy(HttpClient http, String base, CompletableFuture<Cli.Result> serving) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (serving.isDone()) {
        throw new AssertionError("serve stopped early: " + serving.get());
      }
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not become healthy in 30 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
