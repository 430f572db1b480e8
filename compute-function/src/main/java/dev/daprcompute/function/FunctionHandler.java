package dev.daprcompute.function;

import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import java.util.ArrayList;
import java.util.List;

/**
 * What a function author writes: one method per kind of call Dapr makes. Every method has a
 * default, so a function implements only what it serves.
 *
 * <p>An unimplemented method throws {@link NotServedException}, which the router answers with 404,
 * as Dapr treats an app that does not serve a call (for a topic event that means DROP). Any other
 * exception, whatever its type ({@link UnsupportedOperationException} and {@link
 * IllegalArgumentException} included), is a bug or a passing failure: the router answers it with
 * 500, which Dapr retries, naming the exception's class but never its message (which may hold data
 * or secrets; the router logs the exception in the function's own log).
 *
 * <p>Called from many threads at once: implementations must be thread-safe.
 */
public interface FunctionHandler {

  /**
   * A service invocation. The reply's status, body, content type and headers go back to the caller.
   * Default: not served (404).
   */
  default InvokeResponse onInvoke(InvokeRequest request) throws Exception {
    throw new NotServedException("no method " + request.method());
  }

  /**
   * A PubSub event, posted to one of the routes of {@link #subscriptions()}. Answer SUCCESS, RETRY
   * or DROP. Default: not served (404, which Dapr reads as DROP).
   */
  default TopicEventResponse onTopicEvent(TopicEventRequest event) throws Exception {
    throw new NotServedException("no topic handler for " + event.path());
  }

  /**
   * A batch of PubSub events. The default hands each entry to {@link #onTopicEvent}: an entry it
   * does not serve ({@link NotServedException}) is dropped, as a single event would be; an entry
   * whose handler throws anything else is retried; the others keep their status.
   */
  default BulkTopicEventResponse onBulkTopicEvent(BulkTopicEventRequest batch) throws Exception {
    List<BulkTopicEventResponse.Entry> statuses = new ArrayList<>();
    for (BulkTopicEventEntry entry : batch.entries()) {
      TopicEventResponse outcome;
      try {
        outcome = onTopicEvent(batch.asTopicEvent(entry));
      } catch (NotServedException e) {
        outcome = TopicEventResponse.drop();
      } catch (Exception e) {
        System.getLogger(FunctionHandler.class.getName())
            .log(
                System.Logger.Level.WARNING,
                () ->
                    "the handler failed on entry "
                        + entry.entryId()
                        + " of batch "
                        + batch.id()
                        + "; it is retried",
                e);
        outcome = TopicEventResponse.retry();
      }
      statuses.add(new BulkTopicEventResponse.Entry(entry.entryId(), outcome.status()));
    }
    return BulkTopicEventResponse.of(statuses);
  }

  /**
   * An input-binding event for one of {@link #inputBindings()}. Default: not served (404, an error
   * for Dapr).
   */
  default BindingEventResponse onBindingEvent(BindingEventRequest event) throws Exception {
    throw new NotServedException("no binding handler for " + event.name());
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
