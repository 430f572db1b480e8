package dev.daprcompute.protocol.internal;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.wire.HopByHop;
import java.util.Locale;
import java.util.Set;

/**
 * Which call metadata may travel to a function as headers, and whether a header is well-formed. One
 * rule set for every provider.
 */
public final class SafeHeaders {
  private SafeHeaders() {}

  /**
   * Never forwarded from call metadata besides the hop-by-hop headers ({@link HopByHop}): framing
   * set by the transport, the token headers (set by the component, never spoofable by a caller),
   * the protocol marker, and {@code dapr-api-token} (daprd's secret for the app, not for the
   * function).
   */
  private static final Set<String> DROPPED =
      Set.of(
          "host",
          "content-length",
          "content-type",
          "expect",
          "dapr-authorization",
          "dapr-compute-protocol",
          "dapr-api-token");

  /** Not passed back to callers from a function's reply besides the hop-by-hop headers. */
  private static final Set<String> DROPPED_FROM_REPLY =
      Set.of("content-length", "content-type", "dapr-compute-protocol");

  /**
   * Copies call metadata to {@code out} as request headers, leaving out the hop-by-hop headers
   * (those {@code Connection} names too, as daprd treats them), what {@link #DROPPED} lists, gRPC's
   * own keys ({@code grpc-*}, {@code :pseudo}) and, when the token travels in {@code
   * Authorization}, any {@code authorization} from the caller.
   *
   * @throws IllegalArgumentException when a name is not an HTTP token or a value contains CR, LF or
   *     NUL
   */
  public static void copyMetadata(
      Metadata metadata, boolean tokenInAuthorization, Metadata.Builder out) {
    Set<String> hopByHop = HopByHop.of(metadata);
    metadata.forEach(
        (name, value) -> {
          if (DROPPED.contains(name)
              || hopByHop.contains(name)
              || name.startsWith("grpc-")
              || name.startsWith(":")
              || (tokenInAuthorization && name.equals("authorization"))) {
            return;
          }
          check(name, value);
          out.add(name, value);
        });
  }

  /** The reply's headers that a caller may see. */
  public static Metadata replyMetadata(Metadata headers) {
    Set<String> hopByHop = HopByHop.of(headers);
    Metadata.Builder out = Metadata.builder();
    headers.forEach(
        (name, value) -> {
          if (!DROPPED_FROM_REPLY.contains(name) && !hopByHop.contains(name)) {
            out.add(name, value);
          }
        });
    return out.build();
  }

  /**
   * Checks that {@code name} and {@code value} can be sent as a header.
   *
   * @throws IllegalArgumentException when {@code name} is not an HTTP token or {@code value}
   *     contains CR, LF or NUL
   */
  public static void check(String name, String value) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a metadata entry has an empty name: remove it");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!token) {
        throw new IllegalArgumentException(
            "header name '"
                + SafePaths.printable(name)
                + "' is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only): rename the metadata entry");
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new IllegalArgumentException(
            "header '"
                + name.toLowerCase(Locale.ROOT)
                + "' has a value with CR, LF or NUL, which could split the request: remove those characters");
      }
    }
  }
}
