package dev.daprcompute.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.protocol.Metadata;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Call metadata between gRPC and the compute SPI")
class GrpcMetadataTest {

  private static void put(io.grpc.Metadata md, String key, String value) {
    md.put(io.grpc.Metadata.Key.of(key, io.grpc.Metadata.ASCII_STRING_MARSHALLER), value);
  }

  @Test
  @DisplayName(
      "keeps the caller's metadata, drops gRPC's own keys and the app token, and restores daprd's dapr- prefixed HTTP headers")
  void from_grpc() {
    io.grpc.Metadata md = new io.grpc.Metadata();
    put(md, "traceparent", "00-1-2-01");
    put(md, "tracestate", "a=b");
    put(md, "baggage", "k=v");
    put(md, "x-custom", "one");
    md.put(io.grpc.Metadata.Key.of("x-custom", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "two");
    put(md, "dapr-accept", "text/html");
    put(md, "dapr-if-none-match", "\"etag\"");
    put(md, "dapr-caller-app-id", "checkout");
    put(md, "dapr-api-token", "secret");
    put(md, "content-type", "application/grpc");
    put(md, "user-agent", "grpc-go/1.70");
    put(md, "te", "trailers");
    put(md, "grpc-accept-encoding", "gzip");
    md.put(
        io.grpc.Metadata.Key.of("grpc-trace-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER),
        new byte[] {1});
    md.put(
        io.grpc.Metadata.Key.of("x-data-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER),
        new byte[] {2});

    Metadata out = GrpcMetadata.fromGrpc(md);

    assertThat(out.first("traceparent")).hasValue("00-1-2-01");
    assertThat(out.first("tracestate")).hasValue("a=b");
    assertThat(out.first("baggage")).hasValue("k=v");
    assertThat(out.all("x-custom")).containsExactly("one", "two");
    assertThat(out.first("accept")).hasValue("text/html");
    assertThat(out.first("if-none-match")).hasValue("\"etag\"");
    assertThat(out.first("dapr-caller-app-id"))
        .as("not a permanent header: kept as it is")
        .hasValue("checkout");
    assertThat(out.names())
        .doesNotContain(
            "dapr-accept",
            "dapr-api-token",
            "content-type",
            "user-agent",
            "te",
            "grpc-accept-encoding",
            "grpc-trace-bin",
            "x-data-bin");
  }

  @Test
  @DisplayName("sends reply headers gRPC can carry and leaves out the rest")
  void to_grpc() {
    Metadata reply =
        Metadata.builder()
            .add("x-function", "yes")
            .add("etag", "\"v1\"")
            .add("content-type", "text/plain")
            .add("grpc-status", "0")
            .add("x-weird!", "v")
            .add("x-utf8", "caf\u00e9")
            .add("date", "Mon, 01 Jan 2026 00:00:00 GMT")
            .build();
    io.grpc.Metadata md = GrpcMetadata.toGrpc(reply);
    assertThat(md.keys()).containsExactlyInAnyOrder("x-function", "etag");
  }
}
