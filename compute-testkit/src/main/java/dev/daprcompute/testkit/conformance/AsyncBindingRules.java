package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.event;
import static dev.daprcompute.testkit.conformance.Checks.statusOf;
import static dev.daprcompute.testkit.conformance.Checks.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous binding events ({@code Feature.ASYNC_BINDING_EVENTS}, protocol.md section 4), an
 * optional topic: a platform that can queue a binding event and run the function later (Lambda's
 * {@code Event} invocations, OpenFaaS's {@code /async-function}) reports the event queued, never a
 * failure as queued, and queues nothing else.
 *
 * <p>A provider whose platform can do this opts in: its conformance test implements this interface
 * besides extending the suite, and says which setting turns it on ({@link
 * #asyncBindingsComponent()}). Every rule then runs, and must pass, against a component with that
 * setting; the fake must deliver what it queued to the function.
 */
public interface AsyncBindingRules extends ConformanceRules {
  /**
   * What turns on asynchronous binding events for a component of the suite's fake, applied to its
   * metadata: Lambda's {@code metadata -> metadata.put("invocationType", "Event")}. A component
   * with it must declare {@link Feature#ASYNC_BINDING_EVENTS}; for a platform that always queues
   * binding events, {@code metadata -> { }}.
   */
  Consumer<ComponentMetadata.Builder> asyncBindingsComponent();

  /**
   * A binding event the platform accepted is reported queued ({@code BindingEventResponse.queued}),
   * with no data and no output bindings, and the function receives it, data, metadata and token,
   * when the platform runs it. When it fails: the transport must answer the platform's acceptance
   * with {@code PlatformResponse.queued(callId)}, and hand the platform the whole request.
   */
  @Test
  @DisplayName(
      "with asynchronous binding events, a binding event the platform accepted is reported queued, and the function receives it, data and metadata")
  default void optional_asyncBindingEventIsQueued() {
    Compute async = asyncBindings();
    BindingEventResponse reply =
        await(
            async.onBindingEvent(
                new BindingEventRequest(
                    "orders-queue", Payload.ofUtf8("{\"id\":7}"), Map.of("x-message-id", "m-7"))));
    assertThat(reply.isQueued())
        .as("the reply is reported as queued (BindingEventResponse.queued), not as the function's")
        .isTrue();
    assertThat(reply.data().isEmpty()).as("a queued event has no reply data").isTrue();
    assertThat(reply.to()).as("a queued event sends nothing on to output bindings").isEmpty();
    ReceivedRequest received =
        fake()
            .function()
            .awaitReceived("/orders-queue", Checks.WAIT)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "the platform queued the event, yet the function did not receive it within "
                            + Checks.WAIT));
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.body().toUtf8()).isEqualTo("{\"id\":7}");
    assertThat(received.headers().first("x-message-id")).contains("m-7");
    assertThat(received.token()).as("token rejected: %s", received.rejection()).isNotNull();
  }

  /**
   * A platform failure (a 404, a 500) is still a {@code ComputeUnavailableException}, never
   * reported as queued. When it fails: the transport answered {@code PlatformResponse.queued}
   * without looking at the platform's status.
   */
  @Test
  @DisplayName(
      "with asynchronous binding events, a platform failure is still an error, never 'queued'")
  default void optional_asyncBindingPlatformFailureIsAnError() {
    Compute async = asyncBindings();
    for (PlatformFault fault : List.of(PlatformFault.notFound(), PlatformFault.serverError())) {
      fake().reset();
      fake().failNext(1, fault);
      unavailable(
          async.onBindingEvent(
              new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of())));
      assertThat(fake().function().received("/orders-queue"))
          .as("after %s the function got nothing", fault)
          .isEmpty();
    }
  }

  /**
   * Invocations, topic events and subscriptions still wait for the function's answer. When it
   * fails: the transport queued a request that is not a binding event ({@code
   * FunctionRequest.operation()}).
   */
  @Test
  @DisplayName(
      "with asynchronous binding events, invocations, topic events and subscriptions still wait for the function's answer")
  default void optional_asyncBindingsLeaveOtherCallsSynchronous() {
    Compute async = asyncBindings();
    assertThat(await(async.onInvoke(InvokeRequest.of("status/201", HttpVerb.GET))).status())
        .isEqualTo(201);
    assertThat(statusOf(async.onTopicEvent(event("DROP")))).isEqualTo(TopicEventStatus.DROP);
    assertThat(await(async.listTopicSubscriptions())).isNotEmpty();
  }

  /** A new component with {@link #asyncBindingsComponent()}, which must declare the feature. */
  private Compute asyncBindings() {
    Compute async = conformance().open(asyncBindingsComponent());
    assertThat(async.features())
        .as(
            "asyncBindingsComponent() names the setting for asynchronous binding events, so the "
                + "component declares Feature.ASYNC_BINDING_EVENTS")
        .contains(Feature.ASYNC_BINDING_EVENTS);
    return async;
  }
}
