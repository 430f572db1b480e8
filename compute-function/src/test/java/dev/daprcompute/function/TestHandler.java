package dev.daprcompute.function;

import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkSubscribeConfig;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicRoutes;
import dev.daprcompute.protocol.TopicRule;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A handler whose behaviour is chosen by its input, and which records what it received. */
final class TestHandler implements FunctionHandler {
  final BlockingQueue<TopicEventRequest> events = new LinkedBlockingQueue<>();
  final BlockingQueue<BindingEventRequest> bindingEvents = new LinkedBlockingQueue<>();

  @Override
  public InvokeResponse onInvoke(InvokeRequest request) throws Exception {
    String method = request.method();
    if (method.equals("echo")) {
      Map<String, Object> seen = new TreeMap<>();
      seen.put("method", request.method());
      seen.put("verb", request.verb().name());
      seen.put("query", request.queryString());
      seen.put("contentType", request.contentType());
      seen.put("metadata", request.metadata().asSingleValueMap());
      seen.put("body", request.data().toUtf8());
      return new InvokeResponse(
          200,
          Payload.wrap(Json.MAPPER.writeValueAsBytes(seen)),
          "application/json",
          Metadata.of("x-echo", "yes"));
    }
    if (method.startsWith("status/")) {
      int status = Integer.parseInt(method.substring("status/".length()));
      return new InvokeResponse(
          status,
          Payload.ofUtf8("status " + status),
          "text/plain",
          Metadata.of("x-function", "yes"));
    }
    if (method.startsWith("big/")) {
      return InvokeResponse.ok(
          Payload.wrap(new byte[Integer.parseInt(method.substring("big/".length()))]),
          "application/octet-stream");
    }
    return FunctionHandler.super.onInvoke(request); // not served: 404
  }

  @Override
  public TopicEventResponse onTopicEvent(TopicEventRequest event) throws Exception {
    events.add(event);
    String data = event.data().toUtf8();
    return switch (data) {
      case "404" -> throw new NotServedException("not handled");
      case "500" -> throw new IllegalStateException("boom");
      case "RETRY", "DROP", "SUCCESS" -> TopicEventResponse.of(TopicEventStatus.valueOf(data));
      default -> TopicEventResponse.success();
    };
  }

  @Override
  public BindingEventResponse onBindingEvent(BindingEventRequest event) throws Exception {
    bindingEvents.add(event);
    if (event.data().toUtf8().equals("fail")) {
      throw new IllegalStateException("binding failed");
    }
    boolean fanout = "true".equals(event.metadata().get("fanout"));
    return new BindingEventResponse(
        Payload.ofUtf8("handled:" + event.data().toUtf8()),
        fanout ? List.of("audit", "archive") : List.of(),
        fanout ? BindingEventConcurrency.PARALLEL : BindingEventConcurrency.SEQUENTIAL);
  }

  @Override
  public List<TopicSubscription> subscriptions() {
    return List.of(
        TopicSubscription.of("pubsub", "orders", "/orders"),
        new TopicSubscription(
            "pubsub",
            "payments",
            Map.of("rawPayload", "false"),
            new TopicRoutes(
                List.of(new TopicRule("event.type == \"refund\"", "/refunds")), "/payments"),
            "payments-dlq",
            null),
        new TopicSubscription(
            "pubsub",
            "bulk-orders",
            Map.of(),
            TopicRoutes.of("/bulk"),
            "",
            new BulkSubscribeConfig(true, 10, 100)));
  }

  @Override
  public List<String> inputBindings() {
    return List.of("orders-queue");
  }
}
