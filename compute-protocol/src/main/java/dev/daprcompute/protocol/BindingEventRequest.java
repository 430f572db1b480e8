package dev.daprcompute.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * An event from an input binding: Dapr's {@code BindingEventRequest}.
 *
 * <p>The function receives it as {@code POST /<name>} with the data as body and every metadata
 * entry as a header, as daprd's HTTP channel sends it.
 *
 * @param name the binding component's name (or its {@code route})
 * @param data the event data
 * @param metadata metadata set by the binding component
 */
public record BindingEventRequest(String name, Payload data, Map<String, String> metadata) {

  public BindingEventRequest {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(data, "data == null");
    metadata = Map.copyOf(metadata);
  }
}
