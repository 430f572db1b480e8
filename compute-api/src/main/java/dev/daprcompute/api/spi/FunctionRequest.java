package dev.daprcompute.api.spi;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.util.Objects;

/**
 * One request of the protocol, ready for a {@link PlatformTransport}: the path is normalised and
 * safe, every header is checked, the token is in place. Transports send it as it is (or wrap it in
 * their platform's envelope).
 *
 * @param operation what the function is asked to do
 * @param verb the HTTP verb, upper case
 * @param path the path relative to the function's base URL, starting with {@code /},
 *     percent-encoded
 * @param rawQuery the encoded query string without {@code ?}; empty for none
 * @param headers the headers for the function, token and content type included
 * @param body the body
 */
public record FunctionRequest(
    Operation operation,
    String verb,
    String path,
    String rawQuery,
    Metadata headers,
    Payload body) {

  public FunctionRequest {
    Objects.requireNonNull(operation, "operation == null");
    Objects.requireNonNull(verb, "verb == null");
    Objects.requireNonNull(path, "path == null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    Objects.requireNonNull(rawQuery, "rawQuery == null");
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
  }

  /** This request with header {@code name} set to {@code value} (replacing any value it had). */
  public FunctionRequest withHeader(String name, String value) {
    return new FunctionRequest(
        operation, verb, path, rawQuery, headers.toBuilder().set(name, value).build(), body);
  }

  /** The path and query, as in an HTTP request line: {@code /orders?id=1}. */
  public String pathAndQuery() {
    return rawQuery.isEmpty() ? path : path + "?" + rawQuery;
  }

  /** The content type header, or empty. */
  public String contentType() {
    return headers.first("content-type").orElse("");
  }
}
