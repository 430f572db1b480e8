package dev.daprcompute.protocol.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.fuzz.Bytes;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.Strings;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The one v2.0 codec, both ways: what one side writes (the component's event, the function's
 * response object) is what the other side reads, and both sides decide text or base64 alike.
 */
class HttpApiV2Test {
  private static final Instant NOW = Instant.parse("2026-03-12T19:03:58Z");

  private static JsonNode json(byte[] bytes) throws IOException {
    return Json.MAPPER.readTree(bytes);
  }

  private static HttpApiV2.Request requestRoundTrip(HttpApiV2.Request request) throws IOException {
    return HttpApiV2.readRequest(json(HttpApiV2.writeRequest(request, "orders-fn", NOW)));
  }

  private static HttpApiV2.Response responseRoundTrip(HttpApiV2.Response response) {
    return HttpApiV2.readResponse(HttpApiV2.writeResponse(response)).orElseThrow();
  }

  @Test
  @DisplayName("a request's method, path, query, headers, cookies and body come back as written")
  void requestRoundTrip() throws IOException {
    Metadata headers =
        Metadata.builder()
            .add("authorization", "Bearer eyJ.token")
            .add("content-type", "application/json")
            .add("x-multi", "a")
            .add("x-multi", "b")
            .add("cookie", "a=1; b=2")
            .build();
    HttpApiV2.Request request =
        new HttpApiV2.Request(
            "PATCH", "/orders/7", "a=1&b=two%20words", headers, Payload.ofUtf8("{\"n\":\"é\"}"));

    JsonNode event = json(HttpApiV2.writeRequest(request, "orders-fn", NOW));
    HttpApiV2.Request read = HttpApiV2.readRequest(event);

    assertThat(event.path("headers").path("x-multi").asText()).isEqualTo("a,b");
    assertThat(event.path("headers").has("cookie")).isFalse();
    assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("a=1", "b=2");
    assertThat(event.path("queryStringParameters").path("b").asText()).isEqualTo("two words");
    assertThat(event.path("requestContext").path("timeEpoch").asLong())
        .isEqualTo(NOW.toEpochMilli());
    assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    assertThat(read.method()).isEqualTo("PATCH");
    assertThat(read.rawPath()).isEqualTo("/orders/7");
    assertThat(read.rawQuery()).isEqualTo("a=1&b=two%20words");
    assertThat(read.headers().all("x-multi")).containsExactly("a,b");
    assertThat(read.headers().first("cookie")).contains("a=1; b=2");
    assertThat(read.headers().first("authorization")).contains("Bearer eyJ.token");
    assertThat(read.body()).isEqualTo(request.body());
  }

  @Test
  @DisplayName("a response's status, headers, set-cookie cookies and body come back as written")
  void responseRoundTrip() throws IOException {
    Metadata headers =
        Metadata.builder()
            .add("dapr-compute-protocol", "1")
            .add("content-type", "text/plain")
            .add("x-multi", "a")
            .add("x-multi", "b")
            .add("set-cookie", "s=1")
            .add("set-cookie", "t=2")
            .build();
    HttpApiV2.Response response =
        new HttpApiV2.Response(418, headers, Payload.ofUtf8("status 418"));

    JsonNode object = json(HttpApiV2.writeResponse(response));
    HttpApiV2.Response read = responseRoundTrip(response);

    assertThat(object.path("headers").path("x-multi").asText())
        .as("joined as in requests")
        .isEqualTo("a,b");
    assertThat(object.path("cookies")).extracting(JsonNode::asText).containsExactly("s=1", "t=2");
    assertThat(read.status()).isEqualTo(418);
    assertThat(read.headers().all("set-cookie")).containsExactly("s=1", "t=2");
    assertThat(read.headers().all("x-multi")).containsExactly("a,b");
    assertThat(read.body().toUtf8()).isEqualTo("status 418");
  }

