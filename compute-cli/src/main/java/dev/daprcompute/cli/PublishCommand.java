package dev.daprcompute.cli;

import dev.daprcompute.api.resources.ComputeHandle;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code publish}: one PubSub event, as daprd delivers it with {@code OnTopicEvent}. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    header = "Delivers a PubSub event and prints SUCCESS, RETRY or DROP.",
    description = {
      "Delivers one PubSub event (a CloudEvent, as daprd builds it) to the configured component's"
          + " function and prints the outcome: SUCCESS, RETRY or DROP, with the reason when the component decided.",
      "Exits 0 when the function decided; 1 when the component decided RETRY because the function or the platform"
          + " failed."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {Failures.EXIT_OK, Failures.EXIT_FAILED, Failures.EXIT_USAGE})
final class PublishCommand extends BaseCommand {

  @Mixin ComponentOptions component = new ComponentOptions();

  @Mixin InitOptions init = new InitOptions();

  @Mixin TimeoutOptions calls = new TimeoutOptions();

  @Option(
      names = "--pubsub",
      required = true,
      paramLabel = "NAME",
      description = "the PubSub component's name")
  @Nullable String pubsub;

  @Option(
      names = {"-t", "--topic"},
      required = true,
      paramLabel = "TOPIC",
      description = "the topic")
  @Nullable String topic;

  @Option(
      names = "--data",
      paramLabel = "DATA|@FILE",
      description = "the event data: text, or @file for a file's bytes")
  @Nullable String data;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description =
          "the data's content type (default: application/json for JSON, text/plain for other text)")
  @Nullable String contentType;

  @Option(
      names = "--route",
      paramLabel = "/PATH",
      description =
          "the route the subscription matched, where the event is posted (default: /<topic>)")
  @Nullable String route;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "the CloudEvent id (default: a random UUID)")
  @Nullable String id;

  @Option(
      names = "--metadata",
      paramLabel = "NAME=VALUE",
      description = "delivery metadata; repeat for more")
  List<String> metadata = new ArrayList<>();

  @Override
  int run(Console console) throws InterruptedException {
    Payload body = Inputs.data(data);
    String theTopic = String.valueOf(topic);
    TopicEventRequest event =
        TopicEventRequest.of(
                id != null ? id : UUID.randomUUID().toString(),
                String.valueOf(pubsub),
                theTopic,
                body,
                Inputs.contentType(contentType, body))
            .withPath(route == null ? "/" + theTopic : route.startsWith("/") ? route : "/" + route)
            .withMetadata(Metadata.ofSingle(Inputs.pairs(metadata, "--metadata")));
    TopicEventResponse outcome;
    @Nullable String warning;
    try (ComputeHandle handle = load(component, console, init)) {
      warning = notSubscribed(console, handle, event.pubsubName(), theTopic);
      outcome = Calls.await(handle.compute().onTopicEvent(event, calls.callOptions()));
    }
    boolean componentDecided = !outcome.reason().isEmpty();
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("id", event.id());
      json.put("status", outcome.status().name());
      json.put("decidedBy", componentDecided ? "component" : "function");
      json.put("reason", outcome.reason());
      outcome.retryAfterDuration().ifPresent(wait -> json.put("retryAfterMs", wait.toMillis()));
      if (warning != null) {
        json.put("warning", warning);
      }
      console.json(json);
    } else {
      console.println(outcome.status().name());
      if (componentDecided) {
        console.println("reason: " + outcome.reason());
      }
      outcome
          .retryAfterDuration()
          .ifPresent(wait -> console.println("retry after: " + wait.toMillis() + " ms"));
    }
    return componentDecided ? Failures.FAILED : Failures.OK;
  }

  /**
   * daprd delivers only the topics the function subscribes to: an event for another topic shows
   * what the function does with it (often DROP), not what happens in production. Warns, naming the
   * subscriptions, and returns the warning; null when subscribed or when they cannot be listed.
   */
  private @Nullable String notSubscribed(
      Console console, ComputeHandle handle, String pubsubName, String topic)
      throws InterruptedException {
    List<TopicSubscription> subscriptions;
    try {
      subscriptions = Calls.await(handle.compute().listTopicSubscriptions(calls.callOptions()));
    } catch (RuntimeException e) {
      if (console.isVerbose()) {
        console.note(
            "dapr-compute publish: could not list the function's subscriptions: "
                + Failures.message(e));
      }
      return null;
    }
    boolean subscribed =
        subscriptions.stream()
            .anyMatch(s -> s.pubsubName().equals(pubsubName) && s.topic().equals(topic));
    if (subscribed) {
      return null;
    }
    String warning =
        "the function subscribes to no topic '"
            + topic
            + "' on pubsub '"
            + pubsubName
            + "', so daprd would not deliver this event to it; its subscriptions: "
            + (subscriptions.isEmpty()
                ? "none"
                : String.join(
                    ", ",
                    subscriptions.stream().map(s -> s.pubsubName() + "/" + s.topic()).toList()));
    console.note("dapr-compute publish: warning: " + warning);
    return warning;
  }
}
