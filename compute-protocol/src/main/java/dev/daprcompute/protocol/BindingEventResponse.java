package dev.daprcompute.protocol;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The function's reply to a binding event: the parts of Dapr's {@code BindingEventResponse} that
 * daprd acts on ({@code store_name} and {@code states} are ignored by daprd and not modelled); or,
 * when the platform queued the event to run the function later, that fact ({@link #queued}).
 *
 * @param data the reply data: returned to the binding, and sent to {@code to}
 * @param to output bindings that receive {@code data}
 * @param concurrency how {@code to} is served
 * @param queuedAs the platform's id of the call when it queued the event (no reply of the
 *     function's will come), or {@code null}
 */
public record BindingEventResponse(
    Payload data, List<String> to, BindingEventConcurrency concurrency, @Nullable String queuedAs) {

  public BindingEventResponse {
    Objects.requireNonNull(data, "data == null");
    to = List.copyOf(to);
    Objects.requireNonNull(concurrency, "concurrency == null");
  }

  /** The function's reply. */
  public BindingEventResponse(Payload data, List<String> to, BindingEventConcurrency concurrency) {
    this(data, to, concurrency, null);
  }

  /** A reply with data only. */
  public static BindingEventResponse of(Payload data) {
    return new BindingEventResponse(data, List.of(), BindingEventConcurrency.SEQUENTIAL);
  }

  /**
   * The platform queued the event as {@code callId} and will run the function later: accepted, with
   * no reply (no data, no output bindings). The platform retries and dead-letters it by its own
   * settings.
   */
  public static BindingEventResponse queued(String callId) {
    return new BindingEventResponse(
        Payload.empty(),
        List.of(),
        BindingEventConcurrency.SEQUENTIAL,
        Objects.requireNonNull(callId, "callId == null"));
  }

  /** Whether the platform queued the event rather than the function answering it. */
  public boolean isQueued() {
    return queuedAs != null;
  }
}
