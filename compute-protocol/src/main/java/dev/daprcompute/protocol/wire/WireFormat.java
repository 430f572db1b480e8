package dev.daprcompute.protocol.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.daprcompute.protocol.BulkSubscribeConfig;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicRoutes;
import dev.daprcompute.protocol.TopicRule;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.internal.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The protocol's bodies, written and read the same way on both sides: CloudEvents (structured mode,
 * CloudEvents JSON format 1.0, Dapr's extension attributes included), bulk batches and their
 * statuses, {@code /dapr/subscribe} lists and the info document.
 *
 * <p>Readers throw {@link IllegalArgumentException} with a message that says what is wrong and
 * where; the component turns it into a {@code ProtocolViolationException}, the function side into a
 * 400. Thread-safe.
 */
public final class WireFormat {
  private WireFormat() {}

  /**
   * The attributes a CloudEvent's record fields write; an extension named like one of them is left
   * out when writing (the record's own field wins).
   */
  private static final Set<String> RECORD_ATTRIBUTES =
      Set.of(
          "specversion",
          "id",
          "source",
          "type",
          "datacontenttype",
          "data",
          "data_base64",
          "datacontentencoding");

  /**
   * Media types whose data the CloudEvents JSON format writes as a JSON value ({@code data}), as
   * the CloudEvents SDKs decide it; an event without {@code datacontenttype} counts as JSON too.
   */
  private static final Pattern JSON_DATA =
      Pattern.compile("(application|text)/([a-zA-Z]+\\+)?json(;.*)*");

  // ---------------------------------------------------------------- topic events

  /** A topic event as a structured-mode CloudEvent, the body of {@code POST /{route}}. */
  public static byte[] writeCloudEvent(TopicEventRequest event) {
    Map<String, Object> extensions = new LinkedHashMap<>(event.extensions());
    extensions.put("topic", event.topic());
    extensions.put("pubsubname", event.pubsubName());
    return writeEvent(
        event.id(),
        event.source(),
        event.type(),
        event.specVersion(),
        event.dataContentType(),
        event.data(),
        extensions);
  }

  /**
   * A structured-mode CloudEvent as a topic event.
   *
   * @param path the route it was posted to
   * @param headers the delivery headers
   */
  public static TopicEventRequest readCloudEvent(byte[] body, String path, Metadata headers) {
    Members members = Members.read(body);
    ParsedEvent event =
        members == null
            ? readEvent(tree(body, "CloudEvent"), "the CloudEvent")
            : members.event("the CloudEvent");
    return topicEvent(event, path, headers);
  }

