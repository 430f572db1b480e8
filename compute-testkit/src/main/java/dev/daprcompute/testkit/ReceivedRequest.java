package dev.daprcompute.testkit;

import dev.daprcompute.function.token.VerifiedToken;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request as the {@link ReferenceFunction} saw it, after the platform (and any envelope): what a
 * component really sent to the function.
 *
 * @param method the HTTP method
 * @param path the path relative to the function's base
 * @param query the raw query string; empty for none
 * @param headers the headers, token headers included
 * @param body the body
 * @param token the verified token, or {@code null} when the function rejected it
 * @param rejection why the token was rejected, or {@code null}
 */
public record ReceivedRequest(
    String method,
    String path,
    String query,
    Metadata headers,
    Payload body,
    @Nullable VerifiedToken token,
    @Nullable String rejection) {

  public ReceivedRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(query, "query == null");
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
  }

  /** The verified token, if the function accepted it. */
  public Optional<VerifiedToken> verifiedToken() {
    return Optional.ofNullable(token);
  }

  /** Names only. */
  @Override
  public String toString() {
    return "ReceivedRequest["
        + method
        + " "
        + path
        + (query.isEmpty() ? "" : "?" + query)
        + ", headers="
        + headers.names()
        + ", "
        + body
        + ", token "
        + (token != null ? "verified" : "rejected: " + rejection)
        + "]";
  }
}
