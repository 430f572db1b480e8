package dev.daprcompute.protocol;

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

  /**
   * One entry of this batch as a single event, for delivery one by one: a CloudEvent entry keeps
   * its attributes; a raw entry becomes an event with the entry id, as daprd builds for {@code
   * rawPayload} subscriptions. Batch and entry metadata are merged (the entry's wins).
   */
  public TopicEventRequest asTopicEvent(BulkTopicEventEntry entry) {
    Metadata.Builder merged = Metadata.builder();
    metadata.forEach(merged::set);
    entry
        .metadata()
        .forEach(merged::set); // set, not add: names are case-insensitive and the entry wins
    Metadata delivery = merged.build();
    if (entry.event() instanceof BulkTopicEventEntry.CloudEvent ce) {
      return new TopicEventRequest(
          ce.id(),
          ce.source(),
          ce.type(),
          ce.specVersion(),
          ce.dataContentType(),
          ce.data(),
          topic,
          pubsubName,
          path,
          ce.extensions(),
          delivery);
    }
    Payload data = ((BulkTopicEventEntry.RawEvent) entry.event()).data();
    String type = entry.contentType().isEmpty() ? "application/octet-stream" : entry.contentType();
    return new TopicEventRequest(
        entry.entryId(),
        "Dapr",
        "com.dapr.event.sent",
        "1.0",
        type,
        data,
        topic,
        pubsubName,
        path,
        Map.of(),
        delivery);
  }
}
