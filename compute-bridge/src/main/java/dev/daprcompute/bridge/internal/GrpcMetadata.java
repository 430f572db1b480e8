package dev.daprcompute.bridge.internal;

import dev.daprcompute.protocol.Metadata;
import java.util.Locale;
import java.util.Set;

/**
 * Call metadata between gRPC and the compute SPI.
 *
 * <p>Incoming: what daprd sent, minus what belongs to gRPC itself ({@code grpc-*}, pseudo-headers,
 * {@code content-type}, {@code te}, {@code user-agent}, binary {@code -bin} keys) and the app API
 * token. daprd prefixes permanent HTTP headers of an HTTP caller with {@code dapr-} (so {@code
 * Accept} arrives as {@code dapr-accept}); those get their HTTP names back, so a function sees the
 * headers it would see as a Dapr HTTP app. Trace context ({@code traceparent}, {@code tracestate},
 * {@code baggage}) and everything else pass as they are.
 *
 * <p>Outgoing: a function's reply headers as gRPC metadata, leaving out names gRPC reserves or
 * cannot carry. Thread-safe.
 */
public final class GrpcMetadata {
  private GrpcMetadata() {}

  /** Keys gRPC sets for itself on every call; never the caller's. */
  private static final Set<String> GRPC_OWN =
      Set.of("content-type", "te", "user-agent", "content-length", "accept-encoding");

  /**
   * daprd's {@code isPermanentHTTPHeader} list (dapr/dapr {@code pkg/messaging/v1/util.go}), lower
   * case: the HTTP headers daprd sends to gRPC apps as {@code dapr-<name>}.
   */
  private static final Set<String> PERMANENT_HTTP_HEADERS =
      Set.of(
          "accept",
          "accept-charset",
          "accept-language",
          "accept-ranges",
          "connection",
          "keep-alive",
          "proxy-connection",
          "transfer-encoding",
          "upgrade",
          "cache-control",
          "content-type",
          "content-length",
          "cookie",
          "date",
          "expect",
          "from",
          "host",
          "if-match",
          "if-modified-since",
          "if-none-match",
          "if-schedule-tag-match",
          "if-unmodified-since",
          "max-forwards",
          "origin",
          "pragma",
          "referer",
          "via",
          "warning");

  /** Reply headers that gRPC reserves or that describe the HTTP framing, not the reply. */
  private static final Set<String> NOT_REPLY_METADATA =
      Set.of(
          "content-type",
          "content-length",
          "te",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "upgrade",
          "user-agent",
          "host",
          "date",
          "trailer");

  /** The call metadata for the Compute, from the gRPC headers of a daprd call. */
  public static Metadata fromGrpc(io.grpc.Metadata headers) {
    Metadata.Builder out = Metadata.builder();
    for (String key : headers.keys()) {
      String name = key.toLowerCase(Locale.ROOT);
      if (name.endsWith(io.grpc.Metadata.BINARY_HEADER_SUFFIX)
          || name.startsWith("grpc-")
          || name.startsWith(":")
          || GRPC_OWN.contains(name)
          || name.equals(AppApiToken.HEADER)) {
        continue;
      }
      if (name.startsWith("dapr-")
          && PERMANENT_HTTP_HEADERS.contains(name.substring("dapr-".length()))) {
        name = name.substring("dapr-".length());
      }
      Iterable<String> values =
          headers.getAll(io.grpc.Metadata.Key.of(key, io.grpc.Metadata.ASCII_STRING_MARSHALLER));
      if (values != null) {
        for (String value : values) {
          out.add(name, value);
        }
      }
    }
    return out.build();
  }

  /**
   * {@code metadata} as gRPC metadata: entries whose name is a valid gRPC key (lower-case letters,
   * digits, {@code -_.}) and not reserved, and whose value is printable ASCII.
   */
  public static io.grpc.Metadata toGrpc(Metadata metadata) {
    io.grpc.Metadata out = new io.grpc.Metadata();
    metadata.forEach(
        (name, value) -> {
          if (isCarriable(name, value)) {
            out.put(io.grpc.Metadata.Key.of(name, io.grpc.Metadata.ASCII_STRING_MARSHALLER), value);
          }
        });
    return out;
  }

  private static boolean isCarriable(String name, String value) {
    if (name.isEmpty()
        || name.startsWith("grpc-")
        || name.startsWith(":")
        || NOT_REPLY_METADATA.contains(name)
        || name.endsWith(io.grpc.Metadata.BINARY_HEADER_SUFFIX)) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
        return false;
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
