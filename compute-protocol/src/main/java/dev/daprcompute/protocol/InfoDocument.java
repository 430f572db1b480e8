package dev.daprcompute.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The function's answer to {@code GET /.well-known/dapr/info}.
 *
 * @param protocol the protocol version it speaks
 * @param version the SDK's or jump function's version (semantic version)
 * @param sdk the SDK's name, such as {@code dapr-compute-java}; may be empty
 * @param features optional capabilities, by {@link dev.daprcompute.protocol.Feature#wireName()};
 *     unknown names are ignored
 * @param inputBindings the input bindings it serves
 */
public record InfoDocument(
    int protocol, String version, String sdk, List<String> features, List<String> inputBindings) {
  public InfoDocument {
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(sdk, "sdk == null");
    features = List.copyOf(features);
    inputBindings = List.copyOf(inputBindings);
  }
}
