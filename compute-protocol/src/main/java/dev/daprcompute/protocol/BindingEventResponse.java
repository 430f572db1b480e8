package dev.daprcompute.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The function's reply to a binding event: the parts of Dapr's {@code BindingEventResponse} that
 * daprd acts on ({@code store_name} and {@code states} are ignored by daprd and not modelled).
 *
 * @param data the reply data: returned to the binding, and sent to {@code to}
 * @param to output bindings that receive {@code data}
 * @param concurrency how {@code to} is served
 */
public record BindingEventResponse(Payload data, List<String> to, BindingEventConcurrency concurrency) {

  public BindingEventResponse {
    Objects.requireNonNull(data, "data == null");
    to = List.copyOf(to);
    Objects.requireNonNull(concurrency, "concurrency == null");
  }

  /** A reply with data only. */
  public static BindingEventResponse of(Payload data) {
    return new BindingEventResponse(data, List.of(), BindingEventConcurrency.SEQUENTIAL);
  }
}