  @Test
  @DisplayName("requests and responses decide text or base64 by the same rule")
  void oneTextRule() throws IOException {
    byte[] latin1 = "{\"n\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    List<Object[]> cases =
        List.of(
            new Object[] {"application/json", Payload.ofUtf8("{\"a\":1}"), false},
            new Object[] {"text/plain; charset=utf-8", Payload.ofUtf8("héllo"), false},
            new Object[] {"application/json", Payload.of(latin1), true},
            new Object[] {"text/plain", Payload.of(new byte[] {'a', 0, 'b'}), true},
            new Object[] {"application/octet-stream", Payload.ofUtf8("looks like text"), true},
            new Object[] {"", Payload.ofUtf8("no content type"), true});
    for (Object[] c : cases) {
      Metadata headers =
          ((String) c[0]).isEmpty() ? Metadata.empty() : Metadata.of("content-type", (String) c[0]);
      Payload body = (Payload) c[1];
      JsonNode event =
          json(
              HttpApiV2.writeRequest(
                  new HttpApiV2.Request("POST", "/x", "", headers, body), "f", NOW));
      JsonNode object = json(HttpApiV2.writeResponse(new HttpApiV2.Response(200, headers, body)));

      assertThat(event.path("isBase64Encoded").asBoolean()).as("request, %s", c[0]).isEqualTo(c[2]);
      assertThat(object.path("isBase64Encoded").asBoolean())
          .as("response, %s", c[0])
          .isEqualTo(c[2]);
      assertThat(HttpApiV2.encodedSize((String) c[0], body))
          .isEqualTo((Boolean) c[2] ? (body.size() + 2) / 3 * 4 : body.size());
    }
  }

  @Test
  @DisplayName(
      "a return value without statusCode is a 200 JSON answer with that value as body, as Lambda reads it")
  void withoutStatusCode() {
    HttpApiV2.Response object = HttpApiV2.readResponse(utf8("{\"hello\":\"world\"}")).orElseThrow();
    assertThat(object.status()).isEqualTo(200);
    assertThat(object.headers().first("content-type")).contains("application/json");
    assertThat(object.body().toUtf8()).isEqualTo("{\"hello\":\"world\"}");
    assertThat(HttpApiV2.readResponse(utf8("\"200 SUCCESS\"")).orElseThrow().body().toUtf8())
        .isEqualTo("\"200 SUCCESS\"");
    assertThat(HttpApiV2.readResponse(utf8("<html>"))).as("not JSON at all").isEmpty();
  }

