package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.wire.WireFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceFunction tells who listens when its topic handler runs, and can record nothing")
class ReferenceFunctionTest {

  private static FunctionHttpRequest event(ReferenceFunction function, String id, String data) {
    String token = new TokenSigner(function.componentKey(), Clock.systemUTC(), Duration.ofMinutes(1))
        .token(function.audience(), null);
    byte[] body = WireFormat.writeCloudEvent(TopicEventRequest.of(id, "pubsub", "orders", Payload.ofUtf8(data), "text/plain"));
    Metadata headers = Metadata.builder().add("authorization", "Bearer " + token)
        .add("content-type", Protocol.CLOUDEVENTS_JSON).add(Protocol.MARKER_HEADER, "1").build();
    return new FunctionHttpRequest("POST", "/orders", "", headers, Payload.wrap(body));
  }

  @Test
  @DisplayName("the listener hears each run of the handler with the event's id and the handler's answer, and nothing else")
  void listenerHearsHandlerRuns() {
    ReferenceFunction function = ReferenceFunction.create("orders-fn");
    List<String> heard = new CopyOnWriteArrayList<>();
    function.onTopicHandled((event, answer) -> heard.add(event.id() + "=" + answer));
    assertThat(function.handle(event(function, "a", "DROP")).status()).isEqualTo(200);
    assertThat(function.handle(event(function, "b", "SUCCESS")).status()).isEqualTo(200);
    assertThat(function.handle(event(function, "c", "raw:{\"status\":\"DROP\"}")).status()).isEqualTo(200);
    assertThat(function.handle(event(function, "d", "500")).status()).isEqualTo(500);
    assertThat(heard).as("raw answers and handlers that throw are not heard").containsExactly("a=DROP", "b=SUCCESS");
    assertThat(function.received()).hasSize(4);

    function.reset();
    function.handle(event(function, "e", "RETRY"));
    assertThat(heard).as("reset() removes the listener").hasSize(2);
  }

  @Test
  @DisplayName("an unrecorded function keeps nothing of what it receives, and still answers and tells its listener")
  void unrecordedKeepsNothing() {
    ReferenceFunction function = ReferenceFunction.createUnrecorded("orders-fn");
    List<TopicEventStatus> heard = new CopyOnWriteArrayList<>();
    function.onTopicHandled((event, answer) -> heard.add(answer));
    assertThat(function.handle(event(function, "a", "RETRY")).body().toUtf8()).contains("RETRY");
    assertThat(function.recording()).isFalse();
    assertThat(function.received()).isEmpty();
    assertThat(heard).containsExactly(TopicEventStatus.RETRY);
  }
}
