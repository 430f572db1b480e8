package dev.daprcompute.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * One event of a batch: Dapr's {@code TopicEventBulkRequestEntry}.
 *
 * @param entryId the entry id, unique in its batch; statuses are reported against it
 * @param event the event: raw bytes, or a CloudEvent
 * @param contentType the content type of the event
 * @param metadata metadata of this entry
 */
public record BulkTopicEventEntry(
    String entryId, Event event, String contentType, Map<String, String> metadata) {

  public BulkTopicEventEntry {
    Objects.requireNonNull(entryId, "entryId == null");
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(contentType, "contentType == null");
    metadata = Map.copyOf(metadata);
  }

  /** The event of an entry: Dapr's {@code oneof event}. */
  public sealed interface Event permits RawEvent, CloudEvent {}

  /** An event delivered as it came from the broker ({@code rawPayload}). */
  public record RawEvent(Payload data) implements Event {
    public RawEvent {
      Objects.requireNonNull(data, "data == null");
    }
  }

  /** A CloudEvent: Dapr's {@code TopicEventCERequest}. */
  public record CloudEvent(
      String id,
      String source,
      String type,
      String specVersion,
      String dataContentType,
      Payload data,
      Map<String, Object> extensions)
      implements Event {
    public CloudEvent {
      Objects.requireNonNull(id, "id == null");
      Objects.requireNonNull(source, "source == null");
      Objects.requireNonNull(type, "type == null");
      Objects.requireNonNull(specVersion, "specVersion == null");
      Objects.requireNonNull(dataContentType, "dataContentType == null");
      Objects.requireNonNull(data, "data == null");
      extensions = Map.copyOf(extensions);
    }
  }
}