  /**
   * What a {@code POST} to a topic route carries, read with one parse: a batch (a JSON object with
   * an {@code entries} array), a single CloudEvent ({@code application/cloudevents+json}, or JSON
   * with {@code specversion}), or neither (an invocation that happens to use the route).
   *
   * @param contentType the request's content type
   * @throws IllegalArgumentException when the body claims to be an event (by content type or shape)
   *     but is malformed
   */
  public static Delivery readDelivery(
      byte[] body, String contentType, String path, Metadata headers) {
    boolean cloudEvent = contentType.toLowerCase(Locale.ROOT).startsWith(Protocol.CLOUDEVENTS_JSON);
    Members members = Members.read(body);
    if (members == null) {
      return readDeliveryFromTree(body, cloudEvent, path, headers);
    }
    JsonNode entries = members.attributes.get("entries");
    if (entries != null && entries.isArray() && !members.attributes.containsKey("specversion")) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.setAll(members.attributes);
      return new Delivery.Batch(bulk(root, path)); // a top-level 'data' is no part of a batch
    }
    if (cloudEvent || members.attributes.containsKey("specversion")) {
      return new Delivery.Single(topicEvent(members.event("the CloudEvent"), path, headers));
    }
    return new Delivery.NotAnEvent();
  }

  /**
   * {@link #readDelivery} from a Jackson tree: what a body the streaming reader does not take (not
   * one JSON object in UTF-8) reads as, with the errors a malformed body gets. Package-private: the
   * tests hold the streaming reader to it.
   */
  static Delivery readDeliveryFromTree(
      byte[] body, boolean cloudEvent, String path, Metadata headers) {
    JsonNode root;
    try {
      root = tree(body, "CloudEvent");
    } catch (IllegalArgumentException notJson) {
      if (cloudEvent) {
        throw notJson;
      }
      return new Delivery.NotAnEvent();
    }
    if (!root.isObject()) {
      if (cloudEvent) {
        throw new IllegalArgumentException("the CloudEvent is not a JSON object");
      }
      return new Delivery.NotAnEvent();
    }
    if (root.path("entries").isArray() && !root.has("specversion")) {
      return new Delivery.Batch(bulk(root, path));
    }
    if (cloudEvent || root.has("specversion")) {
      return new Delivery.Single(topicEvent(readEvent(root, "the CloudEvent"), path, headers));
    }
    return new Delivery.NotAnEvent();
  }

  /**
   * The members of a body that is one JSON object, read in one streaming pass: every member as a
   * tree except an object or array under {@code data}, which stays where it is in the body until
   * the event's content type says how to take it. A topic event's data is most of its body; this
   * reads it once and copies it once, where a tree would build it and write it out again.
   */
  private static final class Members {
    /** Reads one member's value: the mapper's settings, without its check for a lone value. */
    private static final ObjectReader MEMBER =
        Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Every member but {@code data}, in the order of their first appearance, nulls included. */
    final Map<String, JsonNode> attributes = new LinkedHashMap<>();

    /** The last {@code data} member; null when there is none. */
    @Nullable DataMember data;

    /**
     * The body's members; null when the body is not one well-formed JSON object whose bytes the
     * parser counts as it reads them (UTF-8), so that the tree reader decides, errors included.
     */
    static @Nullable Members read(byte[] body) {
      if (body.length == 0) {
        return null;
      }
      Members members = new Members();
      try (JsonParser parser = Json.MAPPER.createParser(body)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        for (JsonToken token = parser.nextToken();
            token != JsonToken.END_OBJECT;
            token = parser.nextToken()) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          boolean data = name.equals("data");
          if (data && (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY)) {
            long from = parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            long to = parser.currentTokenLocation().getByteOffset() + 1;
            if (!DataMember.Slice.encloses(body, from, to)) {
              return null; // the parser counts characters, not bytes: the body is not UTF-8
            }
            members.data = new DataMember.Slice(body, (int) from, (int) to);
            continue;
          }
          // A string, as every attribute Dapr sets is, without a deserialization context.
          JsonNode tree =
              value == JsonToken.VALUE_STRING
                  ? TextNode.valueOf(parser.getText())
                  : MEMBER.readTree(parser);
          if (data) {
            members.data = new DataMember.Tree(tree);
          } else {
            members.attributes.put(name, tree);
          }
        }
        if (parser.nextToken() != null) {
          return null; // trailing content: the tree reader names where
        }
      } catch (IOException | RuntimeException malformed) {
        return null;
      }
      return members;
    }

    /** The members as a CloudEvent; takes the attributes over. */
    ParsedEvent event(String where) {
      attributes.values().removeIf(JsonNode::isNull); // an attribute set to null is unset
      return readEvent(attributes, data, where);
    }
  }

  /** A CloudEvent's {@code data} member as read. */
  private sealed interface DataMember {
    /** Its JSON type. */
    JsonNodeType type();

    /** Its value when it is a string; null otherwise. */
    @Nullable String text();

    /** Its JSON text. */
    byte[] json();

    /** A member read as a tree: written out again when its JSON text is asked for. */
    record Tree(JsonNode node) implements DataMember {
      @Override
      public JsonNodeType type() {
        return node.getNodeType();
      }

      @Override
      public @Nullable String text() {
        return node.isTextual() ? node.textValue() : null;
      }

      @Override
      public byte[] json() {
        return bytes(node);
      }
    }

    /** An object or array left where it is in the body: its JSON text is a copy of its bytes. */
    final class Slice implements DataMember {
      private final byte[] body;
      private final int from;
      private final int to;

      Slice(byte[] body, int from, int to) {
        this.body = body;
        this.from = from;
        this.to = to;
      }

      /** Whether {@code body[from, to)} starts and ends as one JSON object or array does. */
      static boolean encloses(byte[] body, long from, long to) {
        if (from < 0 || to > body.length || from >= to) {
          return false;
        }
        byte first = body[(int) from];
        byte last = body[(int) to - 1];
        return (first == '{' && last == '}') || (first == '[' && last == ']');
      }

      @Override
      public JsonNodeType type() {
        return body[from] == '{' ? JsonNodeType.OBJECT : JsonNodeType.ARRAY;
      }

      @Override
      public @Nullable String text() {
        return null;
      }

      @Override
      public byte[] json() {
        return Arrays.copyOfRange(body, from, to);
      }
    }
  }

  /** The result of {@link #readDelivery}. */
  public sealed interface Delivery {
    /** One CloudEvent. */
    record Single(TopicEventRequest event) implements Delivery {}

    /** A bulk batch. */
    record Batch(BulkTopicEventRequest batch) implements Delivery {}

    /** Neither: not a topic delivery. */
    record NotAnEvent() implements Delivery {}
  }

  private static TopicEventRequest topicEvent(ParsedEvent e, String path, Metadata headers) {
    Map<String, Object> extensions = e.extensions; // the parsed event's own map
    Object topic = extensions.remove("topic");
    Object pubsub = extensions.remove("pubsubname");
    return new TopicEventRequest(
        e.id,
        e.source,
        e.type,
        e.specVersion,
        e.dataContentType,
        e.data,
        topic == null ? "" : topic.toString(),
        pubsub == null ? "" : pubsub.toString(),
        path,
        extensions,
        headers);
  }

  /** The body a function answers a topic event with: {@code {"status":"SUCCESS"}}. */
  public static byte[] writeTopicStatus(TopicEventStatus status) {
    return ("{\"status\":\"" + status.name() + "\"}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- bulk

  /** A batch as Dapr's bulk JSON body. */
  public static byte[] writeBulk(BulkTopicEventRequest batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", batch.id());
      g.writeStringField("type", batch.type());
      g.writeStringField("topic", batch.topic());
      g.writeStringField("pubsubname", batch.pubsubName());
      writeStringMap(g, "metadata", batch.metadata());
      g.writeArrayFieldStart("entries");
      for (BulkTopicEventEntry entry : batch.entries()) {
        g.writeStartObject();
        g.writeStringField("entryId", entry.entryId());
        g.writeFieldName("event");
        String contentType = entry.contentType();
        if (entry.event() instanceof BulkTopicEventEntry.CloudEvent ce) {
          g.writeRawValue(
              new String(
                  writeEvent(
                      ce.id(),
                      ce.source(),
                      ce.type(),
                      ce.specVersion(),
                      ce.dataContentType(),
                      ce.data(),
                      ce.extensions()),
                  java.nio.charset.StandardCharsets.UTF_8));
        } else {
          Payload raw = ((BulkTopicEventEntry.RawEvent) entry.event()).data();
          if (Json.isJsonContentType(entry.contentType()) && Json.isWellFormed(raw.unsafeArray())) {
            g.writeRawValue(raw.toUtf8());
          } else {
            g.writeBinary(
                raw.unsafeArray()); // base64 as the JDK's encoder writes it, without a String on
            // the way
            if (Json.isJsonContentType(contentType)) {
              contentType =
                  "application/octet-stream"; // declared JSON but is not: base64 only reads back as
              // bytes
            }
          }
        }
        writeStringMap(g, "metadata", entry.metadata());
        g.writeStringField("contentType", contentType);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Dapr's bulk JSON body as a batch. */
  public static BulkTopicEventRequest readBulk(byte[] body, String path) {
    return bulk(tree(body, "bulk body"), path);
  }

  private static BulkTopicEventRequest bulk(JsonNode root, String path) {
    JsonNode entries = root.path("entries");
    if (!entries.isArray()) {
      throw new IllegalArgumentException("the bulk body has no 'entries' array");
    }
    List<BulkTopicEventEntry> list = new ArrayList<>();
    int index = 0;
    for (JsonNode node : entries) {
      String where = "entry #" + index++;
      String entryId = requireText(node, "entryId", where);
      String contentType = node.path("contentType").asText("");
      JsonNode event = node.get("event");
      // A raw JSON event may be JSON's null itself: that is its payload, not a missing event.
      if (event == null || (event.isNull() && !Json.isJsonContentType(contentType))) {
        throw new IllegalArgumentException(where + " has no 'event'");
      }
      BulkTopicEventEntry.Event value;
      if (event.isObject()
          && (contentType.startsWith(Protocol.CLOUDEVENTS_JSON) || event.has("specversion"))) {
        ParsedEvent e = readEvent((ObjectNode) event, where);
        value =
            new BulkTopicEventEntry.CloudEvent(
                e.id, e.source, e.type, e.specVersion, e.dataContentType, e.data, e.extensions);
      } else if (Json.isJsonContentType(contentType) || !event.isTextual()) {
        value = new BulkTopicEventEntry.RawEvent(Payload.wrap(bytes(event)));
      } else {
        try {
          value =
              new BulkTopicEventEntry.RawEvent(
                  Payload.wrap(Base64.getDecoder().decode(event.asText())));
        } catch (IllegalArgumentException notBase64) {
          throw new IllegalArgumentException(
              where + ": a raw event of type '" + contentType + "' must be base64");
        }
      }
      list.add(
          new BulkTopicEventEntry(entryId, value, contentType, stringMap(node.get("metadata"))));
    }
    return new BulkTopicEventRequest(
        root.path("id").asText(""),
        list,
        stringMap(root.get("metadata")),
        root.path("topic").asText(""),
        root.path("pubsubname").asText(""),
        root.path("type").asText(BulkTopicEventRequest.BULK_TYPE),
        path);
  }

  /** A function's answer to a batch: {@code {"statuses":[{"entryId":"1","status":"SUCCESS"}]}}. */
  public static byte[] writeBulkStatuses(BulkTopicEventResponse response) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode statuses = root.putArray("statuses");
    for (BulkTopicEventResponse.Entry entry : response.statuses()) {
      statuses.addObject().put("entryId", entry.entryId()).put("status", entry.status().name());
    }
    return bytes(root);
  }

  /**
   * The status of each entry of a function's bulk answer ({@code
   * {"statuses":[{"entryId","status"}]}}), by entry ID, as daprd reads it: field names match
   * without regard to case (Go's {@code encoding/json}), status values exactly; an entry without an
   * ID is ignored.
   *
   * @throws IllegalArgumentException when the body is not one well-formed JSON object with a {@code
   *     statuses} array (daprd then retries every entry)
   */
  public static Map<String, String> readBulkStatuses(byte[] body) {
    JsonNode statuses = field(tree(body, "bulk answer"), "statuses");
    if (statuses == null || !statuses.isArray()) {
      throw new IllegalArgumentException("the bulk answer has no 'statuses' array");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (JsonNode node : statuses) {
      JsonNode id = field(node, "entryId");
      JsonNode status = field(node, "status");
      if (id != null && id.isTextual() && !id.textValue().isEmpty()) {
        result.put(id.textValue(), status != null && status.isTextual() ? status.textValue() : "");
      }
    }
    return result;
  }

  /**
   * A function's 2xx answer to a topic event, read as daprd reads an app's (its HTTP subscriber):
   * the first JSON value of the body, as Go's {@code json.Decoder} reads it (leading whitespace
   * skipped, anything after the value ignored); a field named {@code status} in any letter case;
   * its value compared exactly: {@code ""} or {@code SUCCESS} is SUCCESS, {@code RETRY} RETRY,
   * {@code DROP} DROP, any other value (a lower-case {@code drop} included) RETRY. An empty body,
   * and a body that is no JSON at all, are SUCCESS, as daprd reads them.
   *
   * <p>Where daprd would find an error and call it SUCCESS although the answer names RETRY or DROP
   * (a status that is not a string; a syntax error after {@code "status":"RETRY"}; a body that says
   * RETRY or DROP but is not a JSON object), this reads RETRY instead: nothing is lost on a guess.
   */
  public static TopicEventResponse readTopicReply(byte[] body) {
    String status = null;
    String problem = null;
    boolean statusNotText = false;
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return TopicEventResponse.success(); // no body: daprd's io.EOF
      }
      if (first != JsonToken.START_OBJECT) {
        parser.skipChildren();
        problem = "a JSON " + first.asString() + " value rather than an object";
      } else {
        for (JsonToken token = parser.nextToken();
            token != JsonToken.END_OBJECT;
            token = parser.nextToken()) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          if (name != null && name.equalsIgnoreCase("status")) {
            if (value == JsonToken.VALUE_STRING) {
              status = parser.getText(); // the last such field wins, as in Go
            } else if (value != JsonToken.VALUE_NULL) {
              statusNotText = true;
            }
          }
          parser.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      problem = "not well-formed JSON";
    }
    if (statusNotText) {
      return TopicEventResponse.retry(
          "the function answered a status that is not a string; read as RETRY", null);
    }
    if (problem != null) {
      if (NAMES_RETRY_OR_DROP.matcher(new String(body, StandardCharsets.UTF_8)).find()) {
        return TopicEventResponse.retry(
            "the function answered " + problem + " that names RETRY or DROP; read as RETRY", null);
      }
      return TopicEventResponse.success(); // daprd: a 2xx body it cannot read means SUCCESS
    }
    if (status == null || status.isEmpty() || status.equals("SUCCESS")) {
      return TopicEventResponse.success();
    }
    if (status.equals("RETRY")) {
      return TopicEventResponse.retry();
    }
    if (status.equals("DROP")) {
      return TopicEventResponse.drop();
    }
    return TopicEventResponse.retry(
        "the function answered the unknown status '"
            + Messages.quote(status)
            + "' (status names are SUCCESS, RETRY and DROP, in upper case, as daprd compares them)",
        null);
  }

  private static final Pattern NAMES_RETRY_OR_DROP = Pattern.compile("(?i)\\b(retry|drop)\\b");

  /**
   * {@code node}'s field {@code name}, matched without regard to case as Go's encoding/json does.
   */
  private static @Nullable JsonNode field(JsonNode node, String name) {
    JsonNode exact = node.get(name);
    if (exact != null || !node.isObject()) {
      return exact;
    }
    JsonNode found = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getKey().equalsIgnoreCase(name)) {
        found = entry.getValue();
      }
    }
    return found;
  }

  // ---------------------------------------------------------------- subscriptions

  /** Subscriptions in Dapr's {@code /dapr/subscribe} format. */
  public static byte[] writeSubscriptions(List<TopicSubscription> subscriptions) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (TopicSubscription s : subscriptions) {
      ObjectNode node = array.addObject();
      node.put("pubsubname", s.pubsubName());
      node.put("topic", s.topic());
      if (!s.routes().defaultPath().isEmpty()) {
        node.put("route", s.routes().defaultPath());
      }
      ObjectNode routes = node.putObject("routes");
      ArrayNode rules = routes.putArray("rules");
      for (TopicRule rule : s.routes().rules()) {
        rules.addObject().put("match", rule.match()).put("path", rule.path());
      }
      if (!s.routes().defaultPath().isEmpty()) {
        routes.put("default", s.routes().defaultPath());
      }
      if (!s.metadata().isEmpty()) {
        ObjectNode metadata = node.putObject("metadata");
        s.metadata().forEach(metadata::put);
      }
      if (!s.deadLetterTopic().isEmpty()) {
        node.put("deadLetterTopic", s.deadLetterTopic());
      }
      s.bulk()
          .ifPresent(
              b ->
                  node.putObject("bulkSubscribe")
                      .put("enabled", b.enabled())
                      .put("maxMessagesCount", b.maxMessagesCount())
                      .put("maxAwaitDurationMs", b.maxAwaitDurationMs()));
    }
    return bytes(array);
  }

  /**
   * Dapr's {@code /dapr/subscribe} format as subscriptions. As in daprd, {@code routes.default}
   * wins over {@code route}, and a subscription with no route at all is left out.
   */
  public static List<TopicSubscription> readSubscriptions(byte[] body) {
    JsonNode root = tree(body, "subscription list");
    if (!root.isArray()) {
      throw new IllegalArgumentException(
          "the subscription list must be a JSON array, not " + root.getNodeType());
    }
    List<TopicSubscription> result = new ArrayList<>();
    int index = 0;
    for (JsonNode node : root) {
      String where = "subscription #" + index++;
      if (!node.isObject()) {
        throw new IllegalArgumentException(where + " is not an object");
      }
      String pubsub = requireText(node, "pubsubname", where);
      String topic = requireText(node, "topic", where);
      JsonNode routes = node.path("routes");
      List<TopicRule> rules = new ArrayList<>();
      for (JsonNode rule : routes.path("rules")) {
        rules.add(
            new TopicRule(
                rule.path("match").asText(""), requireText(rule, "path", where + " rule")));
      }
      String defaultPath = routes.path("default").asText("");
      if (defaultPath.isEmpty()) {
        defaultPath = node.path("route").asText("");
      }
      if (rules.isEmpty() && defaultPath.isEmpty()) {
        continue;
      }
      BulkSubscribeConfig bulk = null;
      JsonNode b = node.get("bulkSubscribe");
      if (b != null && b.isObject()) {
        bulk =
            new BulkSubscribeConfig(
                b.path("enabled").asBoolean(false),
                b.path("maxMessagesCount").asInt(0),
                b.path("maxAwaitDurationMs").asInt(0));
      }
      result.add(
          new TopicSubscription(
              pubsub,
              topic,
              stringMap(node.get("metadata")),
              new TopicRoutes(rules, defaultPath),
              node.path("deadLetterTopic").asText(""),
              bulk));
    }
    return result;
  }

  // ---------------------------------------------------------------- info

  /** The info document as JSON. */
  public static byte[] writeInfo(InfoDocument info) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("protocol", info.protocol());
    node.put("version", info.version());
    node.put("sdk", info.sdk());
    info.features().forEach(node.putArray("features")::add);
    if (info.features().isEmpty()) {
      node.putArray("features");
    }
    ArrayNode bindings = node.putArray("inputBindings");
    info.inputBindings().forEach(bindings::add);
    return bytes(node);
  }

  /** JSON as the info document; {@code protocol} and {@code version} are required. */
  public static InfoDocument readInfo(byte[] body) {
    JsonNode root = tree(body, "info document");
    if (!root.isObject()) {
      throw new IllegalArgumentException("the info document must be a JSON object");
    }
    JsonNode protocol = root.get("protocol");
    if (protocol == null || !protocol.canConvertToInt() || !protocol.isIntegralNumber()) {
      throw new IllegalArgumentException("the info document has no integer 'protocol'");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isTextual() || version.asText().isBlank()) {
      throw new IllegalArgumentException("the info document has no 'version' string");
    }
    return new InfoDocument(
        protocol.asInt(),
        version.asText(),
        root.path("sdk").asText(""),
        strings(root.get("features")),
        strings(root.get("inputBindings")));
  }

  // ---------------------------------------------------------------- CloudEvents

  private record ParsedEvent(
      String id,
      String source,
      String type,
      String specVersion,
      String dataContentType,
      Payload data,
      Map<String, Object> extensions) {}

  /**
   * A structured-mode CloudEvent. Attributes are written as given: a {@code time} or {@code
   * dataschema} that is not RFC 3339 or a URI, and extensions with any name or a structured value,
   * survive (nothing Dapr put in the event is lost). Data is a JSON value when the content type is
   * JSON (or absent) and the data is well-formed JSON, a string when the type is textual and the
   * data UTF-8, else base64 ({@code data_base64}), so the document is always valid JSON.
   */
  private static byte[] writeEvent(
      String id,
      String source,
      String type,
      String specVersion,
      String dataContentType,
      Payload data,
      Map<String, Object> extensions) {
    boolean v03 =
        switch (specVersion) {
          case "1.0", "" -> false;
          case "0.3" -> true;
          default ->
              throw new IllegalArgumentException(
                  "CloudEvents spec version '" + specVersion + "' is not supported: use 1.0");
        };
    checkSource(source);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + data.size() + data.size() / 3);
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("specversion", v03 ? "0.3" : "1.0");
      g.writeStringField("id", id);
      g.writeStringField("source", source);
      g.writeStringField("type", type);
      if (!dataContentType.isEmpty()) {
        g.writeStringField("datacontenttype", dataContentType);
      }
      for (Map.Entry<String, Object> e : extensions.entrySet()) {
        if (RECORD_ATTRIBUTES.contains(e.getKey())) {
          continue;
        }
        g.writeFieldName(e.getKey());
        Object value = e.getValue();
        // subject is a string attribute: a reader would refuse anything else
        g.writeObject(
            e.getKey().equals("subject") && !(value instanceof String)
                ? String.valueOf(value)
                : value);
      }
      if (!data.isEmpty()) {
        byte[] bytes = data.unsafeArray();
        boolean json = isJsonData(dataContentType);
        if (json && Json.isWellFormed(bytes)) {
          g.writeFieldName("data");
          g.writeRawValue(new String(bytes, StandardCharsets.UTF_8));
        } else if (!json && isText(dataContentType) && isUtf8(bytes)) {
          g.writeStringField("data", new String(bytes, StandardCharsets.UTF_8));
        } else if (v03) {
          g.writeStringField("datacontentencoding", "base64");
          g.writeFieldName("data");
          g.writeBinary(bytes);
        } else {
          // Declared JSON but is not, binary, or text that is not UTF-8: base64 keeps it intact.
          g.writeFieldName("data_base64");
          g.writeBinary(bytes);
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a structured-mode CloudEvent (spec version 1.0 or 0.3). A {@code null} attribute is unset
   * (JSON format 2.2); {@code time} and {@code dataschema} are kept as written, like every
   * extension: strings, booleans and numbers that fit an {@code int} as such, other numbers as
   * {@link java.math.BigDecimal} or integers of any size, objects and arrays as maps and lists.
   */
  private static ParsedEvent readEvent(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is not a JSON object");
    }
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    DataMember data = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("data")) {
        data = new DataMember.Tree(field.getValue());
      } else if (!field.getValue().isNull()) {
        attributes.put(field.getKey(), field.getValue());
      }
    }
    return readEvent(attributes, data, where);
  }

  /**
   * {@link #readEvent(JsonNode, String)} from an event's attributes, those set to {@code null} left
   * out, and its {@code data} member; takes {@code attributes} over.
   */
  private static ParsedEvent readEvent(
      Map<String, JsonNode> attributes, @Nullable DataMember dataNode, String where) {
    String specVersion = requiredAttribute(attributes, "specversion", where);
    if (!specVersion.equals("1.0") && !specVersion.equals("0.3")) {
      throw invalidEvent(where, "Invalid specversion");
    }
    String id = requiredAttribute(attributes, "id", where);
    String source = requiredAttribute(attributes, "source", where);
    String type = requiredAttribute(attributes, "type", where);
    try {
      new URI(source);
    } catch (URISyntaxException e) {
      throw invalidEvent(where, "source is not a URI reference");
    }
    String contentType = optionalAttribute(attributes, "datacontenttype", where);
    String subject = optionalAttribute(attributes, "subject", where);
    boolean base64 =
        specVersion.equals("0.3")
            && "base64".equals(optionalAttribute(attributes, "datacontentencoding", where));
    JsonNode base64Node = attributes.remove("data_base64");
    Payload data = Payload.empty();
    if (dataNode != null && base64Node != null) {
      throw invalidEvent(where, "CloudEvent cannot have both 'data' and 'data_base64' fields");
    } else if (base64Node != null) {
      data = base64(base64Node, "data_base64", where);
    } else if (dataNode != null && base64) {
      data = base64(dataNode.text(), dataNode.type(), "data", where);
    } else if (dataNode != null && isJsonData(contentType == null ? "" : contentType)) {
      data = Payload.wrap(dataNode.json());
    } else if (dataNode != null) {
      String text = dataNode.text();
      if (text == null) {
        throw invalidEvent(
            where,
            "Wrong type "
                + dataNode.type()
                + " for attribute data, expecting STRING."
                + " Because content type is not a json, only a string is accepted as data");
      }
      data = Payload.ofUtf8(text);
    }
    Map<String, Object> extensions = new LinkedHashMap<>();
    attributes.forEach((name, value) -> extensions.put(name, extensionValue(value)));
    if (subject != null) {
      extensions.put("subject", subject);
    }
    return new ParsedEvent(
        id, source, type, specVersion, contentType == null ? "" : contentType, data, extensions);
  }

  private static String requiredAttribute(
      Map<String, JsonNode> attributes, String name, String where) {
    String value = optionalAttribute(attributes, name, where);
    if (value == null) {
      throw invalidEvent(where, "Missing mandatory " + name + " attribute");
    }
    return value;
  }

  /** The string attribute {@code name}, removed from {@code attributes}; null when absent. */
  private static @Nullable String optionalAttribute(
      Map<String, JsonNode> attributes, String name, String where) {
    JsonNode value = attributes.remove(name);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw invalidEvent(
          where,
          "Wrong type " + value.getNodeType() + " for attribute " + name + ", expecting STRING");
    }
    return value.textValue();
  }

  private static Payload base64(JsonNode node, String name, String where) {
    return base64(node.isTextual() ? node.textValue() : null, node.getNodeType(), name, where);
  }

  /**
   * The bytes of base64 {@code text}, decoded as Jackson decodes a string node; {@code text} null
   * when the value is not a string.
   */
  private static Payload base64(
      @Nullable String text, JsonNodeType type, String name, String where) {
    if (text == null) {
      throw invalidEvent(
          where, "Wrong type " + type + " for attribute " + name + ", expecting STRING");
    }
    try {
      return Payload.wrap(TextNode.valueOf(text).binaryValue());
    } catch (IOException | IllegalArgumentException e) {
      throw invalidEvent(where, "the " + name + " attribute is not base64");
    }
  }

  /** Never quotes a value: the message may end up in a log, and the event may hold anything. */
  private static IllegalArgumentException invalidEvent(String where, String problem) {
    return new IllegalArgumentException(where + " is not a valid CloudEvent: " + problem);
  }

  /**
   * An extension's value: strings, booleans and ints as such, anything else as Jackson reads it.
   */
  private static Object extensionValue(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    return Json.MAPPER.convertValue(value, Object.class);
  }

  private static void checkSource(String source) {
    try {
      new URI(source);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "CloudEvent source '" + source + "' is not a URI reference", e);
    }
  }

  /** Whether data of this content type is a JSON value in the event (the SDKs' rule). */
  private static boolean isJsonData(String contentType) {
    return contentType.isEmpty() || JSON_DATA.matcher(contentType).matches();
  }

  private static boolean isText(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.isEmpty()
        || type.startsWith("text/")
        || type.startsWith("application/xml")
        || type.contains("+xml");
  }

  private static boolean isUtf8(byte[] bytes) {
    return Payload.wrap(bytes).utf8Text().isPresent();
  }

  // ---------------------------------------------------------------- JSON helpers

  private static JsonNode tree(byte[] body, String what) {
    if (body.length == 0) {
      throw new IllegalArgumentException("the " + what + " is empty");
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      // Not chained: Jackson's message quotes what it read (up to 256 characters of the body).
      throw new IllegalArgumentException("the " + what + " is not valid JSON" + whereJsonFailed(e));
    }
  }

  /**
   * Where Jackson stopped reading, never what it read there: a body may carry anything, card
   * numbers and tokens included.
   */
  private static String whereJsonFailed(IOException e) {
    if (e instanceof StreamConstraintsException limit) {
      String message = limit.getOriginalMessage();
      int cut = message.indexOf(" (");
      return ": "
          + (cut > 0 ? message.substring(0, cut) : message); // a limit, such as the nesting depth
    }
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      String what = e instanceof JsonEOFException ? "it ends too early" : "unexpected content";
      return " ("
          + what
          + " at line "
          + json.getLocation().getLineNr()
          + ", column "
          + json.getLocation().getColumnNr()
          + ")";
    }
    return "";
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String requireText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException(where + " has no '" + field + "'");
    }
    return value.asText();
  }

  private static Map<String, String> stringMap(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    Map<String, String> map = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            e ->
                map.put(
                    e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return map;
  }

  private static List<String> strings(JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    List<String> list = new ArrayList<>();
    node.forEach(item -> list.add(item.asText()));
    return list;
  }

  private static void writeStringMap(JsonGenerator g, String name, Map<String, String> map)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
