package dev.daprcompute.openfaas;

import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.Redaction;
import dev.daprcompute.protocol.TopicSubscription;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions from the {@code topic} annotation, the connector-sdk's convention (platforms.md
 * D6): {@code faas-cli deploy --annotation topic=orders,payments} subscribes the function to each
 * topic; entries are trimmed, empty ones ignored. Each topic becomes a subscription of the
 * component's {@code topicAnnotationPubsub} routed to {@code /{topic}}; the component merges them
 * with the function's own ({@code PlatformTransport#platformSubscriptions}). Stateless.
 */
final class TopicAnnotations {
  private static final Logger log = LoggerFactory.getLogger(TopicAnnotations.class);

  /** The annotation's key. */
  static final String KEY = "topic";

  private TopicAnnotations() {}

  /** The topics the annotation names, in its order, each once. */
  static List<String> topics(Map<String, String> annotations) {
    String value = annotations.get(KEY);
    if (value == null) {
      return List.of();
    }
    Set<String> topics = new LinkedHashSet<>();
    for (String entry : value.split(",", -1)) {
      String topic = entry.strip();
      if (!topic.isEmpty()) {
        topics.add(topic);
      }
    }
    return List.copyOf(topics);
  }

  /**
   * One subscription of {@code pubsub} per annotated topic, routed to {@code /{topic}}. A topic
   * that cannot be a route (one that climbs above the function with {@code ..}, or holds a
   * backslash or a control character) is left out with a warning naming it.
   *
   * @param function the function, for the warning
   */
  static List<TopicSubscription> subscriptions(
      String pubsub, Map<String, String> annotations, String function) {
    List<TopicSubscription> subscriptions = new ArrayList<>();
    for (String topic : topics(annotations)) {
      String route;
      try {
        route = HttpRequests.normalizedPath("/" + topic);
      } catch (IllegalArgumentException e) {
        log.warn(
            "the topic annotation of {} names topic '{}', which cannot be the route /{topic}: {}; it is not subscribed",
            function,
            Redaction.printable(topic),
            e.getMessage());
        continue;
      }
      subscriptions.add(TopicSubscription.of(pubsub, topic, route));
    }
    return subscriptions;
  }
}
