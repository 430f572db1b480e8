package dev.daprcompute.cli;

import dev.daprcompute.api.resources.ComputeHandle;
import dev.daprcompute.protocol.BulkSubscribeConfig;
import dev.daprcompute.protocol.TopicRule;
import dev.daprcompute.protocol.TopicSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code subscriptions}: what daprd asks with {@code ListTopicSubscriptions} and {@code
 * ListInputBindings}.
 */
@Command(
    name = "subscriptions",
    mixinStandardHelpOptions = true,
    header = "Lists the function's topic subscriptions and input bindings.",
    description =
        "Lists the topics the configured component's function subscribes to, with their routes, and the"
            + " input bindings it serves.",
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {Failures.EXIT_OK, Failures.EXIT_FAILED, Failures.EXIT_USAGE})
final class SubscriptionsCommand extends BaseCommand {

  @Mixin ComponentOptions component = new ComponentOptions();

  @Mixin InitOptions init = new InitOptions();

  @Mixin TimeoutOptions calls = new TimeoutOptions();

  @Override
  int run(Console console) throws InterruptedException {
    List<TopicSubscription> topics;
    List<String> bindings;
    try (ComputeHandle handle = load(component, console, init)) {
      topics = Calls.await(handle.compute().listTopicSubscriptions(calls.callOptions()));
      bindings = Calls.await(handle.compute().listInputBindings(calls.callOptions()));
    }
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("topics", topics.stream().map(SubscriptionsCommand::json).toList());
      json.put("inputBindings", bindings);
      console.json(json);
      return Failures.OK;
    }
    console.println("Topics:");
    if (topics.isEmpty()) {
      console.println("  (none)");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (TopicSubscription s : topics) {
        rows.add(
            List.of(
                "  " + s.pubsubName(),
                s.topic(),
                routes(s),
                s.deadLetterTopic().isEmpty() ? "-" : s.deadLetterTopic(),
                s.bulk().map(SubscriptionsCommand::bulk).orElse("-")));
      }
      console.table(List.of("  PUBSUB", "TOPIC", "ROUTES", "DEAD LETTER", "BULK"), rows);
    }
    console.println("Input bindings:");
    console.println(bindings.isEmpty() ? "  (none)" : "  " + String.join(", ", bindings));
    return Failures.OK;
  }

  private static String routes(TopicSubscription s) {
    List<String> parts = new ArrayList<>();
    for (TopicRule rule : s.routes().rules()) {
      parts.add("if " + rule.match() + " -> " + rule.path());
    }
    if (!s.routes().defaultPath().isEmpty()) {
      parts.add(
          s.routes().rules().isEmpty()
              ? s.routes().defaultPath()
              : "else -> " + s.routes().defaultPath());
    }
    return parts.isEmpty() ? "-" : String.join("; ", parts);
  }

  private static String bulk(BulkSubscribeConfig bulk) {
    if (!bulk.enabled()) {
      return "off";
    }
    return "up to "
        + (bulk.maxMessagesCount() == 0 ? "100" : bulk.maxMessagesCount())
        + " events / "
        + (bulk.maxAwaitDurationMs() == 0 ? 1000 : bulk.maxAwaitDurationMs())
        + " ms";
  }

  private static Map<String, Object> json(TopicSubscription s) {
    Map<String, Object> json = Console.object();
    json.put("pubsubName", s.pubsubName());
    json.put("topic", s.topic());
    json.put("metadata", s.metadata());
    json.put(
        "rules",
        s.routes().rules().stream()
            .map(r -> Map.of("match", r.match(), "path", r.path()))
            .toList());
    json.put("defaultPath", s.routes().defaultPath());
    json.put("deadLetterTopic", s.deadLetterTopic());
    s.bulk()
        .ifPresent(
            b ->
                json.put(
                    "bulkSubscribe",
                    Map.of(
                        "enabled",
                        b.enabled(),
                        "maxMessagesCount",
                        b.maxMessagesCount(),
                        "maxAwaitDurationMs",
                        b.maxAwaitDurationMs())));
    return json;
  }
}
