package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} for real: daprd-shaped calls over HTTP and Dapr's own gRPC stubs reach the
 * function.
 */
@DisplayName("dapr-compute serve, end to end")
class ServeEndToEndTest {
  private static final String APP_TOKEN = "app-token-for-the-test";
  private static final Duration CALL = Duration.ofSeconds(20);

  /**
   * serve's announcement: {@code serving ... to daprd: gRPC on 127.0.0.1:P (...); HTTP on
   * 127.0.0.1:Q (...)}.
   */
  private static final Pattern SERVING =
      Pattern.compile("gRPC on 127\\.0\\.0\\.1:(\\d+) .*HTTP on 127\\.0\\.0\\.1:(\\d+) ");

  @TempDir Path dir;

  @Test
  @DisplayName(
      "serves the component over HTTP and gRPC on the free ports it prints, until interrupted, checking APP_API_TOKEN")
  void servesUntilInterrupted() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start();
        Cli.Background serve =
            Cli.background(
                Map.of("APP_API_TOKEN", APP_TOKEN),
                fixture.args("serve", "--http-port", "0", "--grpc-port", "0"))) {
      // serve prints the ports it bound once it listens: no port is reserved ahead, and nothing is
      // polled
      Matcher ports = serve.awaitOut(SERVING, Duration.ofSeconds(30));
      int grpcPort = Integer.parseInt(ports.group(1));
      int httpPort = Integer.parseInt(ports.group(2));
      assertThat(grpcPort).isPositive().isNotEqualTo(httpPort);
      assertThat(httpPort).isPositive();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://127.0.0.1:" + httpPort;

      HttpResponse<String> subscriptions =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/dapr/subscribe"))
                  .timeout(CALL)
                  .header("dapr-api-token", APP_TOKEN)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(subscriptions.statusCode()).isEqualTo(200);
      assertThat(subscriptions.body()).contains("\"topic\":\"orders\"");

      HttpResponse<String> event =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/orders"))
                  .timeout(CALL)
                  .header("dapr-api-token", APP_TOKEN)
                  .header("Content-Type", "application/cloudevents+json")
                  .header("pubsubName", "pubsub")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"Dapr\","
                              + "\"type\":\"com.dapr.event.sent\",\"datacontenttype\":\"text/plain\",\"data\":\"DROP\","
                              + "\"topic\":\"orders\",\"pubsubname\":\"pubsub\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(event.body()).contains("DROP");

      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/dapr/subscribe"))
                  .timeout(CALL)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);

      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      try {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("dapr-api-token", Metadata.ASCII_STRING_MARSHALLER), APP_TOKEN);
        CommonProtos.InvokeResponse reply =
            AppCallbackGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .onInvoke(
                    CommonProtos.InvokeRequest.newBuilder()
                        .setMethod("echo")
                        .setData(
                            Any.newBuilder().setValue(ByteString.copyFromUtf8("hello")).build())
                        .setContentType("text/plain")
                        .setHttpExtension(
                            CommonProtos.HTTPExtension.newBuilder()
                                .setVerb(CommonProtos.HTTPExtension.Verb.POST))
                        .build());
        assertThat(reply.getData().getValue().toStringUtf8())
            .contains("\"body\":\"hello\"")
            .contains("\"verb\":\"POST\"");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      Cli.Result result = serve.stop();
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).contains("stopped");
      assertThat(result.all()).doesNotContain(APP_TOKEN).doesNotContain(fixture.privateKeyBody());
      assertThat(fixture.fake.function().received("/orders")).isNotEmpty();
      assertThatThrownBy(
              () ->
                  http.send(
                      HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(CALL).build(),
                      HttpResponse.BodyHandlers.discarding()))
          .as("nothing listens once serve stopped")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  @DisplayName("with --output json, prints the ports it serves on as JSON")
  void printsPortsAsJson() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start();
        Cli.Background serve =
            Cli.background(
                Map.of(), fixture.args("serve", "--http-port", "0", "--output", "json"))) {
      Matcher document =
          serve.awaitOut(Pattern.compile("(?ms)^\\{$.*?^}$"), Duration.ofSeconds(30));
      JsonNode json = Cli.parse(document.group());
      int httpPort = json.path("httpPort").asInt();
      assertThat(httpPort).isPositive();
      assertThat(json.has("grpcPort")).as("only the channel asked for").isFalse();
      HttpResponse<Void> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthz"))
                      .timeout(CALL)
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(serve.stop().exitCode()).isZero();
    }
  }
}
