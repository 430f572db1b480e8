package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.event;
import static dev.daprcompute.testkit.conformance.Checks.failureOf;
import static dev.daprcompute.testkit.conformance.Checks.statusOf;
import static dev.daprcompute.testkit.conformance.Checks.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.ReceivedRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Input binding events (protocol.md sections 1 and 4): the data and metadata the function
 * receives, its reply (data, output bindings, concurrency), and, on a platform that can queue them
 * ({@code Feature.ASYNC_BINDING_EVENTS}), events reported as queued.
 */
public interface BindingRules extends ConformanceRules {
  /**
   * The event's data is posted to {@code /{binding}} with every metadata entry as a header. When it
   * fails: the body or the headers of the {@code FunctionRequest} were lost on the way.
   */
  @Test
  @DisplayName("onBindingEvent posts the data to /{binding} with every metadata entry as a header")
  default void required_bindingEventDeliversDataAndMetadata() {
    await(compute().onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("{\"id\":5}"),
        Map.of("x-message-id", "m-5", "x-queue", "orders"))));
    ReceivedRequest received = fake().function().received("/orders-queue").get(0);
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.body().toUtf8()).isEqualTo("{\"id\":5}");
    assertThat(received.headers().first("x-message-id")).contains("m-5");
    assertThat(received.headers().first("x-queue")).contains("orders");
  }

  /**
   * The function's reply comes back: its data, its {@code to} bindings and its concurrency. When it
   * fails: the reply's headers and body must come back through the platform and any envelope.
   */
  @Test
  @DisplayName("onBindingEvent returns the reply data, its 'to' bindings and concurrency")
  default void required_bindingEventReturnsTheReply() {
    BindingEventResponse reply = await(compute().onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("x"),
        Map.of("to", "audit,archive", "concurrency", "parallel"))));
    assertThat(reply.data().toUtf8()).isEqualTo("handled:x");
    assertThat(reply.to()).containsExactly("audit", "archive");
    assertThat(reply.concurrency()).isEqualTo(BindingEventConcurrency.PARALLEL);
  }

  /**
   * The function's error status is a {@code FunctionRejectedException} carrying it. When it fails:
   * the function's status must come back as it answered it, with its marker.
   */
  @Test
  @DisplayName("the function's error status is a FunctionRejectedException carrying it")
  default void required_bindingEventFunctionErrorIsAnError() {
    Throwable e = failureOf(compute().onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("fail"), Map.of())));
    assertThat(e).isInstanceOf(FunctionRejectedException.class);
    assertThat(((FunctionRejectedException) e).status()).isEqualTo(500);
  }

  /**
   * Runs for a component with asynchronous binding events (the provider's
   * {@code asyncBindingsComponent()}, or a component that declares them): a binding event the
   * platform accepted is reported queued ({@code BindingEventResponse.queued}), with no data and no
   * output bindings, and the function receives it, data, metadata and token, when the platform runs
   * it. When it fails: the transport must answer the platform's acceptance with
   * {@code PlatformResponse.queued(callId)}, and hand the platform the whole request.
   */
  @Test
  @DisplayName("with asynchronous binding events, a binding event the platform accepted is reported queued, and the function receives it, data and metadata")
  default void optional_asyncBindingEventIsQueued() {
    Compute async = asyncBindings();
    BindingEventResponse reply = await(async.onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("{\"id\":7}"),
        Map.of("x-message-id", "m-7"))));
    assertThat(reply.isQueued()).as("the reply is reported as queued (BindingEventResponse.queued), not as the function's")
        .isTrue();
    assertThat(reply.data().isEmpty()).as("a queued event has no reply data").isTrue();
    assertThat(reply.to()).as("a queued event sends nothing on to output bindings").isEmpty();
    ReceivedRequest received = fake().function().awaitReceived("/orders-queue", Checks.WAIT).orElseThrow(() ->
        new AssertionError("the platform queued the event, yet the function did not receive it within " + Checks.WAIT));
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.body().toUtf8()).isEqualTo("{\"id\":7}");
    assertThat(received.headers().first("x-message-id")).contains("m-7");
    assertThat(received.token()).as("token rejected: %s", received.rejection()).isNotNull();
  }

  /**
   * Runs for a component with asynchronous binding events: a platform failure (a 404, a 500) is
   * still a {@code ComputeUnavailableException}, never reported as queued. When it fails: the
   * transport answered {@code PlatformResponse.queued} without looking at the platform's status.
   */
  @Test
  @DisplayName("with asynchronous binding events, a platform failure is still an error, never 'queued'")
  default void optional_asyncBindingPlatformFailureIsAnError() {
    Compute async = asyncBindings();
    for (PlatformFault fault : List.of(PlatformFault.notFound(), PlatformFault.serverError())) {
      fake().reset();
      fake().failNext(1, fault);
      unavailable(async.onBindingEvent(new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of())));
      assertThat(fake().function().received("/orders-queue")).as("after %s the function got nothing", fault).isEmpty();
    }
  }

  /**
   * Runs for a component with asynchronous binding events: invocations, topic events and
   * subscriptions still wait for the function's answer. When it fails: the transport queued a request
   * that is not a binding event ({@code FunctionRequest.operation()}).
   */
  @Test
  @DisplayName("with asynchronous binding events, invocations, topic events and subscriptions still wait for the function's answer")
  default void optional_asyncBindingsLeaveOtherCallsSynchronous() {
    Compute async = asyncBindings();
    assertThat(await(async.onInvoke(InvokeRequest.of("status/201", HttpVerb.GET))).status()).isEqualTo(201);
    assertThat(statusOf(async.onTopicEvent(event("DROP")))).isEqualTo(TopicEventStatus.DROP);
    assertThat(await(async.listTopicSubscriptions())).isNotEmpty();
  }

  /**
   * A component with asynchronous binding events: one with the provider's
   * {@link Conformance#asyncBindingsComponent()} metadata, which must then declare
   * {@link Feature#ASYNC_BINDING_EVENTS}; else the shared component if it declares the feature;
   * else the rule is skipped.
   */
  private Compute asyncBindings() {
    Optional<Consumer<ComponentMetadata.Builder>> metadata = conformance().asyncBindingsComponent();
    if (metadata.isEmpty()) {
      assumeTrue(compute().features().contains(Feature.ASYNC_BINDING_EVENTS), "the provider declares no asynchronous "
          + "binding events, and its conformance test names no setting for them (asyncBindingsComponent())");
      return compute();
    }
    Compute async = conformance().open(metadata.get());
    assertThat(async.features()).as("asyncBindingsComponent() names the setting for asynchronous binding events, so the "
        + "component declares Feature.ASYNC_BINDING_EVENTS").contains(Feature.ASYNC_BINDING_EVENTS);
    return async;
  }
}
