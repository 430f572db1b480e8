package dev.daprcompute.bridge;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * A Compute that passes every call to a real one and records what the bridge asked for: the
 * requests, their {@link CallOptions}, and the futures it got back (to see cancellation).
 */
final class RecordingCompute implements Compute {
  /** One call the bridge made. */
  record Call(String operation, Object request, CallOptions options, CompletableFuture<?> future) {}

  private final Compute delegate;
  private final ConcurrentLinkedDeque<Call> calls = new ConcurrentLinkedDeque<>();

  RecordingCompute(Compute delegate) {
    this.delegate = delegate;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  Call last(String operation) {
    return calls.stream()
        .filter(c -> c.operation().equals(operation))
        .reduce((a, b) -> b)
        .orElseThrow(
            () -> new AssertionError("no " + operation + " call was made; calls: " + calls));
  }

  /** The first {@code operation} call, once the bridge has made it; fails after {@code timeout}. */
  synchronized Call awaitCall(String operation, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Call> call = calls.stream().filter(c -> c.operation().equals(operation)).findFirst();
      if (call.isPresent()) {
        return call.get();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no " + operation + " call within " + timeout + "; calls: " + calls);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  void clear() {
    calls.clear();
  }

  private synchronized <T> CompletableFuture<T> record(
      String operation, Object request, CallOptions options, CompletableFuture<T> f) {
    calls.add(new Call(operation, request, options, f));
    notifyAll();
    return f;
  }

  @Override
  public InitReport init(ComponentMetadata metadata) {
    return delegate.init(metadata);
  }

  @Override
  public Set<Feature> features() {
    return delegate.features();
  }

  @Override
  public CompletableFuture<InvokeResponse> onInvoke(InvokeRequest request, CallOptions options) {
    return record("invoke", request, options, delegate.onInvoke(request, options));
  }

  @Override
  public CompletableFuture<TopicEventResponse> onTopicEvent(
      TopicEventRequest event, CallOptions options) {
    return record("topic", event, options, delegate.onTopicEvent(event, options));
  }

  @Override
  public CompletableFuture<BulkTopicEventResponse> onBulkTopicEvent(
      BulkTopicEventRequest batch, CallOptions options) {
    return record("bulk", batch, options, delegate.onBulkTopicEvent(batch, options));
  }

  @Override
  public CompletableFuture<BindingEventResponse> onBindingEvent(
      BindingEventRequest event, CallOptions options) {
    return record("binding", event, options, delegate.onBindingEvent(event, options));
  }

  @Override
  public CompletableFuture<List<TopicSubscription>> listTopicSubscriptions(CallOptions options) {
    return record("subscriptions", "", options, delegate.listTopicSubscriptions(options));
  }

  @Override
  public CompletableFuture<List<String>> listInputBindings(CallOptions options) {
    return record("bindings", "", options, delegate.listInputBindings(options));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
