package dev.daprcompute.api;

import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicSubscription;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A serverless function as the target of Dapr's app channel: the calls of Dapr's {@code
 * AppCallback} service, delivered to the function over its platform.
 *
 * <p><b>Life cycle.</b> A runtime creates a {@code Compute} with {@link ComputeProvider#create},
 * calls {@link #init} exactly once, then any other method from any thread, and finally {@link
 * #close}. Calls before a successful {@code init} fail with {@link IllegalStateException}.
 *
 * <p><b>Asynchrony.</b> Every call returns at once with a future. Cancelling the future cancels the
 * HTTP call. Each call finishes within its deadline ({@link CallOptions#timeout()}, else the
 * component's {@code timeout} metadata), failing with {@link ComputeUnavailableException} ({@link
 * ComputeUnavailableException.Reason#TIMEOUT}) when it does not.
 *
 * <p><b>Errors.</b> Futures fail with a {@link ComputeException} subclass (see there). PubSub
 * deliveries are the exception: {@link #onTopicEvent} and {@link #onBulkTopicEvent} never fail for
 * a platform or network problem; they complete with {@link TopicEventStatus#RETRY}, and with {@link
 * TopicEventStatus#DROP} only when the function itself said so. Nothing is lost.
 *
 * <p>Implementations are thread-safe.
 */
public interface Compute extends AutoCloseable {

  /**
   * Prepares the component and proves the function is ready: deployed, speaking a supported
   * protocol and version, and accepting our token. Platform and network failures are retried with
   * back-off until the component's {@code initTimeout}. Blocks; interruptible.
   *
   * @return what each check found
   * @throws ComputeConfigurationException when the metadata is wrong (all problems at once)
   * @throws ComputeInitException when a check failed, naming it and why
   * @throws IllegalStateException when called twice
   */
  InitReport init(ComponentMetadata metadata);

  /** The optional capabilities of this component and its function; known after {@link #init}. */
  Set<Feature> features();

  /** Delivers a service invocation: Dapr's {@code OnInvoke}. */
  default CompletableFuture<InvokeResponse> onInvoke(InvokeRequest request) {
    return onInvoke(request, CallOptions.defaults());
  }

  /**
   * Delivers a service invocation: Dapr's {@code OnInvoke}.
   *
   * @return the function's reply, whatever its status; fails with {@link
   *     ComputeUnavailableException} when the function did not answer
   */
  CompletableFuture<InvokeResponse> onInvoke(InvokeRequest request, CallOptions options);

  /** Delivers one PubSub event: Dapr's {@code OnTopicEvent}. */
  default CompletableFuture<TopicEventResponse> onTopicEvent(TopicEventRequest event) {
    return onTopicEvent(event, CallOptions.defaults());
  }

  /**
   * Delivers one PubSub event: Dapr's {@code OnTopicEvent}. Completes with RETRY on any failure
   * outside the function; never DROP unless the function said DROP (or answered 404 itself).
   */
  CompletableFuture<TopicEventResponse> onTopicEvent(TopicEventRequest event, CallOptions options);

  /** Delivers a batch of PubSub events: Dapr's {@code OnBulkTopicEventAlpha1}. */
  default CompletableFuture<BulkTopicEventResponse> onBulkTopicEvent(BulkTopicEventRequest batch) {
    return onBulkTopicEvent(batch, CallOptions.defaults());
  }

  /**
   * Delivers a batch of PubSub events: Dapr's {@code OnBulkTopicEventAlpha1}. One status per entry;
   * the same delivery rules as {@link #onTopicEvent}.
   */
  CompletableFuture<BulkTopicEventResponse> onBulkTopicEvent(
      BulkTopicEventRequest batch, CallOptions options);

  /** Delivers an input-binding event: Dapr's {@code OnBindingEvent}. */
  default CompletableFuture<BindingEventResponse> onBindingEvent(BindingEventRequest event) {
    return onBindingEvent(event, CallOptions.defaults());
  }

  /**
   * Delivers an input-binding event: Dapr's {@code OnBindingEvent}.
   *
   * @return the function's reply; fails with {@link FunctionRejectedException} when the function
   *     answered with an error status, {@link ComputeUnavailableException} when it did not answer
   */
  CompletableFuture<BindingEventResponse> onBindingEvent(
      BindingEventRequest event, CallOptions options);

  /** The function's subscriptions: Dapr's {@code ListTopicSubscriptions}. */
  default CompletableFuture<List<TopicSubscription>> listTopicSubscriptions() {
    return listTopicSubscriptions(CallOptions.defaults());
  }

  /**
   * The function's subscriptions: Dapr's {@code ListTopicSubscriptions}; empty when it has none.
   */
  CompletableFuture<List<TopicSubscription>> listTopicSubscriptions(CallOptions options);

  /** The input bindings the function serves: Dapr's {@code ListInputBindings}. */
  default CompletableFuture<List<String>> listInputBindings() {
    return listInputBindings(CallOptions.defaults());
  }

  /**
   * The input bindings the function serves: Dapr's {@code ListInputBindings}, from its info
   * document.
   */
  CompletableFuture<List<String>> listInputBindings(CallOptions options);

  /**
   * Releases what this component created (never the runtime's shared HTTP client). Calls in flight
   * are cancelled. Idempotent.
   */
  @Override
  void close();
}
