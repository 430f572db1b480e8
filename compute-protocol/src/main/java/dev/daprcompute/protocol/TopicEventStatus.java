package dev.daprcompute.protocol;

/** What Dapr does with a PubSub event after delivery: Dapr's {@code TopicEventResponseStatus}. */
public enum TopicEventStatus {
  /** Delivered: acknowledge it. */
  SUCCESS,
  /** Not delivered: the broker delivers it again. Every platform or network failure is RETRY. */
  RETRY,
  /**
   * The function refused it for good: Dapr drops it (or dead-letters it). Only the function says
   * DROP.
   */
  DROP
}
