package dev.daprcompute.protocol;

import java.util.Objects;

/**
 * The function's reply to a service invocation: Dapr's {@code common.v1.InvokeResponse} plus the
 * HTTP status and headers that daprd passes back to HTTP callers (and maps to a gRPC code for gRPC
 * callers).
 *
 * @param status the function's HTTP status, as it answered
 * @param data the reply body
 * @param contentType the reply's content type; empty when there is none
 * @param metadata the reply's headers (metadataOut), without hop-by-hop and protocol headers
 */
public record InvokeResponse(int status, Payload data, String contentType, Metadata metadata) {

  public InvokeResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status " + status + " is not an HTTP status (100-599)");
    }
    Objects.requireNonNull(data, "data == null");
    Objects.requireNonNull(contentType, "contentType == null");
    Objects.requireNonNull(metadata, "metadata == null");
  }

  /** A 200 reply. */
  public static InvokeResponse ok(Payload data, String contentType) {
    return new InvokeResponse(200, data, contentType, Metadata.empty());
  }

  /** A reply with a status and no body. */
  public static InvokeResponse status(int status) {
    return new InvokeResponse(status, Payload.empty(), "", Metadata.empty());
  }

  /** Whether the status is 2xx. */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }
}
