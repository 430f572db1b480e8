package dev.daprcompute.protocol;

/**
 * The HTTP verb of a service invocation: Dapr's {@code common.v1.HTTPExtension.Verb}, with the same
 * constants in the same order.
 */
public enum HttpVerb {
  /** No verb: a gRPC-style invocation. Delivered to the function as {@code POST}. */
  NONE,
  GET,
  HEAD,
  POST,
  PUT,
  DELETE,
  /** Not deliverable to a function: {@code onInvoke} rejects it, as daprd does. */
  CONNECT,
  OPTIONS,
  TRACE,
  PATCH;

  /** The verb sent on the wire: {@link #NONE} becomes {@code POST}. */
  public String wireName() {
    return this == NONE ? "POST" : name();
  }
}