  @Test
  @DisplayName("a statusCode in a string is read; one beyond an int or a status is not a status")
  void statusCodes() {
    assertThat(
            HttpApiV2.readResponse(utf8("{\"statusCode\":\"201\",\"body\":\"x\"}"))
                .orElseThrow()
                .status())
        .isEqualTo(201);
    byte[] huge = utf8("{\"statusCode\":4294967496,\"body\":\"x\"}");
    assertThat(HttpApiV2.readResponse(huge).orElseThrow().body().unsafeArray()).isEqualTo(huge);
    assertThat(HttpApiV2.readResponse(utf8("{\"statusCode\":700}")).orElseThrow().status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a base64 body that does not decode, or an event that is not v2.0, is an error saying so")
  void errors() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                HttpApiV2.readResponse(
                    utf8("{\"statusCode\":200,\"body\":\"***\",\"isBase64Encoded\":true}")))
        .withMessageContaining("base64");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HttpApiV2.readRequest(json(utf8("{\"version\":\"1.0\"}"))))
        .withMessageContaining("v2.0");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> HttpApiV2.readRequest(json(utf8("{\"version\":\"2.0\",\"rawPath\":\"/\"}"))))
        .withMessageContaining("requestContext.http.method");
  }

  // ------------------------------------------------------------------ properties

  private static final Gen<Map<String, List<String>>> HEADERS =
      Gen.lists(
              Gen.zip(
                  Gen.elementOf(
                      List.of(
                          "x-a", "x-multi", "cookie", "set-cookie", "user-agent", "traceparent")),
                  Strings.of(Strings.PRINTABLE, 0, 16),
                  Map::entry),
              0,
              6)
          .map(
              entries -> {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                entries.forEach(
                    e ->
                        headers
                            .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(e.getValue()));
                return headers;
              });

  private static final Gen<String> CONTENT_TYPES =
      Gen.elementOf(
          List.of(
              "",
              "application/json",
              "text/plain",
              "application/octet-stream",
              "text/html; charset=utf-8",
              "application/x-www-form-urlencoded"));

  private static final Gen<Payload> BODIES =
      Gen.oneOf(
          Gen.constant(Payload.empty()),
          Strings.unicode(40).map(Payload::ofUtf8),
          Bytes.any(40).map(Payload::wrap));

  private static final Gen<Metadata> METADATA =
      Gen.zip(
          HEADERS,
          CONTENT_TYPES,
          (headers, contentType) -> {
            Metadata.Builder out = Metadata.builder();
            headers.forEach((name, values) -> values.forEach(v -> out.add(name, v)));
            if (!contentType.isEmpty()) {
              out.set("content-type", contentType);
            }
            return out.build();
          });

  @Test
  @DisplayName(
      "any request and any response survive the codec: the body byte for byte, headers joined by one rule")
  void anyMessageRoundTrips() {
    Fuzz.forAll(
        1_000,
        Gen.zip(METADATA, BODIES, Gen.ints(100, 599), List::of),
        parts -> {
          Metadata headers = (Metadata) parts.get(0);
          Payload body = (Payload) parts.get(1);
          int status = (Integer) parts.get(2);

          HttpApiV2.Request request =
              requestRoundTrip(new HttpApiV2.Request("POST", "/a/b", "q=1", headers, body));
          assertThat(request.body().unsafeArray()).isEqualTo(body.unsafeArray());
          headers
              .asMap()
              .forEach(
                  (name, values) -> {
                    if (name.equals("cookie")) {
                      List<String> cookies = new ArrayList<>();
                      values.forEach(
                          v ->
                              List.of(v.split(";")).stream()
                                  .filter(c -> !c.isBlank())
                                  .map(String::strip)
                                  .forEach(cookies::add));
                      assertThat(request.headers().first("cookie").orElse(""))
                          .isEqualTo(String.join("; ", cookies));
                    } else {
                      assertThat(request.headers().all(name))
                          .as("request header %s", name)
                          .containsExactly(String.join(",", values));
                    }
                  });

          HttpApiV2.Response response =
              responseRoundTrip(new HttpApiV2.Response(status, headers, body));
          assertThat(response.status()).isEqualTo(status);
          assertThat(response.body().unsafeArray()).isEqualTo(body.unsafeArray());
          headers
              .asMap()
              .forEach(
                  (name, values) ->
                      assertThat(response.headers().all(name))
                          .as("response header %s", name)
                          .containsExactlyElementsOf(
                              name.equals("set-cookie")
                                  ? values
                                  : List.of(String.join(",", values))));
        });
  }

  // ------------------------------------------------------------------ the body read as bytes

  /**
   * How a response object was read before its body was read as bytes: the whole value as a Jackson
   * tree, the body through a string. The byte reader must answer exactly as this does.
   */
  private static Object treeReading(byte[] returned) {
    JsonNode value;
    try {
      value = Json.MAPPER.readTree(returned);
    } catch (IOException notJson) {
      return "not JSON";
    }
    if (value == null || value.isMissingNode()) {
      return "not JSON";
    }
    JsonNode status = value.get("statusCode");
    boolean object =
        value.isObject()
            && status != null
            && (status.isIntegralNumber()
                    && status.canConvertToInt()
                    && status.asInt() >= 100
                    && status.asInt() <= 599
                || status.isTextual()
                    && status.asText().matches("\\d{3}")
                    && Integer.parseInt(status.asText()) >= 100
                    && Integer.parseInt(status.asText()) <= 599);
    if (!object) {
      return List.of(200, "application/json", List.of(returned));
    }
    JsonNode bodyNode = value.get("body");
    String body =
        bodyNode == null || bodyNode.isNull()
            ? ""
            : bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
    byte[] bytes;
    if (value.path("isBase64Encoded").asBoolean(false)) {
      try {
        bytes = java.util.Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        return "not base64";
      }
    } else {
      bytes = body.getBytes(StandardCharsets.UTF_8);
    }
    return List.of(Integer.parseInt(status.asText()), "", List.of(bytes));
  }

  private static Object byteReading(byte[] returned) {
    Optional<HttpApiV2.Response> read;
    try {
      read = HttpApiV2.readResponse(returned);
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageContaining("base64");
      return "not base64";
    }
    if (read.isEmpty()) {
      return "not JSON";
    }
    HttpApiV2.Response response = read.get();
    if (response.body().unsafeArray() == returned) {
      return List.of(
          response.status(),
          response.headers().first("content-type").orElse(""),
          List.of(returned));
    }
    return List.of(response.status(), "", List.of(response.body().unsafeArray()));
  }

  private static void assertReadAlike(byte[] returned) {
    Object expected = treeReading(returned);
    Object actual = byteReading(returned);
    if (expected instanceof List<?> e && actual instanceof List<?> a) {
      assertThat(a.get(0)).as("status").isEqualTo(e.get(0));
      assertThat((byte[]) ((List<?>) a.get(2)).get(0))
          .as("body")
          .isEqualTo((byte[]) ((List<?>) e.get(2)).get(0));
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName(
      "a body string with escapes of any kind reads as the JSON parser reads it, in either field order")
  void escapedBodies() {
    String[] bodies = {
      "plain",
      "quote \\\" and backslash \\\\ and slash \\/",
      "controls \\n\\r\\t\\b\\f\\u0001",
      "\\u00e9t\\u00E9 \\u4e2d \\ud83d\\ude00",
      "raw é 中 😀",
      "lone \\ud800 surrogate",
      "lone low \\udfff",
      "bad escape \\x",
      "",
      "\\u0000"
    };
    for (String body : bodies) {
      for (String object :
          List.of(
              "{\"statusCode\":200,\"body\":\"" + body + "\",\"isBase64Encoded\":false}",
              "{\"isBase64Encoded\":false,\"body\":\"" + body + "\",\"statusCode\":201}",
              "{ \"statusCode\" : 200 , \"body\" : \"" + body + "\" }")) {
        assertReadAlike(utf8(object));
      }
    }
    assertThat(
            HttpApiV2.readResponse(
                    utf8("{\"statusCode\":200,\"body\":\"a\\\"b\\u00e9\\ud83d\\ude00\"}"))
                .orElseThrow()
                .body()
                .toUtf8())
        .isEqualTo("a\"b\u00e9\ud83d\ude00");
  }

  @Test
  @DisplayName(
      "a base64 body reads alike with escaped slashes, whitespace around it, the flag after it, or twice")
  void base64Bodies() {
    byte[] bytes = new byte[300];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7);
    }
    String encoded = java.util.Base64.getEncoder().encodeToString(bytes);
    for (String object :
        List.of(
            "{\"statusCode\":200,\"body\":\"" + encoded + "\",\"isBase64Encoded\":true}",
            "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\""
                + encoded.replace("/", "\\/")
                + "\"}",
            "{\"statusCode\":200,\"body\":\"x\",\"isBase64Encoded\":true,\"body\":\""
                + encoded
                + "\"}",
            "{\"statusCode\":200,\"body\":\""
                + encoded
                + "\",\"body\":{\"a\":1},\"isBase64Encoded\":false}",
            "{\"statusCode\":200,\"body\":null,\"isBase64Encoded\":true}",
            "{\"statusCode\":200,\"body\":12.50,\"isBase64Encoded\":false}",
            "{\"statusCode\":200,\"body\":\"" + encoded + "\",\"isBase64Encoded\":true} {}",
            "{\"statusCode\":200,\"body\":\""
                + encoded.substring(1)
                + "\",\"isBase64Encoded\":true}")) {
      assertReadAlike(utf8(object));
    }
    assertThat(
            HttpApiV2.readResponse(
                    utf8(
                        "{\"statusCode\":200,\"body\":\""
                            + encoded
                            + "\",\"isBase64Encoded\":true}"))
                .orElseThrow()
                .body()
                .unsafeArray())
        .isEqualTo(bytes);
  }

  @Test
  @DisplayName("any response object, whole or damaged, reads as the tree reads it")
  void anyResponseObjectReadsAsTheTreeDoes() {
    Gen<byte[]> written =
        Gen.zip(
            METADATA,
            BODIES,
            Gen.ints(100, 599),
            (headers, body, status) ->
                HttpApiV2.writeResponse(new HttpApiV2.Response(status, headers, body)));
    // Another writer's escapes: Jackson's, with every non-ASCII character as \\u escapes or not.
    Gen<byte[]> byJackson =
        Gen.zip(
            Strings.any(40),
            Gen.bools(),
            (text, escapeNonAscii) -> {
              ObjectWriter writer =
                  escapeNonAscii
                      ? Json.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII)
                      : Json.MAPPER.writer();
              try {
                return writer.writeValueAsBytes(
                    Json.MAPPER.createObjectNode().put("statusCode", 200).put("body", text));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    Gen<byte[]> seeds = Gen.oneOf(written, byJackson);
    Fuzz.forAll(
        2_000,
        Gen.oneOf(
            seeds,
            Bytes.mutate(
                seeds,
                List.of(
                    "\\",
                    "\\u",
                    "\\ud800",
                    "\"",
                    "\"body\":",
                    "\"isBase64Encoded\":true,",
                    "\u00e9",
                    "\ud83d\ude00",
                    ",",
                    "}"))),
        HttpApiV2Test::assertReadAlike);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
