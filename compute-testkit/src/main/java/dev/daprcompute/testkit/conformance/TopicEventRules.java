package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.TRACEPARENT;
import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.event;
import static dev.daprcompute.testkit.conformance.Checks.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.wire.WireFormat;
import dev.daprcompute.testkit.ReceivedRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Topic events (protocol.md sections 1 and 4): the CloudEvent the function receives, and the
 * function's answer read as daprd reads an app's. Nothing is lost: what is not the function's
 * SUCCESS or DROP is RETRY.
 */
public interface TopicEventRules extends ConformanceRules {
  /**
   * The event arrives as a structured CloudEvent ({@code application/cloudevents+json}) at its
   * route, with Dapr's attributes. When it fails: the body and its content type must reach the
   * function intact through the platform and any envelope.
   */
  @Test
  @DisplayName(
      "onTopicEvent posts a structured CloudEvent to the matched route with Dapr's attributes")
  default void required_topicEventDeliversTheCloudEvent() {
    TopicEventRequest event =
        new TopicEventRequest(
            "ev-77",
            "checkout",
            "order.created",
            "1.0",
            "application/json",
            Payload.ofUtf8("{\"order\":77}"),
            "payments",
            "pubsub",
            "/payments",
            Map.of("traceid", TRACEPARENT, "traceparent", TRACEPARENT),
            Metadata.empty());
    assertThat(statusOf(compute().onTopicEvent(event))).isEqualTo(TopicEventStatus.SUCCESS);
    ReceivedRequest received = fake().function().received("/payments").get(0);
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.headers().first("content-type").orElse(""))
        .startsWith(Protocol.CLOUDEVENTS_JSON);
    TopicEventRequest seen =
        WireFormat.readCloudEvent(received.body().unsafeArray(), "/payments", Metadata.empty());
    assertThat(seen.id()).isEqualTo("ev-77");
    assertThat(seen.source()).isEqualTo("checkout");
    assertThat(seen.type()).isEqualTo("order.created");
    assertThat(seen.specVersion()).isEqualTo("1.0");
    assertThat(seen.dataContentType()).isEqualTo("application/json");
    assertThat(seen.data().toUtf8()).isEqualTo("{\"order\":77}");
    assertThat(seen.topic()).isEqualTo("payments");
    assertThat(seen.pubsubName()).isEqualTo("pubsub");
    assertThat(seen.extensions()).containsEntry("traceid", TRACEPARENT);
  }

  /**
   * Delivery metadata, {@code pubsubname} and the event's trace context arrive as headers. When it
   * fails: the transport or its envelope dropped headers of the {@code FunctionRequest}.
   */
  @Test
  @DisplayName(
      "onTopicEvent sends delivery metadata, pubsubName and the event's trace context as headers")
  default void required_topicEventForwardsMetadataAndTraceContext() {
    TopicEventRequest event =
        event("SUCCESS")
            .withExtensions(Map.of("traceparent", TRACEPARENT))
            .withMetadata(Metadata.of("x-broker-offset", "42"));
    await(compute().onTopicEvent(event));
    Metadata headers = fake().function().received("/orders").get(0).headers();
    assertThat(headers.first("x-broker-offset")).contains("42");
    assertThat(headers.first("pubsubname")).contains("pubsub");
    assertThat(headers.first("traceparent")).contains(TRACEPARENT);
  }

  /**
   * SUCCESS, RETRY and DROP are what the function answered. When it fails: the function's answer
   * body must come back intact (an envelope decoded, nothing cut).
   */
  @Test
  @DisplayName("SUCCESS, RETRY and DROP are what the function answered")
  default void required_topicEventStatusesAreTheFunctions() {
    assertThat(statusOf(compute().onTopicEvent(event("SUCCESS"))))
        .isEqualTo(TopicEventStatus.SUCCESS);
    assertThat(statusOf(compute().onTopicEvent(event("RETRY")))).isEqualTo(TopicEventStatus.RETRY);
    assertThat(statusOf(compute().onTopicEvent(event("DROP")))).isEqualTo(TopicEventStatus.DROP);
  }

  /**
   * The function's own 404 is DROP, as daprd reads an app's. When it fails: only the marker tells
   * the function's 404 from the platform's; it must survive the platform and any envelope.
   */
  @Test
  @DisplayName("the function's own 404 is DROP, as daprd reads an app's 404")
  default void required_functions404IsDrop() {
    assertThat(statusOf(compute().onTopicEvent(event("404")))).isEqualTo(TopicEventStatus.DROP);
  }

  /**
   * The function's own 500 is RETRY. When it fails: the function's status must come back as it
   * answered it.
   */
  @Test
  @DisplayName("the function's own 500 is RETRY")
  default void required_functions500IsRetry() {
    assertThat(statusOf(compute().onTopicEvent(event("500")))).isEqualTo(TopicEventStatus.RETRY);
  }

  /**
   * The function's 2xx whose body is not JSON is SUCCESS, as daprd reads it. When it fails: the
   * transport must not judge the function's body.
   */
  @Test
  @DisplayName("the function's 2xx with a body that is not JSON is SUCCESS, as daprd reads it")
  default void required_functionsNonJsonSuccessIsSuccess() {
    assertThat(statusOf(compute().onTopicEvent(event("garbage"))))
        .isEqualTo(TopicEventStatus.SUCCESS);
  }

  /**
   * An event whose deadline passes (300 ms here, the function takes 3 s) is RETRY, never lost. When
   * it fails: the transport's HTTP client must keep no timeout of its own, and the call must end at
   * the deadline.
   */
  @Test
  @DisplayName("an event past its deadline is RETRY, never lost")
  default void required_deadlineIsRetry() {
    TopicEventResponse outcome =
        await(compute().onTopicEvent(event("slow"), CallOptions.timeout(Duration.ofMillis(300))));
    assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
  }
}
