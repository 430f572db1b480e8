package dev.daprcompute.examples.openfaas;

import dev.daprcompute.function.FunctionHandler;
import dev.daprcompute.function.NotServedException;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
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
 * What the example function does, the way a function author writes it: service invocation of {@code
 * greet}, PubSub events at route {@code /orders}, and events of input binding {@code orders-queue}.
 * Stateless, so thread-safe.
 *
 * <p>The route {@code /orders} is a topic route because a subscription names it: the function's own
 * ({@code pubsub}/{@code orders}), and, on a cluster, the one the component adds from the
 * function's {@code topic: orders} annotation for its {@code topicAnnotationPubsub}. Both arrive
 * here; {@link TopicEventRequest#pubsubName()} tells them apart.
 */
final class OrdersFunction implements FunctionHandler {
  private static final Logger log = LoggerFactory.getLogger(OrdersFunction.class);

  @Override
  public InvokeResponse onInvoke(InvokeRequest request) {
    if (!request.method().equals("greet")) {
      throw new NotServedException("no method " + request.method()); // answered 404
    }
    String name = request.data().isEmpty() ? "world" : request.data().toUtf8().strip();
    return InvokeResponse.ok(
        Payload.ofUtf8("{\"greeting\":\"hello, " + name.replace("\"", "") + "\"}"),
        "application/json");
  }

  @Override
  public List<TopicSubscription> subscriptions() {
    return List.of(TopicSubscription.of("pubsub", "orders", "/orders"));
  }

  @Override
  public TopicEventResponse onTopicEvent(TopicEventRequest event) {
    log.info(
        "order event {} from {}/{}: {} bytes",
        event.id(),
        event.pubsubName(),
        event.topic(),
        event.data().size());
    return TopicEventResponse.success();
  }

  @Override
  public List<String> inputBindings() {
    return List.of("orders-queue");
  }

  @Override
  public BindingEventResponse onBindingEvent(BindingEventRequest event) {
    return BindingEventResponse.of(Payload.ofUtf8("received " + event.data().size() + " bytes"));
  }
}
