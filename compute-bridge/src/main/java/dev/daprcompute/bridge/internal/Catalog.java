package dev.daprcompute.bridge.internal;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.Compute;
import dev.daprcompute.protocol.TopicRule;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.SafePaths;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the function subscribes to and which input bindings it serves, as last fetched from the
 * Compute. The HTTP app channel routes by it (a {@code POST} to a subscription route is a topic
 * event, a {@code POST} to a binding's name is a binding event); every fetch made for daprd ({@code
 * GET /dapr/subscribe}, {@code ListTopicSubscriptions}, {@code ListInputBindings}) refreshes it.
 * Routes and binding names are compared in the normal form of a path (see {@link #normalForm}).
 *
 * <p>Thread-safe: each list is replaced as a whole.
 */
public final class Catalog {
  private final Compute compute;
  private volatile List<TopicSubscription> subscriptions = List.of();
  private volatile Map<String, TopicSubscription> routes = Map.of();
  private volatile Set<String> inputBindings = Set.of();

  public Catalog(Compute compute) {
    this.compute = Objects.requireNonNull(compute, "compute == null");
  }

  /**
   * Fetches the subscriptions from the Compute and remembers them when the fetch succeeds. The
   * future completes once they are remembered; cancelling it cancels the fetch.
   */
  public CompletableFuture<List<TopicSubscription>> refreshSubscriptions(CallOptions options) {
    return remembered(() -> compute.listTopicSubscriptions(options), this::setSubscriptions);
  }

  /**
   * Fetches the input bindings from the Compute and remembers them when the fetch succeeds. The
   * future completes once they are remembered; cancelling it cancels the fetch.
   */
  public CompletableFuture<List<String>> refreshInputBindings(CallOptions options) {
    return remembered(() -> compute.listInputBindings(options), this::setInputBindings);
  }

  // Completes after remember ran, so that a caller waiting for the fetch reads the new catalog
  // (and sees it fail if remember fails); dependent futures do not pass cancellation upstream by
  // themselves, hence the callback.
  private static <T> CompletableFuture<T> remembered(
      Supplier<CompletableFuture<T>> fetch, Consumer<T> remember) {
    CompletableFuture<T> fetched;
    try {
      fetched = fetch.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> remembered =
        fetched.thenApply(
            value -> {
              remember.accept(value);
              return value;
            });
    // The callback only cancels; its own stage mirrors remembered's outcome, which the caller has.
    CompletableFuture<?> unused =
        remembered.whenComplete(
            (value, failure) -> {
              if (remembered.isCancelled()) {
                fetched.cancel(true);
              }
            });
    return remembered;
  }

  /** Remembers {@code list} as the function's subscriptions. */
  public void setSubscriptions(List<TopicSubscription> list) {
    Map<String, TopicSubscription> byRoute = new LinkedHashMap<>();
    for (TopicSubscription subscription : list) {
      for (TopicRule rule : subscription.routes().rules()) {
        byRoute.putIfAbsent(routeKey(rule.path()), subscription);
      }
      if (!subscription.routes().defaultPath().isEmpty()) {
        byRoute.putIfAbsent(routeKey(subscription.routes().defaultPath()), subscription);
      }
    }
    subscriptions = List.copyOf(list);
    routes = Map.copyOf(byRoute);
  }

  /** Remembers {@code names} as the function's input bindings. */
  public void setInputBindings(List<String> names) {
    Set<String> keys = new LinkedHashSet<>();
    names.forEach(name -> keys.add(routeKey(name).substring(1)));
    inputBindings = Set.copyOf(keys);
  }

  /** The subscriptions last fetched. */
  public List<TopicSubscription> subscriptions() {
    return subscriptions;
  }

  /** The subscription that routes events to {@code path}, if any. */
  public Optional<TopicSubscription> subscriptionForRoute(String path) {
    // A path in its normal form (as the app channel passes it) is its own key.
    TopicSubscription exact = routes.get(path);
    return Optional.ofNullable(exact != null ? exact : routes.get(routeKey(path)));
  }

  /**
   * Whether the function serves the input binding {@code name} (compared in the normal form of a
   * path).
   */
  public boolean isInputBinding(String name) {
    return inputBindings.contains(name) || inputBindings.contains(routeKey(name).substring(1));
  }

  /**
   * Where events of {@code pubsubName}/{@code topic} go by default: for deliveries that name no
   * route (daprd always names one; older or other callers may not).
   */
  public String defaultRoute(String pubsubName, String topic) {
    for (TopicSubscription s : subscriptions) {
      if (s.pubsubName().equals(pubsubName)
          && s.topic().equals(topic)
          && !s.routes().defaultPath().isEmpty()) {
        return s.routes().defaultPath();
      }
    }
    return "/" + topic;
  }

  /**
   * The normal form of a path, as the component sends it and the function side compares it ({@link
   * SafePaths#normalize}: cleaned, with one spelling of its percent-encoding); empty when the path
   * can never be sent (an encoded {@code /}, a climb above the root, a control character).
   */
  public static Optional<String> normalForm(String path) {
    try {
      return Optional.of(SafePaths.normalize(path));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A route as compared: its normal form; a route that has none (and so can never be delivered)
   * only with a leading {@code /} and without a trailing one, so that it matches nothing else.
   */
  static String routeKey(String path) {
    Optional<String> normal = normalForm(path);
    if (normal.isPresent()) {
      return normal.get();
    }
    String key = path.startsWith("/") ? path : "/" + path;
    while (key.length() > 1 && key.endsWith("/")) {
      key = key.substring(0, key.length() - 1);
    }
    return key;
  }
}
