package dev.daprcompute.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daprcompute.protocol.BulkSubscribeConfig;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicRoutes;
import dev.daprcompute.protocol.TopicRule;
import dev.daprcompute.protocol.TopicSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError("not valid JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
    }
  }

  static JsonNode json(String text) {
    return json(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static TopicEventRequest event(String contentType, Payload data, Map<String, Object> extensions) {
    return new TopicEventRequest(
        "ev-1",
        "checkout",
        "com.dapr.event.sent",
        "1.0",
        contentType,
        data,
        "orders",
        "pubsub",
        "/orders",
        extensions,
        Metadata.empty());
  }

  static TopicEventRequest roundTrip(TopicEventRequest event) {
    return WireFormat.readCloudEvent(
        WireFormat.writeCloudEvent(event), event.path(), event.metadata());
  }

  @Nested
  class CloudEvents {

    @Test
    void json_data_is_written_as_a_json_data_member_and_reads_back_unchanged() {
      TopicEventRequest event =
          event("application/json", Payload.ofUtf8("{\"orderId\":42,\"items\":[1,2]}"), Map.of());

      byte[] written = WireFormat.writeCloudEvent(event);

      JsonNode doc = json(written);
      assertThat(doc.get("data").isObject()).isTrue();
      assertThat(doc.get("data")).isEqualTo(json("{\"orderId\":42,\"items\":[1,2]}"));
      assertThat(doc.has("data_base64")).isFalse();
      assertThat(doc.get("specversion").asText()).isEqualTo("1.0");
      assertThat(doc.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(
              json(
                  WireFormat.readCloudEvent(written, "/orders", Metadata.empty())
                      .data()
                      .toByteArray()))
          .isEqualTo(json("{\"orderId\":42,\"items\":[1,2]}"));
      assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void text_data_is_written_as_a_data_string() {
      String text = "héllo, \"wörld\"\n\ttab \u0001 😀";
      TopicEventRequest event = event("text/plain; charset=utf-8", Payload.ofUtf8(text), Map.of());

      JsonNode doc = json(WireFormat.writeCloudEvent(event));

      assertThat(doc.get("data").isTextual()).isTrue();
      assertThat(doc.get("data").asText()).isEqualTo(text);
      assertThat(doc.has("data_base64")).isFalse();
      assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void binary_data_is_written_as_data_base64() {
      byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 'x'};
      TopicEventRequest event = event("application/octet-stream", Payload.of(bytes), Map.of());

      JsonNode doc = json(WireFormat.writeCloudEvent(event));

      assertThat(doc.has("data")).isFalse();
      assertThat(Base64.getDecoder().decode(doc.get("data_base64").asText())).isEqualTo(bytes);
      assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void
        data_declared_json_but_invalid_still_gives_a_valid_json_document_and_reads_back_unchanged() {
      TopicEventRequest event = event("application/json", Payload.ofUtf8("{not json"), Map.of());

      byte[] written = WireFormat.writeCloudEvent(event);

      JsonNode doc = json(written); // fails the test when the document is not JSON
      assertThat(doc.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void data_without_a_content_type_that_is_not_json_still_gives_a_valid_json_document() {
      // CloudEvents' JSON format reads data without datacontenttype as JSON.
      TopicEventRequest event = event("", Payload.ofUtf8("plain words"), Map.of());

      byte[] written = WireFormat.writeCloudEvent(event);

      json(written);
      assertThat(roundTrip(event).data()).isEqualTo(Payload.ofUtf8("plain words"));
    }

    @Test
    void data_ending_in_a_nul_byte_still_gives_a_valid_json_document() {
      // Found by WireFormatPropertiesTest: "6\0" passed for JSON (Jackson ends a number at a NUL)
      // and
      // was written raw, so the function could not read the event at all.
      for (String contentType : List.of("", "application/json")) {
        TopicEventRequest event = event(contentType, Payload.of(new byte[] {'6', 0}), Map.of());

        json(WireFormat.writeCloudEvent(event));
        assertThat(roundTrip(event).data()).isEqualTo(event.data());
      }
    }

    @Test
    void text_data_that_is_not_utf8_still_gives_a_valid_json_document() {
      byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
      TopicEventRequest event = event("text/plain", Payload.of(latin1), Map.of());

      byte[] written = WireFormat.writeCloudEvent(event);

      json(written);
      assertThat(roundTrip(event).data().toByteArray()).isEqualTo(latin1);
    }

    @Test
    void an_event_without_data_round_trips() {
      TopicEventRequest event = event("text/plain", Payload.empty(), Map.of());

      JsonNode doc = json(WireFormat.writeCloudEvent(event));

      assertThat(doc.has("data")).isFalse();
      assertThat(doc.has("data_base64")).isFalse();
      assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void dapr_extensions_are_written_and_topic_and_pubsubname_map_to_the_record_fields() {
      Map<String, Object> extensions =
          Map.of(
              "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
              "traceid", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
              "tracestate", "rojo=00f067aa0ba902b7");
      TopicEventRequest event = event("text/plain", Payload.ofUtf8("x"), extensions);

      JsonNode doc = json(WireFormat.writeCloudEvent(event));

      assertThat(doc.get("topic").asText()).isEqualTo("orders");
      assertThat(doc.get("pubsubname").asText()).isEqualTo("pubsub");
      assertThat(doc.get("traceparent").asText())
          .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      assertThat(doc.get("tracestate").asText()).isEqualTo("rojo=00f067aa0ba902b7");
      TopicEventRequest read = roundTrip(event);
      assertThat(read.topic()).isEqualTo("orders");
      assertThat(read.pubsubName()).isEqualTo("pubsub");
      assertThat(read.extensions()).isEqualTo(extensions).doesNotContainKeys("topic", "pubsubname");
    }

    @Test
    void the_record_topic_and_pubsub_name_win_over_extensions_named_like_them() {
      TopicEventRequest event =
          event("text/plain", Payload.ofUtf8("x"), Map.of("topic", "other", "pubsubname", "other"));

      JsonNode doc = json(WireFormat.writeCloudEvent(event));

      assertThat(doc.get("topic").asText()).isEqualTo("orders");
      assertThat(doc.get("pubsubname").asText()).isEqualTo("pubsub");
    }

    @Test
    void extensions_the_cloudevents_sdk_rejects_survive_a_round_trip() {
      Map<String, Object> extensions = new LinkedHashMap<>();
      extensions.put("my_ext", "underscore");
      extensions.put("traceId", "upper case");
      extensions.put("nested", Map.of("a", "b", "n", 1));
      extensions.put("list", List.of("x", "y"));
      extensions.put(
          "ratio", new java.math.BigDecimal("1.50")); // read as written: no double in between
      extensions.put("big", 12345678901L);
      extensions.put("count", 7);
      extensions.put("flag", true);
      TopicEventRequest event = event("text/plain", Payload.ofUtf8("x"), extensions);

      JsonNode doc = json(WireFormat.writeCloudEvent(event));
      TopicEventRequest read = roundTrip(event);

      assertThat(doc.get("my_ext").asText()).isEqualTo("underscore");
      assertThat(doc.get("nested")).isEqualTo(json("{\"a\":\"b\",\"n\":1}"));
      assertThat(doc.get("ratio").isNumber()).isTrue();
      assertThat(doc.get("count").isInt()).isTrue();
      assertThat(doc.get("flag").isBoolean()).isTrue();
      assertThat(read.extensions()).isEqualTo(extensions);
    }

    @Test
    void subject_time_and_dataschema_round_trip() {
      Map<String, Object> extensions =
          Map.of(
              "subject", "order-42",
              "time", "2024-05-01T10:15:30.5Z",
              "dataschema", "https://example.com/schemas/order.json");
      TopicEventRequest event = event("application/json", Payload.ofUtf8("{}"), extensions);

      JsonNode doc = json(WireFormat.writeCloudEvent(event));

      assertThat(doc.get("subject").asText()).isEqualTo("order-42");
      assertThat(doc.get("dataschema").asText())
          .isEqualTo("https://example.com/schemas/order.json");
      assertThat(java.time.OffsetDateTime.parse(doc.get("time").asText()))
          .isEqualTo(java.time.OffsetDateTime.parse("2024-05-01T10:15:30.5Z"));
      assertThat(roundTrip(event).extensions()).isEqualTo(extensions);
    }

    @Test
    void a_time_on_a_whole_minute_reads_back_as_an_rfc3339_timestamp() {
      TopicEventRequest event =
          event("text/plain", Payload.ofUtf8("x"), Map.of("time", "2024-05-01T10:15:00Z"));

      assertThat(roundTrip(event).extensions()).containsEntry("time", "2024-05-01T10:15:00Z");
    }

    @Test
    void numbers_in_data_and_extensions_reach_the_function_as_written() {
      // Found by WireFormatPropertiesTest: numbers went through a double, so an amount of
      // 12345678901234567.89 arrived as 1.2345678901234568E16 and 1e400 as the string "Infinity".
      String body =
          "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"checkout\",\"type\":\"t\","
              + "\"datacontenttype\":\"application/json\",\"data\":{\"amount\":12345678901234567.89,\"big\":1e400,"
              + "\"price\":1.50},\"partitionkey\":0.1000000000000000055511151231257827}";
      WireFormat.Delivery delivery =
          WireFormat.readDelivery(
              utf8(body), Protocol.CLOUDEVENTS_JSON, "/orders", Metadata.empty());
      TopicEventRequest event = ((WireFormat.Delivery.Single) delivery).event();

      assertThat(event.data().toUtf8())
          .isEqualTo("{\"amount\":12345678901234567.89,\"big\":1e400,\"price\":1.50}");
      assertThat(event.extensions().get("partitionkey"))
          .isEqualTo(new java.math.BigDecimal("0.1000000000000000055511151231257827"));
      assertThat(new String(WireFormat.writeCloudEvent(event), StandardCharsets.UTF_8))
          .contains("\"amount\":12345678901234567.89")
          .contains("0.1000000000000000055511151231257827");
    }

    @Test
    void a_time_or_dataschema_that_is_not_a_string_keeps_its_type() {
      // Found by WireFormatPropertiesTest: false and 7 came back as "false" and "7".
      Map<String, Object> extensions = Map.of("dataschema", false, "time", 7);

      assertThat(roundTrip(event("text/plain", Payload.ofUtf8("x"), extensions)).extensions())
          .isEqualTo(extensions);
    }

    @Test
    void a_body_that_is_not_json_is_described_by_where_it_fails_not_by_what_it_holds() {
      // Found by WireFormatPropertiesTest: Jackson's message quoted the unexpected token, a card
      // number here.
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  WireFormat.readCloudEvent(
                      utf8("{\"data\": 4111111111111111x}"), "/orders", Metadata.empty()))
          .withMessageContaining("not valid JSON (unexpected content at line 1, column")
          .withMessageNotContaining("4111111111111111")
          .withNoCause();
    }

    @Test
    void an_attribute_the_sdk_rejects_is_named_not_quoted() {
      // Found by WireFormatPropertiesTest: the SDK's "Invalid specversion: <value>" went into the
      // message.
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  WireFormat.readCloudEvent(
                      utf8(
                          "{\"specversion\":\"s3cret-4111\",\"id\":\"1\","
                              + "\"source\":\"s\",\"type\":\"t\"}"),
                      "/orders",
                      Metadata.empty()))
          .withMessage("the CloudEvent is not a valid CloudEvent: Invalid specversion")
          .withNoCause();
    }

    @Test
    void a_time_or_dataschema_the_sdk_cannot_parse_survives_a_round_trip() {
      Map<String, Object> extensions = Map.of("time", "yesterday", "dataschema", "not a uri");
      TopicEventRequest event = event("text/plain", Payload.ofUtf8("x"), extensions);

      assertThat(roundTrip(event).extensions()).isEqualTo(extensions);
    }

    @Test
    @DisplayName("reads a CloudEvent exactly as daprd posts it to a route")
    void reads_a_cloudevent_as_daprd_sends_it() {
      String body =
          """
          {"specversion":"1.0","id":"5929aaac-a5e2-4ca1-859c-edfe73f11565","source":"checkout",
           "type":"com.dapr.event.sent","datacontenttype":"application/json","data":{"orderId":42},
           "topic":"orders","pubsubname":"order-pubsub",
           "traceid":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           "traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           "tracestate":"","expiration":"2024-05-01T10:20:30Z","time":"2024-05-01T10:15:30Z"}
          """;
      Metadata headers =
          Metadata.of("pubsubName", "order-pubsub", "Content-Type", "application/cloudevents+json");

      TopicEventRequest read = WireFormat.readCloudEvent(utf8(body), "/orders", headers);

      assertThat(read.id()).isEqualTo("5929aaac-a5e2-4ca1-859c-edfe73f11565");
      assertThat(read.source()).isEqualTo("checkout");
      assertThat(read.type()).isEqualTo("com.dapr.event.sent");
      assertThat(read.specVersion()).isEqualTo("1.0");
      assertThat(read.dataContentType()).isEqualTo("application/json");
      assertThat(json(read.data().toByteArray())).isEqualTo(json("{\"orderId\":42}"));
      assertThat(read.topic()).isEqualTo("orders");
      assertThat(read.pubsubName()).isEqualTo("order-pubsub");
      assertThat(read.path()).isEqualTo("/orders");
      assertThat(read.metadata()).isEqualTo(headers);
      assertThat(read.extensions())
          .containsEntry("traceid", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
          .containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
          .containsEntry("tracestate", "")
          .containsEntry("expiration", "2024-05-01T10:20:30Z")
          .containsEntry("time", "2024-05-01T10:15:30Z")
          .doesNotContainKeys("topic", "pubsubname", "data", "id", "specversion");
    }

    @Test
    @DisplayName("reads daprd's rawPayload CloudEvent (data_base64, application/octet-stream)")
    void reads_a_raw_payload_cloudevent() {
      String body =
          """
          {"specversion":"1.0","id":"b7d3","source":"Dapr","type":"com.dapr.event.sent",
           "datacontenttype":"application/octet-stream","data_base64":"AAEC/w==",
           "topic":"orders","pubsubname":"pubsub"}
          """;

      TopicEventRequest read = WireFormat.readCloudEvent(utf8(body), "/orders", Metadata.empty());

      assertThat(read.data().toByteArray()).containsExactly(0, 1, 2, 0xff);
      assertThat(read.dataContentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void reads_text_data_as_its_utf8_bytes() {
      String body =
          """
          {"specversion":"1.0","id":"1","source":"Dapr","type":"com.dapr.event.sent",
           "datacontenttype":"text/plain","data":"hello","topic":"t","pubsubname":"p"}
          """;

      TopicEventRequest read = WireFormat.readCloudEvent(utf8(body), "/t", Metadata.empty());

      assertThat(read.data()).isEqualTo(Payload.ofUtf8("hello"));
    }

    @Test
    @DisplayName("null attributes are treated as unset (CloudEvents JSON format 2.2)")
    void null_attributes_are_treated_as_unset() {
      String body =
          """
          {"specversion":"1.0","id":"1","source":"Dapr","type":"com.dapr.event.sent","datacontenttype":"text/plain",
           "data":"x","subject":null,"time":null,"dataschema":null,"expiration":null,"my_ext":null,
           "topic":"t","pubsubname":"p"}
          """;

      TopicEventRequest read = WireFormat.readCloudEvent(utf8(body), "/t", Metadata.empty());

      assertThat(read.data()).isEqualTo(Payload.ofUtf8("x"));
      assertThat(read.extensions()).isEmpty();
    }

    @Test
    void a_body_that_is_not_json_is_an_error_saying_so() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readCloudEvent(utf8("{\"id\":"), "/t", Metadata.empty()))
          .withMessageContaining("CloudEvent")
          .withMessageContaining("not valid JSON");
    }

    @Test
    void an_empty_body_is_an_error_saying_so() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readCloudEvent(new byte[0], "/t", Metadata.empty()))
          .withMessageContaining("CloudEvent")
          .withMessageContaining("empty");
    }

    @Test
    void a_json_array_is_not_a_cloudevent() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readCloudEvent(utf8("[1,2]"), "/t", Metadata.empty()))
          .withMessageContaining("CloudEvent")
          .withMessageContaining("not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}",
          "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}",
          "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\"}",
          "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\"}",
          "{\"specversion\":\"9.9\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}"
        })
    void a_cloudevent_without_a_required_attribute_is_an_error(String body) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readCloudEvent(utf8(body), "/t", Metadata.empty()))
          .withMessageStartingWith("the CloudEvent is not a valid CloudEvent: ");
    }

    @Test
    void writing_an_unsupported_spec_version_is_an_error_naming_it() {
      TopicEventRequest event =
          new TopicEventRequest(
              "1",
              "s",
              "t",
              "2.0",
              "text/plain",
              Payload.empty(),
              "orders",
              "pubsub",
              "/orders",
              Map.of(),
              Metadata.empty());

      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.writeCloudEvent(event))
          .withMessageContaining("'2.0'");
    }

    @Test
    void writing_a_source_that_is_not_a_uri_reference_is_an_error_naming_it() {
      TopicEventRequest event =
          new TopicEventRequest(
              "1",
              "has spaces",
              "t",
              "1.0",
              "text/plain",
              Payload.empty(),
              "orders",
              "pubsub",
              "/orders",
              Map.of(),
              Metadata.empty());

      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.writeCloudEvent(event))
          .withMessageContaining("'has spaces'");
    }

    @Test
    void topic_status_bodies_are_dapr_json() {
      assertThat(json(WireFormat.writeTopicStatus(TopicEventStatus.DROP)))
          .isEqualTo(json("{\"status\":\"DROP\"}"));
    }
  }

  @Nested
  class Bulk {

    private BulkTopicEventRequest batch() {
      BulkTopicEventEntry ce =
          new BulkTopicEventEntry(
              "e1",
              new BulkTopicEventEntry.CloudEvent(
                  "ce-1",
                  "checkout",
                  "com.dapr.event.sent",
                  "1.0",
                  "application/json",
                  Payload.ofUtf8("{\"orderId\":1}"),
                  Map.of("traceparent", "00-abc-01", "my_ext", List.of(1, 2))),
              "application/cloudevents+json",
              Map.of("k", "v"));
      BulkTopicEventEntry rawJson =
          new BulkTopicEventEntry(
              "e2",
              new BulkTopicEventEntry.RawEvent(Payload.ofUtf8("{\"orderId\":2}")),
              "application/json",
              Map.of());
      BulkTopicEventEntry rawBinary =
          new BulkTopicEventEntry(
              "e3",
              new BulkTopicEventEntry.RawEvent(Payload.of(new byte[] {0, 1, (byte) 0xff})),
              "application/octet-stream",
              Map.of());
      return new BulkTopicEventRequest(
          "batch-1",
          List.of(ce, rawJson, rawBinary),
          Map.of("rawPayload", "false"),
          "orders",
          "pubsub",
          BulkTopicEventRequest.BULK_TYPE,
          "/orders");
    }

    @Test
    void a_batch_with_cloudevent_and_raw_entries_round_trips() {
      BulkTopicEventRequest batch = batch();

      BulkTopicEventRequest read = WireFormat.readBulk(WireFormat.writeBulk(batch), "/orders");

      assertThat(read).isEqualTo(batch);
    }

    @Test
    void the_bulk_body_has_daprs_shape() {
      JsonNode doc = json(WireFormat.writeBulk(batch()));

      assertThat(doc.get("id").asText()).isEqualTo("batch-1");
      assertThat(doc.get("type").asText()).isEqualTo("com.dapr.event.sent.bulk");
      assertThat(doc.get("topic").asText()).isEqualTo("orders");
      assertThat(doc.get("pubsubname").asText()).isEqualTo("pubsub");
      assertThat(doc.get("metadata")).isEqualTo(json("{\"rawPayload\":\"false\"}"));
      JsonNode entries = doc.get("entries");
      assertThat(entries).hasSize(3);
      assertThat(entries.get(0).get("entryId").asText()).isEqualTo("e1");
      assertThat(entries.get(0).get("contentType").asText())
          .isEqualTo("application/cloudevents+json");
      assertThat(entries.get(0).get("metadata")).isEqualTo(json("{\"k\":\"v\"}"));
      assertThat(entries.get(0).get("event").get("id").asText()).isEqualTo("ce-1");
      assertThat(entries.get(0).get("event").get("data")).isEqualTo(json("{\"orderId\":1}"));
      assertThat(entries.get(1).get("event")).isEqualTo(json("{\"orderId\":2}"));
      assertThat(Base64.getDecoder().decode(entries.get(2).get("event").asText()))
          .containsExactly(0, 1, 0xff);
    }

    @Test
    void reads_a_bulk_body_as_daprd_sends_it() {
      String body =
          """
          {"id":"8d2f","type":"com.dapr.event.sent.bulk","topic":"orders","pubsubname":"pubsub",
           "metadata":{"batchKey":"1"},
           "entries":[
             {"entryId":"a","event":{"specversion":"1.0","id":"x1","source":"checkout","type":"com.dapr.event.sent",
                "datacontenttype":"text/plain","data":"hi","topic":"orders","pubsubname":"pubsub","traceparent":"00-1-01"},
              "metadata":{},"contentType":"application/cloudevents+json"},
             {"entryId":"b","event":{"orderId":2},"metadata":{"m":"n"},"contentType":"application/json"}]}
          """;

      BulkTopicEventRequest read = WireFormat.readBulk(utf8(body), "/orders");

      assertThat(read.id()).isEqualTo("8d2f");
      assertThat(read.metadata()).containsEntry("batchKey", "1");
      assertThat(read.path()).isEqualTo("/orders");
      assertThat(read.entries()).hasSize(2);
      BulkTopicEventEntry.CloudEvent ce =
          (BulkTopicEventEntry.CloudEvent) read.entries().get(0).event();
      assertThat(ce.id()).isEqualTo("x1");
      assertThat(ce.data()).isEqualTo(Payload.ofUtf8("hi"));
      assertThat(ce.extensions()).containsEntry("traceparent", "00-1-01");
      BulkTopicEventEntry.RawEvent raw =
          (BulkTopicEventEntry.RawEvent) read.entries().get(1).event();
      assertThat(json(raw.data().toByteArray())).isEqualTo(json("{\"orderId\":2}"));
      assertThat(read.entries().get(1).metadata()).containsEntry("m", "n");
    }

    @Test
    void a_bulk_body_without_entries_is_an_error() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readBulk(utf8("{\"id\":\"1\"}"), "/t"))
          .withMessageContaining("'entries'");
    }

    @Test
    void an_entry_without_an_id_is_an_error_naming_its_index() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  WireFormat.readBulk(
                      utf8("{\"entries\":[{\"entryId\":\"a\",\"event\":{}},{\"event\":{}}]}"),
                      "/t"))
          .withMessageContaining("entry #1")
          .withMessageContaining("'entryId'");
    }

    @Test
    void an_entry_without_an_event_is_an_error_naming_its_index() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readBulk(utf8("{\"entries\":[{\"entryId\":\"a\"}]}"), "/t"))
          .withMessageContaining("entry #0")
          .withMessageContaining("'event'");
    }

    @Test
    @DisplayName(
        "a raw entry declared JSON but not JSON keeps its bytes, sent as base64 octet-stream")
    void a_raw_entry_declared_json_but_invalid_keeps_its_bytes() {
      byte[] notJson = utf8("{broken");
      BulkTopicEventRequest batch =
          new BulkTopicEventRequest(
              "b",
              List.of(
                  new BulkTopicEventEntry(
                      "1",
                      new BulkTopicEventEntry.RawEvent(Payload.of(notJson)),
                      "application/json",
                      Map.of())),
              Map.of(),
              "t",
              "p",
              BulkTopicEventRequest.BULK_TYPE,
              "/t");

      BulkTopicEventRequest read = WireFormat.readBulk(WireFormat.writeBulk(batch), "/t");

      BulkTopicEventEntry entry = read.entries().get(0);
      assertThat(((BulkTopicEventEntry.RawEvent) entry.event()).data().toByteArray())
          .isEqualTo(notJson);
      assertThat(entry.contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void a_raw_json_entry_whose_payload_is_null_reads_back() {
      // Found by WireFormatPropertiesTest: the JSON null payload read as "entry #0 has no 'event'",
      // failing the whole batch.
      BulkTopicEventRequest batch =
          new BulkTopicEventRequest(
              "b",
              List.of(
                  new BulkTopicEventEntry(
                      "1",
                      new BulkTopicEventEntry.RawEvent(Payload.ofUtf8("null")),
                      "application/json",
                      Map.of())),
              Map.of(),
              "t",
              "p",
              BulkTopicEventRequest.BULK_TYPE,
              "/t");

      BulkTopicEventRequest read = WireFormat.readBulk(WireFormat.writeBulk(batch), "/t");

      assertThat(((BulkTopicEventEntry.RawEvent) read.entries().get(0).event()).data())
          .isEqualTo(Payload.ofUtf8("null"));
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  WireFormat.readBulk(
                      utf8(
                          "{\"entries\":[{\"entryId\":\"1\",\"event\":null,\"contentType\":\"application/octet-stream\"}]}"),
                      "/t"))
          .withMessageContaining("entry #0 has no 'event'");
    }

    @Test
    void a_raw_binary_entry_that_is_not_base64_is_an_error() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  WireFormat.readBulk(
                      utf8(
                          "{\"entries\":[{\"entryId\":\"a\",\"event\":\"%%%\",\"contentType\":\"application/octet-stream\"}]}"),
                      "/t"))
          .withMessageContaining("entry #0")
          .withMessageContaining("base64");
    }

    @Test
    void duplicate_entry_ids_in_a_bulk_body_are_an_error() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  WireFormat.readBulk(
                      utf8(
                          "{\"entries\":[{\"entryId\":\"a\",\"event\":{}, \"contentType\":\"application/json\"},"
                              + "{\"entryId\":\"a\",\"event\":{}, \"contentType\":\"application/json\"}]}"),
                      "/t"))
          .withMessageContaining("unique");
    }

    @Test
    void statuses_round_trip() {
      BulkTopicEventResponse response =
          BulkTopicEventResponse.of(
              List.of(
                  new BulkTopicEventResponse.Entry("e1", TopicEventStatus.SUCCESS),
                  new BulkTopicEventResponse.Entry("e2", TopicEventStatus.RETRY),
                  new BulkTopicEventResponse.Entry("e3", TopicEventStatus.DROP)));

      byte[] written = WireFormat.writeBulkStatuses(response);

      assertThat(json(written))
          .isEqualTo(
              json(
                  "{\"statuses\":[{\"entryId\":\"e1\",\"status\":\"SUCCESS\"},{\"entryId\":\"e2\",\"status\":\"RETRY\"},"
                      + "{\"entryId\":\"e3\",\"status\":\"DROP\"}]}"));
      assertThat(WireFormat.readBulkStatuses(written))
          .containsExactly(
              Map.entry("e1", "SUCCESS"), Map.entry("e2", "RETRY"), Map.entry("e3", "DROP"));
    }

    @Test
    void
        an_entry_answered_without_a_status_maps_to_the_empty_string_and_one_without_an_id_is_ignored() {
      Map<String, String> statuses =
          WireFormat.readBulkStatuses(
              utf8(
                  "{\"statuses\":[{\"entryId\":\"a\"},{\"status\":\"DROP\"},{\"entryId\":\"b\",\"status\":\"odd\"}]}"));

      assertThat(statuses).containsExactly(Map.entry("a", ""), Map.entry("b", "odd"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"statuses\":{\"a\":\"SUCCESS\"}}", "[]"})
    void an_answer_without_a_statuses_array_is_an_error(String body) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readBulkStatuses(utf8(body)))
          .withMessageContaining("'statuses'");
    }

    @Test
    void an_answer_that_is_not_json_is_an_error() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readBulkStatuses(utf8("OK")))
          .withMessageContaining("bulk answer is not valid JSON");
    }
  }

  @Nested
  class Subscriptions {
    /** The example of research section 3.3. */
    private static final String DAPR_EXAMPLE =
        """
        [{"pubsubname":"pubsub","topic":"orders","route":"/orders",
          "routes":{"rules":[{"match":"event.type == \\"x\\"","path":"/x"}],"default":"/orders"},
          "metadata":{"rawPayload":"true"},"deadLetterTopic":"orders-dlq",
          "bulkSubscribe":{"enabled":true,"maxMessagesCount":100,"maxAwaitDurationMs":40}}]
        """;

    @Test
    void reads_daprs_subscribe_json() {
      List<TopicSubscription> read = WireFormat.readSubscriptions(utf8(DAPR_EXAMPLE));

      assertThat(read)
          .containsExactly(
              new TopicSubscription(
                  "pubsub",
                  "orders",
                  Map.of("rawPayload", "true"),
                  new TopicRoutes(List.of(new TopicRule("event.type == \"x\"", "/x")), "/orders"),
                  "orders-dlq",
                  new BulkSubscribeConfig(true, 100, 40)));
    }

    @Test
    void routes_default_wins_over_route() {
      List<TopicSubscription> read =
          WireFormat.readSubscriptions(
              utf8(
                  "[{\"pubsubname\":\"p\",\"topic\":\"t\",\"route\":\"/old\",\"routes\":{\"default\":\"/new\"}}]"));

      assertThat(read).singleElement().extracting(s -> s.routes().defaultPath()).isEqualTo("/new");
    }

    @Test
    void route_alone_is_the_default_route() {
      List<TopicSubscription> read =
          WireFormat.readSubscriptions(
              utf8("[{\"pubsubname\":\"p\",\"topic\":\"t\",\"route\":\"/orders\"}]"));

      assertThat(read).containsExactly(TopicSubscription.of("p", "t", "/orders"));
      assertThat(read.get(0).bulk()).isEmpty();
      assertThat(read.get(0).deadLetterTopic()).isEmpty();
    }

    @Test
    void rules_without_a_default_are_kept() {
      List<TopicSubscription> read =
          WireFormat.readSubscriptions(
              utf8(
                  "[{\"pubsubname\":\"p\",\"topic\":\"t\",\"routes\":{\"rules\":[{\"match\":\"a\",\"path\":\"/a\"}]}}]"));

      assertThat(read)
          .singleElement()
          .extracting(TopicSubscription::routes)
          .isEqualTo(new TopicRoutes(List.of(new TopicRule("a", "/a")), ""));
    }

    @Test
    void a_subscription_with_no_route_is_left_out() {
      List<TopicSubscription> read =
          WireFormat.readSubscriptions(
              utf8(
                  "[{\"pubsubname\":\"p\",\"topic\":\"none\"},{\"pubsubname\":\"p\",\"topic\":\"t\",\"route\":\"/t\"}]"));

      assertThat(read).extracting(TopicSubscription::topic).containsExactly("t");
    }

    @Test
    void a_missing_pubsubname_is_an_error_naming_the_index() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  WireFormat.readSubscriptions(
                      utf8(
                          "[{\"pubsubname\":\"p\",\"topic\":\"t\",\"route\":\"/t\"},{\"topic\":\"t\",\"route\":\"/t\"}]")))
          .withMessageContaining("subscription #1")
          .withMessageContaining("'pubsubname'");
    }

    @Test
    void a_missing_topic_is_an_error_naming_the_index() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () -> WireFormat.readSubscriptions(utf8("[{\"pubsubname\":\"p\",\"route\":\"/t\"}]")))
          .withMessageContaining("subscription #0")
          .withMessageContaining("'topic'");
    }

    @Test
    void a_list_that_is_not_an_array_is_an_error() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readSubscriptions(utf8("{\"pubsubname\":\"p\"}")))
          .withMessageContaining("JSON array");
    }

    @Test
    void an_empty_list_is_no_subscriptions() {
      assertThat(WireFormat.readSubscriptions(utf8("[]"))).isEmpty();
    }

    @Test
    void subscriptions_round_trip() {
      List<TopicSubscription> subscriptions =
          List.of(
              new TopicSubscription(
                  "pubsub",
                  "orders",
                  Map.of("rawPayload", "true"),
                  new TopicRoutes(
                      List.of(new TopicRule("event.type == \"x\"", "/x"), new TopicRule("", "/y")),
                      "/orders"),
                  "orders-dlq",
                  new BulkSubscribeConfig(true, 100, 40)),
              TopicSubscription.of("pubsub", "payments", "/payments"),
              new TopicSubscription(
                  "other",
                  "rules-only",
                  Map.of(),
                  new TopicRoutes(List.of(new TopicRule("event.data.x > 1", "/big")), ""),
                  "",
                  null));

      byte[] written = WireFormat.writeSubscriptions(subscriptions);

      assertThat(WireFormat.readSubscriptions(written)).isEqualTo(subscriptions);
      JsonNode first = json(written).get(0);
      assertThat(first.get("route").asText()).isEqualTo("/orders");
      assertThat(first.get("routes").get("default").asText()).isEqualTo("/orders");
      assertThat(first.get("bulkSubscribe").get("maxAwaitDurationMs").asInt()).isEqualTo(40);
    }
  }

  @Nested
  class Info {

    @Test
    void reads_the_info_document_of_the_design() {
      InfoDocument info =
          WireFormat.readInfo(
              utf8(
                  "{\"protocol\": 1, \"version\": \"1.0.0\", \"sdk\": \"dapr-compute-java\", \"features\": [], \"inputBindings\": [\"orders\"]}"));

      assertThat(info)
          .isEqualTo(
              new InfoDocument(1, "1.0.0", "dapr-compute-java", List.of(), List.of("orders")));
    }

    @Test
    void only_protocol_and_version_are_required_and_unknown_fields_are_ignored() {
      InfoDocument info =
          WireFormat.readInfo(
              utf8(
                  "{\"protocol\":2,\"version\":\"0.9.1\",\"future\":{\"x\":[1]},\"features\":[\"bulkTopicEvents\",\"unknownThing\"]}"));

      assertThat(info)
          .isEqualTo(
              new InfoDocument(
                  2, "0.9.1", "", List.of("bulkTopicEvents", "unknownThing"), List.of()));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"version\":\"1.0.0\"}", "{\"protocol\":\"1\",\"version\":\"1.0.0\"}",
          "{\"protocol\":1.5,\"version\":\"1.0.0\"}", "{\"protocol\":null,\"version\":\"1.0.0\"}",
          "{\"protocol\":99999999999,\"version\":\"1.0.0\"}"
        })
    void protocol_must_be_an_integer(String body) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readInfo(utf8(body)))
          .withMessageContaining("integer 'protocol'");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"protocol\":1}",
          "{\"protocol\":1,\"version\":1}",
          "{\"protocol\":1,\"version\":\" \"}"
        })
    void version_must_be_a_string(String body) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readInfo(utf8(body)))
          .withMessageContaining("'version'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"info\"", "<html>404</html>", ""})
    void a_body_that_is_not_a_json_object_is_an_error(String body) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> WireFormat.readInfo(utf8(body)))
          .withMessageContaining("info document");
    }

    @Test
    void the_info_document_round_trips() {
      InfoDocument info =
          new InfoDocument(
              1,
              "1.2.3-rc.1",
              "dapr-compute-java",
              List.of("bulkTopicEvents", "asyncBindingEvents"),
              List.of("orders", "cron"));

      byte[] written = WireFormat.writeInfo(info);

      assertThat(WireFormat.readInfo(written)).isEqualTo(info);
      assertThat(json(written).get("protocol").isInt()).isTrue();
    }

    @Test
    void an_info_document_without_features_still_writes_an_empty_list() {
      JsonNode doc =
          json(WireFormat.writeInfo(new InfoDocument(1, "1.0.0", "", List.of(), List.of())));

      assertThat(doc.get("features").isArray()).isTrue();
      assertThat(doc.get("features")).isEmpty();
      assertThat(doc.get("inputBindings")).isEmpty();
    }
  }

  @org.junit.jupiter.api.Nested
  @DisplayName("readDelivery")
  class Deliveries {
    @Test
    @DisplayName("tells a batch, a CloudEvent and an invocation apart with one parse")
    void tellsThemApart() {
      byte[] event =
          utf8(
              "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"Dapr\",\"type\":\"t\",\"data\":\"x\",\"topic\":\"o\",\"pubsubname\":\"p\"}");
      assertThat(
              WireFormat.readDelivery(
                  event, "application/cloudevents+json", "/o", Metadata.empty()))
          .isInstanceOfSatisfying(
              WireFormat.Delivery.Single.class, d -> assertThat(d.event().topic()).isEqualTo("o"));
      assertThat(WireFormat.readDelivery(event, "application/json", "/o", Metadata.empty()))
          .as("JSON with specversion is a CloudEvent too")
          .isInstanceOf(WireFormat.Delivery.Single.class);
      byte[] batch =
          utf8(
              "{\"id\":\"b\",\"entries\":[{\"entryId\":\"1\",\"event\":{\"a\":1},\"contentType\":\"application/json\"}]}");
      assertThat(WireFormat.readDelivery(batch, "application/json", "/o", Metadata.empty()))
          .isInstanceOfSatisfying(
              WireFormat.Delivery.Batch.class, d -> assertThat(d.batch().entries()).hasSize(1));
      assertThat(
              WireFormat.readDelivery(
                  utf8("{\"order\":1}"), "application/json", "/o", Metadata.empty()))
          .isInstanceOf(WireFormat.Delivery.NotAnEvent.class);
      assertThat(WireFormat.readDelivery(utf8("not json"), "text/plain", "/o", Metadata.empty()))
          .isInstanceOf(WireFormat.Delivery.NotAnEvent.class);
    }

    @Test
    @DisplayName(
        "an event's JSON data reaches the handler byte for byte as it was published: spacing, escapes, member order, repeated names")
    void jsonDataAsPublished() {
      String data = "{ \"b\" : [1, 2.50, 1e400],\n \"a\":\"caf\\u00e9 \\udaaa\", \"a\":null }";
      byte[] body =
          utf8(
              "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"Dapr\",\"type\":\"t\","
                  + "\"datacontenttype\":\"application/json\",\"data\": "
                  + data
                  + " ,\"topic\":\"o\",\"pubsubname\":\"p\"}");

      TopicEventRequest event = single(body, "application/cloudevents+json");

      assertThat(event.data().toUtf8()).isEqualTo(data);
      assertThat(event.topic()).isEqualTo("o");
      assertThat(
              WireFormat.readCloudEvent(WireFormat.writeCloudEvent(event), "/o", Metadata.empty())
                  .data())
          .as("and the function reads what the component wrote")
          .isEqualTo(event.data());
    }

    @Test
    @DisplayName("a repeated data member: the last one counts, whatever its kind")
    void repeatedDataMember() {
      String head = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"Dapr\",\"type\":\"t\",";
      assertThat(
              single(
                      utf8(
                          head
                              + "\"datacontenttype\":\"text/plain\",\"data\":{\"a\":1},\"data\":\"x\"}"),
                      "application/cloudevents+json")
                  .data()
                  .toUtf8())
          .isEqualTo("x");
      assertThat(
              single(utf8(head + "\"data\":\"x\",\"data\":[1, 2]}"), "application/cloudevents+json")
                  .data()
                  .toUtf8())
          .isEqualTo("[1, 2]");
      assertThatThrownBy(
              () ->
                  single(
                      utf8(head + "\"datacontenttype\":\"text/plain\",\"data\":\"x\",\"data\":{}}"),
                      "application/cloudevents+json"))
          .hasMessage(
              "the CloudEvent is not a valid CloudEvent: Wrong type OBJECT for attribute data,"
                  + " expecting STRING. Because content type is not a json, only a string is"
                  + " accepted as data");
    }

    @Test
    @DisplayName(
        "a body in UTF-16, or after a byte-order mark, reads as JSON does; its data as JSON text in UTF-8")
    void otherEncodings() {
      String event =
          "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"Dapr\",\"type\":\"t\",\"data\":{\"a\": \"\u00e9\"}}";
      assertThat(
              single(event.getBytes(StandardCharsets.UTF_16BE), "application/cloudevents+json")
                  .data()
                  .toUtf8())
          .isEqualTo("{\"a\":\"\u00e9\"}");
      byte[] utf8 = utf8(event);
      byte[] marked = new byte[utf8.length + 3];
      marked[0] = (byte) 0xEF;
      marked[1] = (byte) 0xBB;
      marked[2] = (byte) 0xBF;
      System.arraycopy(utf8, 0, marked, 3, utf8.length);
      assertThat(single(marked, "application/cloudevents+json").data().toUtf8())
          .isEqualTo("{\"a\": \"\u00e9\"}");
    }

    @Test
    @DisplayName("content after the event's object is an error that says where, as for any JSON")
    void trailingContent() {
      assertThatThrownBy(
              () ->
                  WireFormat.readDelivery(
                      utf8(
                          "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"Dapr\",\"type\":\"t\",\"data\":{}} {}"),
                      "application/cloudevents+json",
                      "/o",
                      Metadata.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the CloudEvent is not valid JSON (unexpected content at line 1, column 69)");
    }

    private TopicEventRequest single(byte[] body, String contentType) {
      WireFormat.Delivery delivery =
          WireFormat.readDelivery(body, contentType, "/o", Metadata.empty());
      assertThat(delivery).isInstanceOf(WireFormat.Delivery.Single.class);
      return ((WireFormat.Delivery.Single) delivery).event();
    }

    @Test
    @DisplayName(
        "a body that claims to be an event but is malformed is an error, not an invocation")
    void malformedEvents() {
      assertThatThrownBy(
              () ->
                  WireFormat.readDelivery(
                      utf8("[1]"), "application/cloudevents+json", "/o", Metadata.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a JSON object");
      assertThatThrownBy(
              () ->
                  WireFormat.readDelivery(
                      utf8("{\"entries\":[{\"event\":1}]}"),
                      "application/json",
                      "/o",
                      Metadata.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("entryId");
    }
  }
}
