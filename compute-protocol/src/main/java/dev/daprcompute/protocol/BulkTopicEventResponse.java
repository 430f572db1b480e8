package dev.daprcompute.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a batch: Dapr's {@code TopicEventBulkResponse}, one status per entry.
 *
 * @param statuses one status per entry of the request, in its order
 * @param reason why, when the component rather than the function decided; empty otherwise
 * @param retryAfter the wait the platform asked for, if any
 */
public record BulkTopicEventResponse(
    List<Entry> statuses, String reason, @Nullable Duration retryAfter) {

  public BulkTopicEventResponse {
    statuses = List.copyOf(statuses);
    Objects.requireNonNull(reason, "reason == null");
  }

  /** The function's statuses. */
  public static BulkTopicEventResponse of(List<Entry> statuses) {
    return new BulkTopicEventResponse(statuses, "", null);
  }

  /** Every entry of {@code request} with the same status and reason. */
  public static BulkTopicEventResponse all(
      BulkTopicEventRequest request,
      TopicEventStatus status,
      String reason,
      @Nullable Duration retryAfter) {
    List<Entry> entries =
        request.entries().stream().map(entry -> new Entry(entry.entryId(), status)).toList();
    return new BulkTopicEventResponse(entries, reason, retryAfter);
  }

  /** The status of {@code entryId}, if the batch had it. */
  public Optional<TopicEventStatus> statusOf(String entryId) {
    return statuses.stream()
        .filter(e -> e.entryId().equals(entryId))
        .map(Entry::status)
        .findFirst();
  }

  /** The wait the platform asked for, if any. */
  public Optional<Duration> retryAfterDuration() {
    return Optional.ofNullable(retryAfter);
  }

  /** The status of one entry: Dapr's {@code TopicEventBulkResponseEntry}. */
  public record Entry(String entryId, TopicEventStatus status) {
    public Entry {
      Objects.requireNonNull(entryId, "entryId == null");
      Objects.requireNonNull(status, "status == null");
    }
  }
}
