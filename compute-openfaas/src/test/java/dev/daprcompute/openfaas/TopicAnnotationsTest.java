package dev.daprcompute.openfaas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.protocol.TopicSubscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("subscriptions from the topic annotation (the connector-sdk convention)")
class TopicAnnotationsTest {

  @Test
  @DisplayName(
      "comma-separated, trimmed, empty entries and repeats ignored; no annotation, no topics")
  void topics() {
    assertThat(TopicAnnotations.topics(Map.of("topic", " orders, payments ,,orders,")))
        .containsExactly("orders", "payments");
    assertThat(TopicAnnotations.topics(Map.of("topic", "orders"))).containsExactly("orders");
    assertThat(TopicAnnotations.topics(Map.of("com.openfaas.scale.min", "1"))).isEmpty();
    assertThat(TopicAnnotations.topics(Map.of("topic", " , "))).isEmpty();
  }

  @Test
  @DisplayName(
      "each topic routed to /{topic} in the path normal form; a topic that cannot be a route is left out")
  void routes() {
    List<TopicSubscription> subscriptions =
        TopicAnnotations.subscriptions(
            "kafka",
            Map.of("topic", "orders,sensors/temp,my topic,../escape,a\\b"),
            "function 'f'");
    assertThat(subscriptions)
        .extracting(s -> s.pubsubName() + "/" + s.topic() + " -> " + s.routes().defaultPath())
        .containsExactly(
            "kafka/orders -> /orders",
            "kafka/sensors/temp -> /sensors/temp",
            "kafka/my topic -> /my%20topic");
    assertThat(subscriptions)
        .allSatisfy(
            s -> {
              assertThat(s.routes().rules()).isEmpty();
              assertThat(s.deadLetterTopic()).isEmpty();
              assertThat(s.bulk()).isEmpty();
            });
  }
}
