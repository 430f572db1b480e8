package dev.daprcompute.protocol.wire;

import static dev.daprcompute.protocol.fuzz.ProtocolBodies.CONTENT_TYPES;
import static dev.daprcompute.protocol.fuzz.ProtocolBodies.DELIVERIES;
import static dev.daprcompute.protocol.fuzz.ProtocolBodies.JSON_WORDS;
import static dev.daprcompute.protocol.fuzz.ProtocolBodies.MARKER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.fuzz.Bytes;
import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.JsonText;
import dev.daprcompute.protocol.fuzz.Show;
import dev.daprcompute.protocol.fuzz.Strings;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the function side reads (CloudEvents, bulk batches) and what the component reads from a
 * function (the info document, the subscription list), from any body: each ends in a value or an
 * {@link IllegalArgumentException} (which the component turns into a ProtocolViolationException and
 * the function side into a 400) whose message shows nothing of the event's data; and what one side
 * writes, the other reads back unchanged.
 */
@DisplayName(
    "protocol bodies: any body ends in a value or a clear error, and what is written reads back unchanged")
class WireFormatPropertiesTest {
  /** Exact JSON: numbers as written, so that a changed digit is a difference. */
  private static final ObjectMapper EXACT =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  /** A body posted to a topic route, with its content type. */
  record Delivery(byte[] body, String contentType) {
    @Override
    public String toString() {
      return contentType + ": " + Show.value(body);
    }
  }

  @Test
  @DisplayName(
      "a topic delivery reads as a CloudEvent, a batch or no event, or fails without showing the event's data")
  void deliveries() {
    Fuzz.forAll(
        2_000,
        Gen.zip(DELIVERIES, Gen.elementOf(CONTENT_TYPES), Delivery::new),
        delivery ->
            Contract.resultOr(
                IllegalArgumentException.class,
                Set.of(MARKER),
                () ->
                    WireFormat.readDelivery(
                        delivery.body(), delivery.contentType(), "/orders", Metadata.empty())));
  }

  @Test
  @DisplayName(
      "the streaming delivery reader reads every body as the tree reader does: the same result, data equal as JSON, or the same error")
  void streamingReaderAgreesWithTheTree() {
    Fuzz.forAll(
        3_000,
        Gen.zip(DELIVERIES, Gen.elementOf(CONTENT_TYPES), Delivery::new),
        delivery -> {
          boolean cloudEvent =
              delivery
                  .contentType()
                  .toLowerCase(Locale.ROOT)
                  .startsWith("application/cloudevents+json");
          Contract.Ending<WireFormat.Delivery> tree =
              Contract.resultOr(
                  IllegalArgumentException.class,
                  Set.of(MARKER),
                  () ->
                      WireFormat.readDeliveryFromTree(
                          delivery.body(), cloudEvent, "/orders", Metadata.empty()));
          Contract.Ending<WireFormat.Delivery> streamed =
              Contract.resultOr(
                  IllegalArgumentException.class,
                  Set.of(MARKER),
                  () ->
                      WireFormat.readDelivery(
                          delivery.body(), delivery.contentType(), "/orders", Metadata.empty()));
          if (!tree.returned()) {
            assertThat(streamed.returned()).as("the streaming reader took it").isFalse();
            assertThat(streamed.error()).hasMessage(tree.error().getMessage());
            return;
          }
          WireFormat.Delivery expected = tree.get();
          WireFormat.Delivery actual = streamed.get();
          if (expected instanceof WireFormat.Delivery.Single single) {
            TopicEventRequest want = single.event();
            TopicEventRequest got = ((WireFormat.Delivery.Single) actual).event();
            assertThat(got).usingRecursiveComparison().ignoringFields("data").isEqualTo(want);
            assertSameData(want.dataContentType(), want.data(), got.data());
          } else {
            assertThat(actual).isEqualTo(expected);
          }
        });
  }

