package dev.daprcompute.api.spi;

/** The protocol operation a request carries: what the function is asked to do. */
public enum Operation {
  /** {@code GET /.well-known/dapr/info}. */
  INFO,
  /** {@code {verb} /{method}}. */
  INVOKE,
  /** {@code GET /dapr/subscribe}. */
  SUBSCRIPTIONS,
  /** {@code POST /{route}} with a CloudEvent. */
  TOPIC_EVENT,
  /** {@code POST /{route}} with a batch. */
  BULK_TOPIC_EVENT,
  /** {@code POST /{binding}}. */
  BINDING_EVENT
}
