package dev.daprcompute.function;

import dev.daprcompute.api.BindingEventRequest;
import dev.daprcompute.api.BindingEventResponse;
import dev.daprcompute.api.BulkTopicEventEntry;
import dev.daprcompute.api.BulkTopicEventRequest;
import dev.daprcompute.api.BulkTopicEventResponse;
import dev.daprcompute.api.InvokeRequest;
import dev.daprcompute.api.InvokeResponse;
import dev.daprcompute.api.TopicEventRequest;
import dev.daprcompute.api.TopicEventResponse;
import dev.daprcompute.api.TopicSubscription;
import java.util.ArrayList;
import java.util.List;

/**
 * What a function author writes: one method per kind of call Dapr makes. Every method has a
 * default, so a function implements only what it serves.
 *
 * <p>An unimplemented method throws {@link UnsupportedOperationException}, which the router
 * answers with 404, as Dapr treats an app that does not serve a call (for a topic event that
 * means DROP). Any other exception is answered with 500, which Dapr retries.
 *
 * <p>Called from many threads at once: implementations must be thread-safe.
 */
public interface FunctionHandler {

  /** A service invocation. The reply's status, body, content type and headers go back to the caller. */
  default InvokeResponse onInvoke(InvokeRequest request) throws Exception {
    throw new UnsupportedOperationException("no method " + request.method());
  }

  /**
   * A PubSub event, posted to one of the routes of {@link #subscriptions()}. Answer SUCCESS,
   * RETRY or DROP.
   */
  default TopicEventResponse onTopicEvent(TopicEventRequest event) throws Exception {
    throw new UnsupportedOperationException("no topic handler for " + event.path());
  }

  /**
   * A batch of PubSub events. The default hands each entry to {@link #onTopicEvent}; an entry
   * whose handler throws is retried, the others keep their status.
   */
  default BulkTopicEventResponse onBulkTopicEvent(BulkTopicEventRequest batch) throws Exception {
    List<BulkTopicEventResponse.Entry> statuses = new ArrayList<>();
    for (BulkTopicEventEntry entry : batch.entries()) {
      TopicEventResponse outcome;
      try {
        outcome = onTopicEvent(batch.asTopicEvent(entry));
      } catch (UnsupportedOperationException e) {
        outcome = TopicEventResponse.drop();
      } catch (Exception e) {
        outcome = TopicEventResponse.retry();
      }
      statuses.add(new BulkTopicEventResponse.Entry(entry.entryId(), outcome.status()));
    }
    return BulkTopicEventResponse.of(statuses);
  }

  /** An input-binding event for one of {@link #inputBindings()}. */
  default BindingEventResponse onBindingEvent(BindingEventRequest event) throws Exception {
    throw new UnsupportedOperationException("no binding handler for " + event.name());
  }

  /** The subscriptions this function wants; read on every {@code GET /dapr/subscribe}. */
  default List<TopicSubscription> subscriptions() {
    return List.of();
  }

  /** The input bindings this function serves; reported in the info document. */
  default List<String> inputBindings() {
    return List.of();
  }
}
