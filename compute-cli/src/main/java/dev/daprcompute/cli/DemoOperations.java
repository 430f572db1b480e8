package dev.daprcompute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.testkit.PlatformFake;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.ReferenceFunction;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the demo does with each component, and what it expects: the reference function's documented
 * behaviours (see {@link ReferenceFunction}) and the protocol's delivery rules.
 */
final class DemoOperations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ECHO_BODY = "{\"hello\":\"dapr\"}";

  private DemoOperations() {}

  /** What one operation found: a short result for the table and a detail for JSON and failures. */
  record Outcome(String result, String detail) {}

  /** One call against the component. */
  @FunctionalInterface
  interface Step {
    Outcome run(Compute compute) throws Exception;
  }

  /** An operation, what it should give, and how to run it. */
  record Operation(String name, String expected, Step step) {}

  /** Every operation, in order, against the function behind {@code fake}. */
  static List<Operation> all(PlatformFake fake, CallOptions options) {
    return List.of(
        new Operation("invoke echo", "200 echo", compute -> invokeEcho(compute, options)),
        new Operation(
            "invoke status/404", "404 from function", compute -> invokeNotFound(compute, options)),
        new Operation("topic SUCCESS", "SUCCESS", compute -> topic(compute, options, "SUCCESS")),
        new Operation("topic RETRY", "RETRY", compute -> topic(compute, options, "RETRY")),
        new Operation("topic DROP", "DROP", compute -> topic(compute, options, "DROP")),
        new Operation(
            "topic, platform 404",
            "RETRY by component",
            compute -> {
              fake.failNext(
                  1, PlatformFault.notFound()); // the platform, not the function: never a DROP
              return topic(compute, options, "SUCCESS");
            }),
        new Operation(
            "bulk topic (3 events)", "SUCCESS,RETRY,DROP", compute -> bulk(compute, options)),
        new Operation(
            "binding", "handled:hello to out1 PARALLEL", compute -> binding(compute, options)),
        new Operation(
            "binding, function error", "rejected 500", compute -> bindingError(compute, options)),
        new Operation(
            "subscriptions",
            "orders, payments, bulk-orders",
            compute -> subscriptions(compute, options)),
        new Operation(
            "input bindings",
            String.join(", ", ReferenceFunction.INPUT_BINDINGS),
            compute -> inputBindings(compute, options)));
  }

  private static Outcome invokeEcho(Compute compute, CallOptions options) throws Exception {
    InvokeRequest request =
        new InvokeRequest(
            "echo",
            Payload.ofUtf8(ECHO_BODY),
            "application/json",
            HttpVerb.POST,
            "demo=1",
            Metadata.of("x-demo", "yes"));
    InvokeResponse reply = Calls.await(compute.onInvoke(request, options));
    String body = reply.data().toUtf8();
    boolean echoed = false;
    try {
      JsonNode seen = JSON.readTree(body);
      echoed =
          "echo".equals(seen.path("method").asText())
              && ECHO_BODY.equals(seen.path("body").asText())
              && "demo=1".equals(seen.path("query").asText())
              && "POST".equals(seen.path("verb").asText())
              && "yes".equals(seen.path("metadata").path("x-demo").asText());
    } catch (IOException notJson) {
      // reported below
    }
    return new Outcome(
        reply.status() + (echoed ? " echo" : " without the echo"), "the function saw: " + body);
  }

  private static Outcome invokeNotFound(Compute compute, CallOptions options) throws Exception {
    InvokeResponse reply =
        Calls.await(compute.onInvoke(InvokeRequest.of("status/404", HttpVerb.GET), options));
    boolean fromFunction = reply.data().toUtf8().equals("status 404");
    return new Outcome(
        reply.status() + (fromFunction ? " from function" : " not from the function"),
        "body '"
            + Console.printable(reply.data())
            + "'; the function answered, so invoke passes its 404 on");
  }

  private static Outcome topic(Compute compute, CallOptions options, String data) throws Exception {
    TopicEventRequest event =
        TopicEventRequest.of(
                UUID.randomUUID().toString(),
                "pubsub",
                "orders",
                Payload.ofUtf8(data),
                "text/plain")
            .withPath("/orders");
    TopicEventResponse outcome = Calls.await(compute.onTopicEvent(event, options));
    return outcome.reason().isEmpty()
        ? new Outcome(outcome.status().name(), "the function answered " + outcome.status())
        : new Outcome(outcome.status().name() + " by component", outcome.reason());
  }

  private static Outcome bulk(Compute compute, CallOptions options) throws Exception {
    List<BulkTopicEventEntry> entries =
        List.of("SUCCESS", "RETRY", "DROP").stream()
            .map(
                data ->
                    new BulkTopicEventEntry(
                        data.toLowerCase(Locale.ROOT),
                        new BulkTopicEventEntry.CloudEvent(
                            UUID.randomUUID().toString(),
                            "dapr-compute-demo",
                            "com.dapr.event.sent",
                            "1.0",
                            "text/plain",
                            Payload.ofUtf8(data),
                            Map.of()),
                        "application/cloudevents+json",
                        Map.of()))
            .toList();
    BulkTopicEventRequest batch =
        new BulkTopicEventRequest(
            UUID.randomUUID().toString(),
            entries,
            Map.of(),
            "bulk-orders",
            "pubsub",
            BulkTopicEventRequest.BULK_TYPE,
            "/bulk");
    BulkTopicEventResponse outcome = Calls.await(compute.onBulkTopicEvent(batch, options));
    String statuses =
        entries.stream()
            .map(e -> outcome.statusOf(e.entryId()).map(Enum::name).orElse("missing"))
            .collect(Collectors.joining(","));
    return new Outcome(
        statuses, outcome.reason().isEmpty() ? "one status per event" : outcome.reason());
  }

  private static Outcome binding(Compute compute, CallOptions options) throws Exception {
    BindingEventRequest event =
        new BindingEventRequest(
            "orders-queue",
            Payload.ofUtf8("hello"),
            Map.of("to", "out1", "concurrency", "parallel"));
    BindingEventResponse reply = Calls.await(compute.onBindingEvent(event, options));
    return new Outcome(
        reply.data().toUtf8() + " to " + String.join(",", reply.to()) + " " + reply.concurrency(),
        "the function's reply names the output bindings and the concurrency");
  }

  private static Outcome bindingError(Compute compute, CallOptions options) throws Exception {
    try {
      BindingEventResponse reply =
          Calls.await(
              compute.onBindingEvent(
                  new BindingEventRequest("orders-queue", Payload.ofUtf8("fail"), Map.of()),
                  options));
      return new Outcome(
          "accepted", "the function answered '" + Console.printable(reply.data()) + "'");
    } catch (FunctionRejectedException e) {
      return new Outcome("rejected " + e.status(), e.getMessage());
    }
  }

  private static Outcome subscriptions(Compute compute, CallOptions options) throws Exception {
    List<TopicSubscription> topics = Calls.await(compute.listTopicSubscriptions(options));
    return new Outcome(
        topics.stream().map(TopicSubscription::topic).collect(Collectors.joining(", ")),
        topics.stream()
            .map(t -> t.pubsubName() + "/" + t.topic() + " -> " + t.routes().defaultPath())
            .collect(Collectors.joining("; ")));
  }

  private static Outcome inputBindings(Compute compute, CallOptions options) throws Exception {
    List<String> bindings = Calls.await(compute.listInputBindings(options));
    return new Outcome(String.join(", ", bindings), "from the function's info document");
  }
}
