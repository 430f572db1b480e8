package dev.daprcompute.examples.lambda;

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

/**
 * What the example function does, the way a function author writes it: service invocation of {@code
 * greet}, PubSub events of topic {@code orders}, and events of input binding {@code orders-queue}.
 * Stateless, so thread-safe.
 */
final class OrdersFunction implements FunctionHandler {
  // System.Logger needs no library: on Lambda, what java.util.logging writes to standard error
  // goes to CloudWatch Logs.
  private static final System.Logger log = System.getLogger(OrdersFunction.class.getName());

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
    log.log(
        System.Logger.Level.INFO,
        () ->
            "order event "
                + event.id()
                + " from "
                + event.source()
                + ": "
                + event.data().size()
                + " bytes");
    return TopicEventResponse.success();
  }

  @Override
  public List<String> inputBindings() {
    return List.of("orders-queue");
  }

  @Override
  public BindingEventResponse onBindingEvent(BindingEventRequest event) {
    return new BindingEventResponse(
        Payload.ofUtf8("received " + event.data().size() + " bytes"),
        List.of(),
        dev.daprcompute.protocol.BindingEventConcurrency.SEQUENTIAL);
  }
}
