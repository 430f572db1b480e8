package dev.daprcompute.function;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.util.Objects;

/**
 * An HTTP request as a host received it, independent of the host's HTTP library.
 *
 * @param method the HTTP method, upper case
 * @param path the path relative to the function's base, starting with {@code /}, percent-encoded
 * @param rawQuery the query string without {@code ?}; empty for none
 * @param headers the headers
 * @param body the body
 */
public record FunctionHttpRequest(
    String method, String path, String rawQuery, Metadata headers, Payload body) {
  public FunctionHttpRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    Objects.requireNonNull(rawQuery, "rawQuery == null");
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
  }
}
