package dev.daprcompute.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A batch of PubSub events for one route: Dapr's {@code TopicEventBulkRequest}.
 *
 * <p>When the function does not declare {@link Feature#BULK_TOPIC_EVENTS}, the component delivers
 * the entries one by one and collects their statuses, so a function never sees a format it did not
 * ask for.
 *
 * @param id the batch id
 * @param entries the events, each with its own id
 * @param metadata metadata for the whole batch
 * @param topic the topic
 * @param pubsubName the PubSub component
 * @param type the batch type, {@code com.dapr.event.sent.bulk}
 * @param path the route that matched
 */
public record BulkTopicEventRequest(
    String id,
    List<BulkTopicEventEntry> entries,
    Map<String, String> metadata,
    String topic,
    String pubsubName,
    String type,
    String path) {

  /** The type daprd gives a batch. */
  public static final String BULK_TYPE = "com.dapr.event.sent.bulk";

  public BulkTopicEventRequest {
    Objects.requireNonNull(id, "id == null");
    entries = List.copyOf(entries);
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(topic, "topic == null");
    Objects.requireNonNull(pubsubName, "pubsubName == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(path, "path == null");
    long distinct = entries.stream().map(BulkTopicEventEntry::entryId).distinct().count();
    if (distinct != entries.size()) {
      throw new IllegalArgumentException("entry ids must be unique within a batch");
    }
  }
}
