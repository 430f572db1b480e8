package dev.daprcompute.protocol;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of delivering one PubSub event: Dapr's {@code TopicEventResponse}, plus why a RETRY
 * happened and how long the platform asked the caller to wait.
 *
 * @param status SUCCESS, RETRY or DROP
 * @param reason why, when the component rather than the function decided (a platform failure, say);
 *     empty when the function answered
 * @param retryAfter the wait the platform asked for ({@code Retry-After}), if any
 */
public record TopicEventResponse(
    TopicEventStatus status, String reason, @Nullable Duration retryAfter) {

  private static final TopicEventResponse SUCCESS =
      new TopicEventResponse(TopicEventStatus.SUCCESS, "", null);
  private static final TopicEventResponse RETRY =
      new TopicEventResponse(TopicEventStatus.RETRY, "", null);
  private static final TopicEventResponse DROP =
      new TopicEventResponse(TopicEventStatus.DROP, "", null);

  public TopicEventResponse {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(reason, "reason == null");
  }

  /** The function took the event. */
  public static TopicEventResponse success() {
    return SUCCESS;
  }

  /** The function asked for the event again. */
  public static TopicEventResponse retry() {
    return RETRY;
  }

  /** The function refused the event for good. */
  public static TopicEventResponse drop() {
    return DROP;
  }

  /**
   * The event must be delivered again because of {@code reason}, a failure outside the function.
   */
  public static TopicEventResponse retry(String reason, @Nullable Duration retryAfter) {
    return new TopicEventResponse(TopicEventStatus.RETRY, reason, retryAfter);
  }

  /** A response with this status and no reason. */
  public static TopicEventResponse of(TopicEventStatus status) {
    return switch (status) {
      case SUCCESS -> SUCCESS;
      case RETRY -> RETRY;
      case DROP -> DROP;
    };
  }

  /** The wait the platform asked for, if any. */
  public Optional<Duration> retryAfterDuration() {
    return Optional.ofNullable(retryAfter);
  }
}
