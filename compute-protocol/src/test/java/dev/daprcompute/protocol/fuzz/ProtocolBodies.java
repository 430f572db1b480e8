package dev.daprcompute.protocol.fuzz;

import java.util.List;

/**
 * Bodies of the function protocol for properties on either side: CloudEvents as daprd posts them, a
 * bulk batch, the vocabulary of both, and generators of damaged and made-up ones. {@link #MARKER}
 * stands for the event's data in them (a card number, say): no error may show it.
 */
public final class ProtocolBodies {
  private ProtocolBodies() {}

  /** Data of the events: no message about a body may contain it. */
  public static final String MARKER = "cardNo4111S3cret";

  /**
   * CloudEvents as daprd posts them: JSON data, text data, binary data with time and structured
   * extensions.
   */
  public static final List<String> CLOUD_EVENTS =
      List.of(
          "{\"specversion\":\"1.0\",\"id\":\"5929aaac\",\"source\":\"checkout\",\"type\":\"com.dapr.event.sent\","
              + "\"datacontenttype\":\"application/json\",\"data\":{\"card\":\""
              + MARKER
              + "\",\"amount\":12.5},"
              + "\"topic\":\"orders\",\"pubsubname\":\"pubsub\",\"traceparent\":\"00-"
              + MARKER
              + "-01\"}",
          "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"x\",\"type\":\"t\",\"datacontenttype\":\"text/plain\","
              + "\"data\":\""
              + MARKER
              + "\"}",
          "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"x\",\"type\":\"t\","
              + "\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\"Y2FyZE5vNDExMVMzY3JldA==\","
              + "\"time\":\"2024-05-01T10:15:00Z\",\"subject\":\""
              + MARKER
              + "\",\"x_ext\":{\"a\":[1,2]}}");

  /**
   * A bulk batch as daprd posts it: a CloudEvent entry, a binary raw entry and a JSON raw entry.
   */
  public static final String BATCH =
      "{\"id\":\"b1\",\"type\":\"com.dapr.event.sent.bulk\",\"topic\":\"orders\","
          + "\"pubsubname\":\"pubsub\",\"metadata\":{},\"entries\":[{\"entryId\":\"1\",\"event\":"
          + CLOUD_EVENTS.get(0)
          + ",\"contentType\":\"application/cloudevents+json\",\"metadata\":{}},{\"entryId\":\"2\",\"event\":\""
          + "Y2FyZE5vNDExMVMzY3JldA==\",\"contentType\":\"application/octet-stream\",\"metadata\":{\"k\":\""
          + MARKER
          + "\"}},{\"entryId\":\"3\",\"event\":{\"card\":\""
          + MARKER
          + "\"},\"contentType\":\"application/json\"}]}";

  /** The vocabulary of both, and JSON's own, for mutations. */
  public static final List<String> JSON_WORDS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          "\"",
          "null",
          "true",
          "1",
          "-0",
          "1e400",
          "\"specversion\":",
          "\"1.0\"",
          "\"0.3\"",
          "\"id\":",
          "\"source\":",
          "\"type\":",
          "\"data\":",
          "\"data_base64\":",
          "\"datacontenttype\":",
          "\"entries\":",
          "\"entryId\":",
          "\"event\":",
          "\"contentType\":",
          "\"metadata\":",
          "\"time\":",
          "\"dataschema\":",
          "\"subject\":",
          "\\u0000",
          "\\ud800",
          MARKER);

  /** Content types a topic POST may carry. */
  public static final List<String> CONTENT_TYPES =
      List.of(
          "",
          "application/json",
          "application/cloudevents+json",
          "application/cloudevents+json; charset=utf-8",
          "text/plain",
          "application/octet-stream",
          "APPLICATION/JSON",
          "application/cloudevents-batch+json",
          "application/xml");

  /** Bodies of topic POSTs: damaged CloudEvents and batches, made-up ones, random bytes. */
  public static final Gen<byte[]> DELIVERIES =
      Gen.oneOf(
          Bytes.utf8(Strings.mutate(Gen.elementOf(CLOUD_EVENTS), JSON_WORDS)),
          Bytes.utf8(Strings.mutate(Gen.constant(BATCH), JSON_WORDS)),
          Bytes.utf8(
              JsonText.objectOf(
                  List.of(
                      "specversion",
                      "id",
                      "source",
                      "type",
                      "datacontenttype",
                      "data",
                      "data_base64",
                      "time",
                      "dataschema",
                      "subject",
                      "topic",
                      "pubsubname",
                      "entries"),
                  3)),
          Bytes.utf8(
              JsonText.objectOf(
                  List.of("entries", "entryId", "event", "contentType", "metadata", "specversion"),
                  4)),
          Bytes.mutate(Bytes.utf8(Gen.elementOf(CLOUD_EVENTS)), JSON_WORDS),
          Bytes.any(64));
}
