package dev.daprcompute.protocol;

/**
 * How daprd sends a binding reply to several output bindings: Dapr's {@code
 * BindingEventConcurrency}.
 */
public enum BindingEventConcurrency {
  /** One after another (the default). */
  SEQUENTIAL,
  /** All at once. */
  PARALLEL
}
