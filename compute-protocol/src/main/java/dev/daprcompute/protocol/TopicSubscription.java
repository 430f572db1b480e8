package dev.daprcompute.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A subscription the function asks for: Dapr's {@code TopicSubscription}, read from the function's
 * {@code GET /dapr/subscribe} answer.
 *
 * @param pubsubName the PubSub component
 * @param topic the topic
 * @param metadata subscription metadata, such as {@code rawPayload}
 * @param routes where events go
 * @param deadLetterTopic where dropped events go; empty for none
 * @param bulkSubscribe bulk delivery settings, if any
 */
public record TopicSubscription(
    String pubsubName,
    String topic,
    Map<String, String> metadata,
    TopicRoutes routes,
    String deadLetterTopic,
    @Nullable BulkSubscribeConfig bulkSubscribe) {

  public TopicSubscription {
    requireText(pubsubName, "pubsubName");
    requireText(topic, "topic");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(routes, "routes == null");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic == null");
  }

  /** A subscription with one default route. */
  public static TopicSubscription of(String pubsubName, String topic, String path) {
    return new TopicSubscription(pubsubName, topic, Map.of(), TopicRoutes.of(path), "", null);
  }

  /** The bulk settings, if any. */
  public Optional<BulkSubscribeConfig> bulk() {
    return Optional.ofNullable(bulkSubscribe);
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }
}
