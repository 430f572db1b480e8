package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.wire.WireFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "ReferenceFunction tells who listens when its topic handler runs, can record nothing, can refuse batches, can be strict about clocks, and can be waited on")
class ReferenceFunctionTest {

  private static FunctionHttpRequest event(ReferenceFunction function, String id, String data) {
    byte[] body =
        WireFormat.writeCloudEvent(
            TopicEventRequest.of(id, "pubsub", "orders", Payload.ofUtf8(data), "text/plain"));
    return request(function, "POST", "/orders", Protocol.CLOUDEVENTS_JSON, body);
  }

  private static FunctionHttpRequest request(
      ReferenceFunction function, String method, String path, String contentType, byte[] body) {
    String token =
        new TokenSigner(function.componentKey(), Clock.systemUTC(), Duration.ofMinutes(1))
            .token(function.audience(), null);
    Metadata.Builder headers =
        Metadata.builder().add("authorization", "Bearer " + token).add(Protocol.MARKER_HEADER, "1");
    if (!contentType.isEmpty()) {
      headers.add("content-type", contentType);
    }
    return new FunctionHttpRequest(method, path, "", headers.build(), Payload.wrap(body));
  }

  private static List<String> features(ReferenceFunction function) {
    return WireFormat.readInfo(
            function
                .handle(request(function, "GET", Protocol.INFO_PATH, "", new byte[0]))
                .body()
                .unsafeArray())
        .features();
  }

  @Test
  @DisplayName(
      "the listener hears each run of the handler with the event's id and the handler's answer, and nothing else")
  void listenerHearsHandlerRuns() {
    ReferenceFunction function = ReferenceFunction.create("orders-fn");
    List<String> heard = new CopyOnWriteArrayList<>();
    function.onTopicHandled((event, answer) -> heard.add(event.id() + "=" + answer));
    assertThat(function.handle(event(function, "a", "DROP")).status()).isEqualTo(200);
    assertThat(function.handle(event(function, "b", "SUCCESS")).status()).isEqualTo(200);
    assertThat(function.handle(event(function, "c", "raw:{\"status\":\"DROP\"}")).status())
        .isEqualTo(200);
    assertThat(function.handle(event(function, "d", "500")).status()).isEqualTo(500);
    assertThat(heard)
        .as("raw answers and handlers that throw are not heard")
        .containsExactly("a=DROP", "b=SUCCESS");
    assertThat(function.received()).hasSize(4);

    function.reset();
    function.handle(event(function, "e", "RETRY"));
    assertThat(heard).as("reset() removes the listener").hasSize(2);
  }

  @Test
  @DisplayName(
      "an unrecorded function keeps nothing of what it receives, and still answers and tells its listener")
  void unrecordedKeepsNothing() {
    ReferenceFunction function = ReferenceFunction.createUnrecorded("orders-fn");
    List<TopicEventStatus> heard = new CopyOnWriteArrayList<>();
    function.onTopicHandled((event, answer) -> heard.add(answer));
    assertThat(function.handle(event(function, "a", "RETRY")).body().toUtf8()).contains("RETRY");
    assertThat(function.recording()).isFalse();
    assertThat(function.received()).isEmpty();
    assertThat(heard).containsExactly(TopicEventStatus.RETRY);
  }

  @Test
  @DisplayName(
      "declareBulk(false) takes bulkTopicEvents out of the info document and refuses batches, until reset")
  void declareBulkFalse() {
    ReferenceFunction function = ReferenceFunction.create("orders-fn");
    BulkTopicEventRequest batch =
        new BulkTopicEventRequest(
            "b",
            List.of(
                new BulkTopicEventEntry(
                    "e0",
                    new BulkTopicEventEntry.RawEvent(Payload.ofUtf8("SUCCESS")),
                    "text/plain",
                    Map.of())),
            Map.of(),
            "bulk-orders",
            "pubsub",
            BulkTopicEventRequest.BULK_TYPE,
            "/bulk");
    FunctionHttpRequest post =
        request(function, "POST", "/bulk", "application/json", WireFormat.writeBulk(batch));
    assertThat(features(function)).contains(Feature.BULK_TOPIC_EVENTS.wireName());
    assertThat(function.handle(post).status()).isEqualTo(200);

    function.declareBulk(false);
    assertThat(features(function)).doesNotContain(Feature.BULK_TOPIC_EVENTS.wireName());
    assertThat(function.handle(post).status()).as("a batch is refused").isEqualTo(400);
    assertThat(function.handle(event(function, "a", "DROP")).body().toUtf8())
        .as("single events still answered")
        .contains("DROP");

    function.reset();
    assertThat(features(function)).contains(Feature.BULK_TOPIC_EVENTS.wireName());
    assertThat(function.handle(post).status()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "awaitReceived returns a request that arrives while it waits, and nothing when none arrives in time")
  void awaitReceived() throws Exception {
    ReferenceFunction function = ReferenceFunction.create("orders-fn");
    assertThat(function.awaitReceived("/orders", Duration.ofMillis(50))).isEmpty();
    CompletableFuture<Optional<ReceivedRequest>> waiting =
        CompletableFuture.supplyAsync(
            () -> function.awaitReceived("/orders", Duration.ofSeconds(20)));
    function.handle(event(function, "late", "SUCCESS"));
    assertThat(waiting.get(20, TimeUnit.SECONDS))
        .hasValueSatisfying(request -> assertThat(request.path()).isEqualTo("/orders"));
    assertThat(function.awaitReceived("/orders", Duration.ZERO)).as("already there").isPresent();
    assertThat(
            catchThrowable(
                () ->
                    ReferenceFunction.createUnrecorded("orders-fn")
                        .awaitReceived("/orders", Duration.ZERO)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("records nothing");
  }

  @Test
  @DisplayName(
      "allowClockSkew(1 s) rejects a token that expired 5 s ago, which the default 60 s accepts, until reset")
  void allowClockSkew() {
    ReferenceFunction function = ReferenceFunction.create("orders-fn");
    Clock tenSecondsAgo = Clock.fixed(Instant.now().minusSeconds(10), ZoneOffset.UTC);
    String expired =
        new TokenSigner(function.componentKey(), tenSecondsAgo, Duration.ofSeconds(5))
            .token(function.audience(), null);
    FunctionHttpRequest info =
        new FunctionHttpRequest(
            "GET",
            Protocol.INFO_PATH,
            "",
            Metadata.of("authorization", "Bearer " + expired),
            Payload.empty());
    assertThat(function.handle(info).status()).as("within the default clock skew").isEqualTo(200);

    function.allowClockSkew(Duration.ofSeconds(1));
    assertThat(function.handle(info).status()).as("expired").isEqualTo(401);
    assertThat(function.received())
        .last()
        .satisfies(
            request ->
                assertThat(request.rejection())
                    .contains("token expired")
                    .contains("allowed clock skew 1 s"));

    function.reset();
    assertThat(function.handle(info).status()).isEqualTo(200);
  }
}
