package dev.daprcompute.protocol;

import java.util.Objects;

/**
 * A routing rule: Dapr's {@code TopicRule}.
 *
 * @param match a CEL expression over the event, such as {@code event.type == "order"}; empty
 *     matches everything
 * @param path the route for matching events
 */
public record TopicRule(String match, String path) {
  public TopicRule {
    Objects.requireNonNull(match, "match == null");
    Objects.requireNonNull(path, "path == null");
  }
}
