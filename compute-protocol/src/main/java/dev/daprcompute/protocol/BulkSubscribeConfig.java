package dev.daprcompute.protocol;

/**
 * Bulk delivery settings of a subscription: Dapr's {@code BulkSubscribeConfig}.
 *
 * @param enabled whether events are delivered in batches
 * @param maxMessagesCount the largest batch; 0 for Dapr's default (100)
 * @param maxAwaitDurationMs the longest wait to fill a batch; 0 for Dapr's default (1000 ms)
 */
public record BulkSubscribeConfig(boolean enabled, int maxMessagesCount, int maxAwaitDurationMs) {
  public BulkSubscribeConfig {
    if (maxMessagesCount < 0) {
      throw new IllegalArgumentException("maxMessagesCount < 0: " + maxMessagesCount);
    }
    if (maxAwaitDurationMs < 0) {
      throw new IllegalArgumentException("maxAwaitDurationMs < 0: " + maxAwaitDurationMs);
    }
  }
}
