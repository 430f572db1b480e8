package dev.daprcompute.protocol;

import java.util.Objects;

/**
 * A service invocation for the function: Dapr's {@code common.v1.InvokeRequest} with its {@code
 * HTTPExtension}, plus the call's metadata (gRPC metadata or HTTP headers).
 *
 * @param method the method, such as {@code orders/42}; normalised like Dapr before sending
 * @param data the request body
 * @param contentType the content type of {@code data}; empty when there is none
 * @param verb the HTTP verb
 * @param queryString the encoded query string without {@code ?}, such as {@code a=1&b=2}; may be
 *     empty
 * @param metadata headers for the function; trace context ({@code traceparent}, {@code tracestate},
 *     {@code baggage}) passes through
 */
public record InvokeRequest(
    String method,
    Payload data,
    String contentType,
    HttpVerb verb,
    String queryString,
    Metadata metadata) {

  public InvokeRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(data, "data == null");
    Objects.requireNonNull(contentType, "contentType == null");
    Objects.requireNonNull(verb, "verb == null");
    Objects.requireNonNull(queryString, "queryString == null");
    Objects.requireNonNull(metadata, "metadata == null");
    if (queryString.startsWith("?")) {
      queryString = queryString.substring(1);
    }
  }

  /** An invocation with no body, query string or metadata. */
  public static InvokeRequest of(String method, HttpVerb verb) {
    return new InvokeRequest(method, Payload.empty(), "", verb, "", Metadata.empty());
  }

  /** A {@code POST} invocation with a body. */
  public static InvokeRequest post(String method, Payload data, String contentType) {
    return new InvokeRequest(method, data, contentType, HttpVerb.POST, "", Metadata.empty());
  }

  /** This request with other metadata. */
  public InvokeRequest withMetadata(Metadata metadata) {
    return new InvokeRequest(method, data, contentType, verb, queryString, metadata);
  }

  /** This request with another query string. */
  public InvokeRequest withQueryString(String queryString) {
    return new InvokeRequest(method, data, contentType, verb, queryString, metadata);
  }
}
