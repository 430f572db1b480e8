package dev.daprcompute.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * One PubSub event for the function: Dapr's {@code TopicEventRequest}, a CloudEvent with Dapr's
 * attributes, plus the delivery metadata that daprd sends as headers.
 *
 * <p>The function receives it as a structured-mode CloudEvent ({@code
 * application/cloudevents+json}) posted to {@link #path()}.
 *
 * @param id the CloudEvent {@code id}
 * @param source the CloudEvent {@code source}
 * @param type the CloudEvent {@code type}
 * @param specVersion the CloudEvent {@code "specversion"}, {@code 1.0}
 * @param dataContentType the CloudEvent {@code "datacontenttype"}; empty when absent
 * @param data the event data
 * @param topic the topic (the {@code topic} extension)
 * @param pubsubName the PubSub component (the {@code "pubsubname"} extension)
 * @param path the route that matched, such as {@code /orders}: where the event is posted
 * @param extensions other CloudEvent attributes ({@code traceparent}, {@code traceid}, ...); values
 *     are strings, numbers, booleans or JSON-like maps and lists
 * @param metadata delivery metadata, sent as headers
 */
public record TopicEventRequest(
    String id,
    String source,
    String type,
    String specVersion,
    String dataContentType,
    Payload data,
    String topic,
    String pubsubName,
    String path,
    Map<String, Object> extensions,
    Metadata metadata) {

  public TopicEventRequest {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(specVersion, "specVersion == null");
    Objects.requireNonNull(dataContentType, "dataContentType == null");
    Objects.requireNonNull(data, "data == null");
    Objects.requireNonNull(topic, "topic == null");
    Objects.requireNonNull(pubsubName, "pubsubName == null");
    Objects.requireNonNull(path, "path == null");
    extensions = Map.copyOf(extensions);
    Objects.requireNonNull(metadata, "metadata == null");
  }

  /**
   * An event as daprd would build it for a published message: type {@code com.dapr.event.sent},
   * source {@code Dapr}, spec version 1.0, posted to {@code /<topic>}.
   */
  public static TopicEventRequest of(
      String id, String pubsubName, String topic, Payload data, String dataContentType) {
    return new TopicEventRequest(
        id,
        "Dapr",
        "com.dapr.event.sent",
        "1.0",
        dataContentType,
        data,
        topic,
        pubsubName,
        "/" + topic,
        Map.of(),
        Metadata.empty());
  }

  /** This event posted to another route. */
  public TopicEventRequest withPath(String path) {
    return new TopicEventRequest(
        id,
        source,
        type,
        specVersion,
        dataContentType,
        data,
        topic,
        pubsubName,
        path,
        extensions,
        metadata);
  }

  /** This event with other extensions. */
  public TopicEventRequest withExtensions(Map<String, Object> extensions) {
    return new TopicEventRequest(
        id,
        source,
        type,
        specVersion,
        dataContentType,
        data,
        topic,
        pubsubName,
        path,
        extensions,
        metadata);
  }

  /** This event with other delivery metadata. */
  public TopicEventRequest withMetadata(Metadata metadata) {
    return new TopicEventRequest(
        id,
        source,
        type,
        specVersion,
        dataContentType,
        data,
        topic,
        pubsubName,
        path,
        extensions,
        metadata);
  }
}
