package dev.daprcompute.testkit;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.util.Objects;

/**
 * A request as the platform fake received it, before any envelope was removed: what a provider sent
 * to the platform.
 *
 * @param method the HTTP method
 * @param path the path, percent-encoded as sent
 * @param query the raw query string; empty for none
 * @param headers the headers
 * @param body the body
 * @param fault the fault the fake answered with instead of the function, if any
 */
public record RecordedCall(
    String method, String path, String query, Metadata headers, Payload body, String fault) {
  public RecordedCall {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(query, "query == null");
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(fault, "fault == null");
  }

  /** Names only: headers may carry credentials. */
  @Override
  public String toString() {
    return "RecordedCall["
        + method
        + " "
        + path
        + (query.isEmpty() ? "" : "?" + query)
        + ", headers="
        + headers.names()
        + ", "
        + body
        + (fault.isEmpty() ? "" : ", fault " + fault)
        + "]";
  }
}