  @Test
  @DisplayName(
      "an info document reads as one with an integer protocol and a version, or fails saying what is missing")
  void info() {
    Gen<String> documents =
        Gen.oneOf(
            Strings.mutate(
                Gen.constant(
                    "{\"protocol\":1,\"version\":\"1.2.0\",\"sdk\":\"dapr-compute-java\","
                        + "\"features\":[\"bulk-topic-events\"],\"inputBindings\":[\"cron\"]}"),
                JSON_WORDS),
            JsonText.objectOf(
                List.of("protocol", "version", "sdk", "features", "inputBindings"), 2),
            JsonText.value(3, List.of("protocol", "version")));
    Fuzz.forAll(
        1_500,
        documents,
        text -> {
          Contract.Ending<InfoDocument> info =
              Contract.resultOr(
                  IllegalArgumentException.class,
                  Set.of(),
                  () -> WireFormat.readInfo(text.getBytes(StandardCharsets.UTF_8)));
          if (info.returned()) {
            JsonNode written = EXACT.readTree(text);
            assertThat(written.get("protocol").isIntegralNumber()).isTrue();
            assertThat(written.get("protocol").bigIntegerValue())
                .isEqualTo(java.math.BigInteger.valueOf(info.get().protocol()));
            assertThat(info.get().version()).isNotBlank();
            assertThat(WireFormat.readInfo(WireFormat.writeInfo(info.get()))).isEqualTo(info.get());
          }
        });
  }

  @Test
  @DisplayName(
      "a /dapr/subscribe answer reads as subscriptions that each have a route, or fails saying which one is wrong")
  void subscriptions() {
    String daprs =
        "[{\"pubsubname\":\"pubsub\",\"topic\":\"orders\",\"route\":\"/orders\",\"metadata\":{\"rawPayload\":"
            + "\"true\"},\"deadLetterTopic\":\"dead\",\"bulkSubscribe\":{\"enabled\":true,\"maxMessagesCount\":100,"
            + "\"maxAwaitDurationMs\":40}},{\"pubsubname\":\"pubsub\",\"topic\":\"t\",\"routes\":{\"rules\":[{\"match\":"
            + "\"event.type == 'a'\",\"path\":\"/a\"}],\"default\":\"/b\"}}]";
    Gen<String> lists =
        Gen.oneOf(
            Strings.mutate(Gen.constant(daprs), JSON_WORDS),
            JsonText.value(
                    4,
                    List.of(
                        "pubsubname",
                        "topic",
                        "route",
                        "routes",
                        "rules",
                        "match",
                        "path",
                        "default",
                        "metadata",
                        "deadLetterTopic",
                        "bulkSubscribe",
                        "enabled",
                        "maxMessagesCount",
                        "maxAwaitDurationMs"))
                .map(v -> "[" + v + "]"));
    Fuzz.forAll(
        1_500,
        lists,
        text -> {
          Contract.Ending<List<TopicSubscription>> read =
              Contract.resultOr(
                  IllegalArgumentException.class,
                  Set.of(),
                  () -> WireFormat.readSubscriptions(text.getBytes(StandardCharsets.UTF_8)));
          if (read.returned()) {
            for (TopicSubscription s : read.get()) {
              assertThat(s.routes().defaultPath().isEmpty() && s.routes().rules().isEmpty())
                  .isFalse();
              s.bulk().ifPresent(b -> assertThat(b.maxMessagesCount()).isNotNegative());
            }
            assertThat(WireFormat.readSubscriptions(WireFormat.writeSubscriptions(read.get())))
                .isEqualTo(read.get());
          }
        });
  }

  // ------------------------------------------------------------------ what one side writes, the
  // other reads

