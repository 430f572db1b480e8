package dev.daprcompute.api.internal;

import dev.daprcompute.protocol.TopicRule;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.SafePaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component's subscriptions: the function's own, then those its platform adds ({@link
 * dev.daprcompute.api.spi.PlatformTransport#platformSubscriptions}). Stateless.
 */
final class Subscriptions {
  private static final Logger log = LoggerFactory.getLogger(FunctionCompute.class);

  private Subscriptions() {}

  /**
   * The function's own subscriptions, then each added one the function does not list itself (the
   * same PubSub component and topic): the function wins on a conflict.
   *
   * <p>A function built with a dapr-compute SDK treats a POST as a topic event only at a route its
   * own subscriptions name; anywhere else it is an invocation, which such a function answers 404 (a
   * DROP). Added subscriptions whose route the function's own do not name are kept (a function may
   * serve the protocol by other means) and logged as a warning.
   */
  static List<TopicSubscription> merge(
      List<TopicSubscription> own, List<TopicSubscription> added, String component) {
    if (added.isEmpty()) {
      return own;
    }
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
    for (TopicSubscription subscription : added) {
      if (!listed.add(key(subscription))) {
        continue;
      }
      merged.add(subscription);
      String route = subscription.routes().defaultPath();
      if (!routes.contains(normalized(route))) {
        log.warn(
            "component '{}': its platform subscribes the function to topic '{}' of '{}', routed to {}, a route the"
                + " function's own subscriptions do not name: a function built with a dapr-compute SDK answers a POST there"
                + " as an invocation (404 unless it serves that method), which drops the event. List a subscription with"
                + " route {} in the function, or stop the platform adding it (an OpenFaaS topic annotation, say)",
            component,
            subscription.topic(),
            subscription.pubsubName(),
            route,
            route);
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
    } catch (IllegalArgumentException e) {
      return path;
    }
  }
}
