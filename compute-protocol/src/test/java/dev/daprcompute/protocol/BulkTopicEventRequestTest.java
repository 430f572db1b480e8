package dev.daprcompute.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkTopicEventRequestTest {

  private static final BulkTopicEventEntry CLOUD_EVENT =
      new BulkTopicEventEntry(
          "e1",
          new BulkTopicEventEntry.CloudEvent(
              "ce-1",
              "checkout",
              "order.created",
              "1.0",
              "application/json",
              Payload.ofUtf8("{\"id\":1}"),
              Map.of("traceparent", "00-abc-01")),
          "application/cloudevents+json",
          Map.of("entryKey", "entry", "shared", "from-entry"));

  private static final BulkTopicEventEntry RAW =
      new BulkTopicEventEntry(
          "e2", new BulkTopicEventEntry.RawEvent(Payload.of(new byte[] {1, 2})), "", Map.of());

  private static BulkTopicEventRequest batch(Map<String, String> metadata) {
    return new BulkTopicEventRequest(
        "batch",
        List.of(CLOUD_EVENT, RAW),
        metadata,
        "orders",
        "pubsub",
        BulkTopicEventRequest.BULK_TYPE,
        "/orders");
  }

  @Test
  void a_cloudevent_entry_keeps_its_attributes_and_takes_topic_pubsub_and_route_from_the_batch() {
    TopicEventRequest event = batch(Map.of()).asTopicEvent(CLOUD_EVENT);

    assertThat(event.id()).isEqualTo("ce-1");
    assertThat(event.source()).isEqualTo("checkout");
    assertThat(event.type()).isEqualTo("order.created");
    assertThat(event.specVersion()).isEqualTo("1.0");
    assertThat(event.dataContentType()).isEqualTo("application/json");
    assertThat(event.data()).isEqualTo(Payload.ofUtf8("{\"id\":1}"));
    assertThat(event.extensions()).isEqualTo(Map.of("traceparent", "00-abc-01"));
    assertThat(event.topic()).isEqualTo("orders");
    assertThat(event.pubsubName()).isEqualTo("pubsub");
    assertThat(event.path()).isEqualTo("/orders");
  }

  @Test
  void a_raw_entry_becomes_an_event_like_daprd_builds_for_raw_payload() {
    TopicEventRequest event = batch(Map.of()).asTopicEvent(RAW);

    assertThat(event.id()).isEqualTo("e2");
    assertThat(event.source()).isEqualTo("Dapr");
    assertThat(event.type()).isEqualTo("com.dapr.event.sent");
    assertThat(event.specVersion()).isEqualTo("1.0");
    assertThat(event.dataContentType()).isEqualTo("application/octet-stream");
    assertThat(event.data().toByteArray()).containsExactly(1, 2);
    assertThat(event.extensions()).isEmpty();
    assertThat(event.path()).isEqualTo("/orders");
  }

  @Test
  void a_raw_entry_keeps_its_content_type() {
    BulkTopicEventEntry json =
        new BulkTopicEventEntry(
            "e3",
            new BulkTopicEventEntry.RawEvent(Payload.ofUtf8("{}")),
            "application/json",
            Map.of());
    BulkTopicEventRequest batch =
        new BulkTopicEventRequest(
            "b", List.of(json), Map.of(), "t", "p", BulkTopicEventRequest.BULK_TYPE, "/t");

    assertThat(batch.asTopicEvent(json).dataContentType()).isEqualTo("application/json");
  }

  @Test
  void batch_and_entry_metadata_are_merged_and_the_entry_wins() {
    TopicEventRequest event =
        batch(Map.of("batchKey", "batch", "shared", "from-batch")).asTopicEvent(CLOUD_EVENT);

    assertThat(event.metadata().first("batchKey")).contains("batch");
    assertThat(event.metadata().first("entryKey")).contains("entry");
    assertThat(event.metadata().all("shared")).containsExactly("from-entry");
  }

  @Test
  void the_entry_wins_even_when_its_name_differs_in_case() {
    TopicEventRequest event = batch(Map.of("Shared", "from-batch")).asTopicEvent(CLOUD_EVENT);

    assertThat(event.metadata().all("shared")).containsExactly("from-entry");
  }
}