  private static final Gen<Object> EXTENSION_VALUES =
      Gen.oneOf(
          Strings.any(16).map(s -> (Object) s),
          Gen.bools().map(b -> (Object) b),
          Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE).map(i -> (Object) i),
          JsonText.value(2, List.of("a", "b"), Strings.unicode(12))
              .map(WireFormatPropertiesTest::javaValue));

  private static Object javaValue(String json) {
    try {
      Object value = Json.MAPPER.readValue(json, Object.class);
      return value == null ? "null" : value;
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final Gen<Map<String, Object>> EXTENSIONS =
      Gen.lists(
              Gen.zip(
                  Gen.elementOf(
                      List.of(
                          "traceparent",
                          "tracestate",
                          "traceid",
                          "partitionkey",
                          "x-custom",
                          "Upper",
                          "with_under",
                          "ab1",
                          "time",
                          "dataschema",
                          "subject",
                          "rawpayload")),
                  EXTENSION_VALUES,
                  Map::entry),
              0,
              5)
          .map(
              entries -> {
                Map<String, Object> map = new LinkedHashMap<>();
                entries.forEach(
                    e ->
                        map.put(
                            e.getKey(),
                            e.getKey().equals("subject")
                                ? String.valueOf(e.getValue())
                                : e.getValue()));
                return map;
              });

  // In a batch entry's CloudEvent, JSON data with a string holding an escaped unpaired surrogate
  // ("\udaaa") arrives with '?' in its place: the entry is read as a tree, and its data written out
  // as UTF-8. daprd's Go decoder would replace it too (with U+FFFD). Left out here, and named in
  // docs/reliability.md; a single event's data keeps it (SINGLE_DATA).
  private static final Gen<Payload> DATA =
      Gen.oneOf(
          Gen.constant(Payload.empty()),
          JsonText.value(3, List.of("amount", "card"), Strings.unicode(12)).map(Payload::ofUtf8),
          Strings.any(40).map(Payload::ofUtf8),
          Bytes.any(40).map(Payload::wrap));

  /** Data of a single event: JSON strings may hold anything, broken surrogates included. */
  private static final Gen<Payload> SINGLE_DATA =
      Gen.oneOf(
          DATA,
          JsonText.objectOf(
                  List.of("amount", "card"), 2, Strings.of(Strings.SURROGATES + "a\"", 1, 6))
              .map(Payload::ofUtf8));

  private static final Gen<TopicEventRequest> EVENTS = events(DATA);

  /** Events as daprd's pubsub hands them over, with data from {@code data}. */
  private static Gen<TopicEventRequest> events(Gen<Payload> data) {
    return Gen.zip(
        Gen.zip(
            Strings.of("abcdef0123456789-", 1, 12),
            Gen.elementOf(List.of("checkout", "https://x.example/y", "urn:a:b", "/rel")),
            Gen.elementOf(CONTENT_TYPES.subList(0, 7)),
            List::of),
        data,
        EXTENSIONS,
        (strings, payload, extensions) ->
            new TopicEventRequest(
                strings.get(0),
                strings.get(1),
                "com.dapr.event.sent",
                "1.0",
                strings.get(2),
                payload,
                "orders",
                "pubsub",
                "/orders",
                extensions,
                Metadata.empty()));
  }

  /** An event, shown with its data. */
  record Sent(TopicEventRequest event) {
    @Override
    public String toString() {
      return event + " with data " + Show.value(event.data().toByteArray());
    }
  }

  @Test
  @DisplayName(
      "a CloudEvent the component writes reads back on the function side with the same attributes, extensions and data")
  void cloudEventsRoundTrip() {
    Fuzz.forAll(
        1_500,
        events(SINGLE_DATA).map(Sent::new),
        sent -> {
          TopicEventRequest event = sent.event();
          TopicEventRequest read =
              WireFormat.readCloudEvent(
                  WireFormat.writeCloudEvent(event), "/orders", Metadata.empty());
          assertThat(read.withExtensions(Map.of()))
              .usingRecursiveComparison()
              .ignoringFields("data", "dataContentType")
              .isEqualTo(event.withExtensions(Map.of()));
          if (event.dataContentType().isEmpty() && !read.dataContentType().isEmpty()) {
            // CloudEvents' JSON format: data without datacontenttype is JSON, and the SDK says so.
            assertThat(read.dataContentType()).isEqualTo("application/json");
          } else {
            assertThat(read.dataContentType()).isEqualTo(event.dataContentType());
          }
          assertThat(read.extensions()).isEqualTo(event.extensions());
          assertSameData(event.dataContentType(), event.data(), read.data());
          byte[] data = event.data().toByteArray();
          if (Set.of("", "application/json").contains(event.dataContentType())
              && Json.isWellFormed(data)
              && (data[0] == '{' || data[0] == '[')) {
            assertThat(read.data().toByteArray())
                .as("an object or array of JSON data, byte for byte")
                .isEqualTo(data);
          }
        });
  }

  @Test
  @DisplayName(
      "a batch the component writes reads back on the function side with the same entries and data")
  void batchesRoundTrip() {
    Gen<BulkTopicEventEntry> entries =
        Gen.zip(
            Gen.oneOf(
                EVENTS.map(
                    e ->
                        (BulkTopicEventEntry.Event)
                            new BulkTopicEventEntry.CloudEvent(
                                e.id(),
                                e.source(),
                                e.type(),
                                e.specVersion(),
                                e.dataContentType(),
                                e.data(),
                                e.extensions())),
                DATA.map(d -> (BulkTopicEventEntry.Event) new BulkTopicEventEntry.RawEvent(d))),
            // A raw entry is never declared a CloudEvent: readBulk reads a JSON object so declared
            // as one.
            Gen.elementOf(
                CONTENT_TYPES.stream()
                    .filter(t -> !t.startsWith("application/cloudevents"))
                    .toList()),
            Strings.any(8),
            (event, contentType, value) ->
                new BulkTopicEventEntry(
                    "e" + Math.abs(value.hashCode()),
                    event,
                    event instanceof BulkTopicEventEntry.CloudEvent
                        ? "application/cloudevents+json"
                        : contentType,
                    Map.of("k", value)));
    Gen<BulkTopicEventRequest> batches =
        Gen.lists(entries, 1, 4)
            .map(
                list ->
                    new BulkTopicEventRequest(
                        "b1",
                        dedupe(list),
                        Map.of("m", "v"),
                        "orders",
                        "pubsub",
                        BulkTopicEventRequest.BULK_TYPE,
                        "/orders"));
    Fuzz.forAll(
        700,
        batches,
        batch -> {
          BulkTopicEventRequest read = WireFormat.readBulk(WireFormat.writeBulk(batch), "/orders");
          assertThat(read.entries()).hasSameSizeAs(batch.entries());
          for (int i = 0; i < batch.entries().size(); i++) {
            BulkTopicEventEntry sent = batch.entries().get(i);
            BulkTopicEventEntry got = read.entries().get(i);
            assertThat(got.entryId()).isEqualTo(sent.entryId());
            assertThat(got.metadata()).isEqualTo(sent.metadata());
            if (sent.event() instanceof BulkTopicEventEntry.CloudEvent ce) {
              BulkTopicEventEntry.CloudEvent back = (BulkTopicEventEntry.CloudEvent) got.event();
              assertThat(back.extensions()).isEqualTo(ce.extensions());
              assertSameData(ce.dataContentType(), ce.data(), back.data());
            } else {
              assertSameData(
                  sent.contentType(),
                  ((BulkTopicEventEntry.RawEvent) sent.event()).data(),
                  ((BulkTopicEventEntry.RawEvent) got.event()).data());
            }
          }
        });
  }

  private static List<BulkTopicEventEntry> dedupe(List<BulkTopicEventEntry> entries) {
    Map<String, BulkTopicEventEntry> byId = new LinkedHashMap<>();
    entries.forEach(e -> byId.putIfAbsent(e.entryId(), e));
    return List.copyOf(byId.values());
  }

  /**
   * JSON data may come back re-spaced, but never with another value; any other data comes back byte
   * for byte.
   */
  private static void assertSameData(String contentType, Payload sent, Payload got)
      throws IOException {
    boolean json =
        (contentType.isEmpty() || Json.isJsonContentType(contentType))
            && Json.isWellFormed(sent.unsafeArray());
    if (json) {
      JsonNode expected = EXACT.readTree(sent.unsafeArray());
      JsonNode actual = EXACT.readTree(got.unsafeArray());
      // Numbers by value (1E0 may come back as 1), everything else exactly.
      assertThat(
              expected.equals(
                  (a, b) ->
                      a.equals(b)
                              || a.isNumber()
                                  && b.isNumber()
                                  && a.decimalValue().compareTo(b.decimalValue()) == 0
                          ? 0
                          : 1,
                  actual))
          .as("JSON data %s came back as %s", expected, actual)
          .isTrue();
    } else {
      assertThat(got.unsafeArray()).as("data bytes").isEqualTo(sent.unsafeArray());
    }
  }
}
