package dev.daprcompute.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Where a subscription's events go: Dapr's {@code TopicRoutes}. Rules are tried in order; an event
 * that matches none goes to {@link #defaultPath()}.
 *
 * @param rules the routing rules
 * @param defaultPath the route for events no rule matched; empty for none
 */
public record TopicRoutes(List<TopicRule> rules, String defaultPath) {

  public TopicRoutes {
    rules = List.copyOf(rules);
    Objects.requireNonNull(defaultPath, "defaultPath == null");
  }

  /** A single default route. */
  public static TopicRoutes of(String defaultPath) {
    return new TopicRoutes(List.of(), defaultPath);
  }
}
