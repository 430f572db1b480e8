package dev.daprcompute.protocol.wire;

import dev.daprcompute.protocol.Metadata;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop headers (RFC 9110 section 7.6.1): they describe one connection, not the call, so no
 * part of dapr-compute passes them on, whichever way a message goes: not the component (call
 * metadata to the function, the function's reply to the caller), not the function's router (request
 * headers to a handler), not the bridge (daprd's requests to the component). One set for all of
 * them; each adds the protocol's own headers it also keeps back. Thread-safe; stateless.
 */
public final class HopByHop {
  private HopByHop() {}

  /**
   * The hop-by-hop headers, lower case: HTTP/1.1's ({@code Connection}, {@code Keep-Alive}, {@code
   * Proxy-Connection}, {@code TE}, {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade}),
   * the proxy credentials of one hop ({@code Proxy-Authenticate}, {@code Proxy-Authorization}), and
   * HTTP/2's upgrade settings ({@code HTTP2-Settings}).
   */
  public static final Set<String> HEADERS =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-authenticate",
          "proxy-authorization",
          "http2-settings");

  /**
   * The hop-by-hop headers of a message with {@code headers}: {@link #HEADERS} and the headers its
   * {@code Connection} header names, lower case.
   */
  public static Set<String> of(Metadata headers) {
    List<String> connection = headers.all("connection");
    if (connection.isEmpty()) {
      return HEADERS; // nearly every message: no set to build per message
    }
    Set<String> names = new HashSet<>(HEADERS);
    for (String value : connection) {
      for (String token : value.split(",", -1)) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
