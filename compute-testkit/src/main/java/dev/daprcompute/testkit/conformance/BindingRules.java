package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.testkit.ReceivedRequest;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Input binding events (protocol.md sections 1 and 4): the data and metadata the function receives
 * and its reply (data, output bindings, concurrency). Binding events a platform queues are the
 * optional {@link AsyncBindingRules}.
 */
public interface BindingRules extends ConformanceRules {
  /**
   * The event's data is posted to {@code /{binding}} with every metadata entry as a header. When it
   * fails: the body or the headers of the {@code FunctionRequest} were lost on the way.
   */
  @Test
  @DisplayName("onBindingEvent posts the data to /{binding} with every metadata entry as a header")
  default void required_bindingEventDeliversDataAndMetadata() {
    await(
        compute()
            .onBindingEvent(
                new BindingEventRequest(
                    "orders-queue",
                    Payload.ofUtf8("{\"id\":5}"),
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
    BindingEventResponse reply =
        await(
            compute()
                .onBindingEvent(
                    new BindingEventRequest(
                        "orders-queue",
                        Payload.ofUtf8("x"),
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
    Throwable e =
        failureOf(
            compute()
                .onBindingEvent(
                    new BindingEventRequest("orders-queue", Payload.ofUtf8("fail"), Map.of())));
    assertThat(e).isInstanceOf(FunctionRejectedException.class);
    assertThat(((FunctionRejectedException) e).status()).isEqualTo(500);
  }
}
