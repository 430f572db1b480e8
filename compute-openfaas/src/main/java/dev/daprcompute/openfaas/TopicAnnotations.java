package dev.daprcompute.openfaas;

import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.TopicRule;
import dev.daprcompute.api.TopicSubscription;
import dev.daprcompute.api.internal.SafePaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions from the {@code topic} annotation, the connector-sdk's convention (platforms.md D6):
 * {@code faas-cli deploy --annotation topic=orders,payments} subscribes the function to each
 * topic; entries are trimmed, empty ones ignored. Each topic becomes a subscription of the
 * component's {@code topicAnnotationPubsub} routed to {@code /{topic}}. Stateless.
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
    for (String entry : value.split(",")) {
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
  static List<TopicSubscription> subscriptions(String pubsub, Map<String, String> annotations, String function) {
    List<TopicSubscription> subscriptions = new ArrayList<>();
    for (String topic : topics(annotations)) {
      String route;
      try {
        route = SafePaths.normalize("/" + topic);
      } catch (ComputeRequestException e) {
        log.warn("the topic annotation of {} names topic '{}', which cannot be the route /{topic}: {}; it is not subscribed",
            function, SafePaths.printable(topic), e.getMessage());
        continue;
      }
      subscriptions.add(TopicSubscription.of(pubsub, topic, route));
    }
    return subscriptions;
  }

  /**
   * The function's own subscriptions, then each annotated one the function does not list itself
   * (the same PubSub component and topic): the function wins on a conflict.
   *
   * <p>A function built with a dapr-compute SDK treats a POST as a topic event only at a route its
   * own subscriptions name; anywhere else it is an invocation, which such a function answers 404
   * (a DROP). Annotated subscriptions whose route the function's own do not name are kept (a
   * function may serve the protocol by other means) and logged as a warning.
   */
  static List<TopicSubscription> merge(List<TopicSubscription> own, List<TopicSubscription> annotated, String function) {
    Set<String> listed = new HashSet<>();
    Set<String> routes = new HashSet<>();
    for (TopicSubscription subscription : own) {
      listed.add(key(subscription));
      if (!subscription.routes().defaultPath().isEmpty()) {
        routes.add(normalized(subscription.routes().defaultPath()));
      }
      for (TopicRule rule : subscription.routes().rules()) {
        routes.add(normalized(rule.path()));
      }
    }
    List<TopicSubscription> merged = new ArrayList<>(own);
    for (TopicSubscription subscription : annotated) {
      if (!listed.add(key(subscription))) {
        continue;
      }
      merged.add(subscription);
      String route = subscription.routes().defaultPath();
      if (!routes.contains(route)) {
        log.warn("{} is subscribed to topic '{}' of '{}' by its topic annotation, routed to {}, a route its own "
            + "subscriptions do not name: a function built with a dapr-compute SDK answers a POST there as an "
            + "invocation (404 unless it serves that method), which drops the event. List a subscription with route {} "
            + "in the function, or remove the topic from the annotation", function, subscription.topic(),
            subscription.pubsubName(), route, route);
      }
    }
    return List.copyOf(merged);
  }

  private static String key(TopicSubscription subscription) {
    return subscription.pubsubName() + "\u0000" + subscription.topic();
  }

  private static String normalized(String path) {
    try {
      return SafePaths.normalize(path);
    } catch (ComputeRequestException e) {
      return path;
    }
  }
}
