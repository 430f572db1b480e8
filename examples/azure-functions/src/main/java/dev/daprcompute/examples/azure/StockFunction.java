package dev.daprcompute.examples.azure;

import dev.daprcompute.function.FunctionHandler;
import dev.daprcompute.function.NotServedException;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the example function does, as a function author writes it: {@code GET stock/{sku}} by
 * service invocation, PubSub events of topic {@code orders}, and events of input binding {@code
 * restock}. Stateless, so thread-safe.
 */
final class StockFunction implements FunctionHandler {
  private static final Logger log = LoggerFactory.getLogger(StockFunction.class);

  @Override
  public InvokeResponse onInvoke(InvokeRequest request) {
    if (request.verb() != HttpVerb.GET || !request.method().startsWith("stock/")) {
      throw new NotServedException(
          "only GET stock/{sku} is served, not " + request.verb() + " " + request.method());
    }
    String sku = request.method().substring("stock/".length()).replaceAll("[^A-Za-z0-9-]", "");
    // A real function would look the SKU up; the example answers a number derived from it.
    int available = Math.floorMod(sku.hashCode(), 100);
    return InvokeResponse.ok(
        Payload.ofUtf8("{\"sku\":\"" + sku + "\",\"available\":" + available + "}"),
        "application/json");
  }

  @Override
  public List<TopicSubscription> subscriptions() {
    return List.of(TopicSubscription.of("pubsub", "orders", "/orders"));
  }

  @Override
  public TopicEventResponse onTopicEvent(TopicEventRequest event) {
    log.info("order {} ({} bytes of {})", event.id(), event.data().size(), event.dataContentType());
    return TopicEventResponse.success();
  }

  @Override
  public List<String> inputBindings() {
    return List.of("restock");
  }

  @Override
  public BindingEventResponse onBindingEvent(BindingEventRequest event) {
    return BindingEventResponse.of(
        Payload.ofUtf8("restocked from " + event.data().size() + " bytes"));
  }
}
