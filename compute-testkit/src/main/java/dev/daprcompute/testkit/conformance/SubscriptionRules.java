package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.ReferenceFunction;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the function serves, read from it (protocol.md sections 1 and 3): its topic subscriptions,
 * from {@code /dapr/subscribe}, and its input bindings, from its info document.
 */
public interface SubscriptionRules extends ConformanceRules {
  /**
   * The function's subscriptions come back with their routes, rules, dead-letter topic and bulk
   * settings. When it fails: the subscription document must come back intact.
   */
  @Test
  @DisplayName(
      "listTopicSubscriptions returns the function's subscriptions with routes, rules, dead-letter topic and bulk settings")
  default void required_listsTheFunctionsSubscriptions() {
    List<TopicSubscription> subscriptions = await(compute().listTopicSubscriptions());
    assertThat(subscriptions)
        .extracting(TopicSubscription::topic)
        .containsExactly("orders", "payments", "bulk-orders");
    TopicSubscription payments = subscriptions.get(1);
    assertThat(payments.pubsubName()).isEqualTo("pubsub");
    assertThat(payments.routes().defaultPath()).isEqualTo("/payments");
    assertThat(payments.routes().rules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.match()).isEqualTo("event.type == \"refund\"");
              assertThat(rule.path()).isEqualTo("/refunds");
            });
    assertThat(payments.deadLetterTopic()).isEqualTo("payments-dlq");
    assertThat(subscriptions.get(2).bulk())
        .hasValueSatisfying(
            bulk -> {
              assertThat(bulk.enabled()).isTrue();
              assertThat(bulk.maxMessagesCount()).isEqualTo(10);
              assertThat(bulk.maxAwaitDurationMs()).isEqualTo(100);
            });
  }

  /**
   * Subscriptions are read with one {@code GET /dapr/subscribe}. When it fails: the path or verb
   * the transport sends.
   */
  @Test
  @DisplayName("subscriptions are read with GET /dapr/subscribe")
  default void required_subscriptionsComeFromDaprSubscribe() {
    await(compute().listTopicSubscriptions());
    assertThat(fake().function().received(Protocol.SUBSCRIBE_PATH))
        .singleElement()
        .satisfies(request -> assertThat(request.method()).isEqualTo("GET"));
  }

  /**
   * A platform failure while listing subscriptions is a retryable error, never an empty list (daprd
   * would unsubscribe). When it fails: the platform's 500 (no marker) was taken for the function's.
   */
  @Test
  @DisplayName(
      "a platform failure while listing subscriptions is a retryable error, not an empty list")
  default void required_subscriptionPlatformFailureIsAnError() {
    fake().failNext(1, PlatformFault.serverError());
    unavailable(compute().listTopicSubscriptions());
  }

  /**
   * {@code listInputBindings} returns the {@code inputBindings} of the function's info document.
   * When it fails: the info call must reach the function and come back intact.
   */
  @Test
  @DisplayName("listInputBindings returns the inputBindings of the function's info document")
  default void required_listsInputBindingsFromTheInfoDocument() {
    assertThat(await(compute().listInputBindings()))
        .containsExactlyElementsOf(ReferenceFunction.INPUT_BINDINGS);
    assertThat(fake().function().received(Protocol.INFO_PATH)).isNotEmpty();
  }
}
