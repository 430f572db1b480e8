package dev.daprcompute.openfaas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.TopicRoutes;
import dev.daprcompute.api.TopicRule;
import dev.daprcompute.api.TopicSubscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("subscriptions from the topic annotation (the connector-sdk convention)")
class TopicAnnotationsTest {

  @Test
  @DisplayName("comma-separated, trimmed, empty entries and repeats ignored; no annotation, no topics")
  void topics() {
    assertThat(TopicAnnotations.topics(Map.of("topic", " orders, payments ,,orders,"))).containsExactly("orders", "payments");
    assertThat(TopicAnnotations.topics(Map.of("topic", "orders"))).containsExactly("orders");
    assertThat(TopicAnnotations.topics(Map.of("com.openfaas.scale.min", "1"))).isEmpty();
    assertThat(TopicAnnotations.topics(Map.of("topic", " , "))).isEmpty();
  }

  @Test
  @DisplayName("each topic routed to /{topic} in the path normal form; a topic that cannot be a route is left out")
  void routes() {
    List<TopicSubscription> subscriptions = TopicAnnotations.subscriptions("kafka",
        Map.of("topic", "orders,sensors/temp,my topic,../escape,a\\b"), "function 'f'");
    assertThat(subscriptions).extracting(s -> s.pubsubName() + "/" + s.topic() + " -> " + s.routes().defaultPath())
        .containsExactly("kafka/orders -> /orders", "kafka/sensors/temp -> /sensors/temp", "kafka/my topic -> /my%20topic");
    assertThat(subscriptions).allSatisfy(s -> {
      assertThat(s.routes().rules()).isEmpty();
      assertThat(s.deadLetterTopic()).isEmpty();
      assertThat(s.bulk()).isEmpty();
    });
  }

  @Test
  @DisplayName("merged after the function's own; the function's subscription of the same pubsub and topic wins")
  void merge() {
    TopicSubscription payments = new TopicSubscription("pubsub", "payments", Map.of("rawPayload", "true"),
        new TopicRoutes(List.of(new TopicRule("event.type == \"refund\"", "/refunds")), "/payments"), "dlq", null);
    List<TopicSubscription> own = List.of(TopicSubscription.of("pubsub", "orders", "/orders"), payments);
    List<TopicSubscription> annotated = List.of(TopicSubscription.of("pubsub", "payments", "/payments"),
        TopicSubscription.of("kafka", "orders", "/orders"), TopicSubscription.of("pubsub", "audit", "/audit"));
    List<TopicSubscription> merged = TopicAnnotations.merge(own, annotated, "function 'f'");
    assertThat(merged).extracting(s -> s.pubsubName() + "/" + s.topic())
        .containsExactly("pubsub/orders", "pubsub/payments", "kafka/orders", "pubsub/audit");
    assertThat(merged.get(1)).isSameAs(payments);
    assertThat(TopicAnnotations.merge(own, List.of(), "function 'f'")).isEqualTo(own);
  }
}
