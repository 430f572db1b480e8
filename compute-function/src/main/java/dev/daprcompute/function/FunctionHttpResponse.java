package dev.daprcompute.function;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.util.Objects;

/**
 * The router's answer, for a host to write: every answer carries the {@code Dapr-Compute-Protocol}
 * header that tells the component the function itself answered.
 *
 * @param status the HTTP status
 * @param headers the headers, content type included
 * @param body the body
 */
public record FunctionHttpResponse(int status, Metadata headers, Payload body) {
  public FunctionHttpResponse {
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
  }
}
