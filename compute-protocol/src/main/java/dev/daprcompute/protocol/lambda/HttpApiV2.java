package dev.daprcompute.protocol.lambda;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The API Gateway HTTP API payload format 2.0, both ways: the event a Lambda Function URL (and the
 * {@code compute.aws.lambda} component through the Invoke API) hands a function, and the response
 * object the function returns. One codec for both sides, so what one side writes is what the other
 * reads:
 *
 * <ul>
 *   <li>Header names are lower case; several values of one header travel joined with commas, and
 *       are read as one value (a value may hold commas itself, so it is never split).
 *   <li>Request cookies travel in {@code cookies} and are read back as one {@code cookie} header
 *       ({@code "; "} between them); response cookies are the {@code set-cookie} headers.
 *   <li>A body travels as text when its content type is textual ({@link #textual}) and it is UTF-8
 *       without NUL, else base64 ({@code isBase64Encoded}), as API Gateway decides.
 * </ul>
 *
 * <p>Readers throw {@link IllegalArgumentException} saying what is wrong, never what the body held.
 * Thread-safe; stateless.
 */
public final class HttpApiV2 {
  private HttpApiV2() {}

  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * An HTTP request as the v2.0 event carries it.
   *
   * @param method the HTTP method, upper case
   * @param rawPath the path as sent (percent-encoded), starting with {@code /}
   * @param rawQuery the encoded query without {@code ?}; empty for none
   * @param headers the headers, cookies included
   * @param body the body
   */
  public record Request(
      String method, String rawPath, String rawQuery, Metadata headers, Payload body) {
    public Request {
      Objects.requireNonNull(method, "method == null");
      Objects.requireNonNull(rawPath, "rawPath == null");
      Objects.requireNonNull(rawQuery, "rawQuery == null");
      Objects.requireNonNull(headers, "headers == null");
      Objects.requireNonNull(body, "body == null");
    }
  }

  /**
   * An HTTP response as the v2.0 response object carries it.
   *
   * @param status the HTTP status
   * @param headers the headers, {@code set-cookie} included
   * @param body the body
   */
  public record Response(int status, Metadata headers, Payload body) {
    public Response {
      Objects.requireNonNull(headers, "headers == null");
      Objects.requireNonNull(body, "body == null");
    }
  }

  // ---------------------------------------------------------------- the event

  /**
   * The v2.0 event of {@code request}, as a Function URL writes it: {@code rawPath}, {@code
   * rawQueryString} and the decoded {@code queryStringParameters}, the headers, the cookies, {@code
   * requestContext} (method, path, the time) and the body.
   *
   * @param domainName what {@code requestContext.domainName} says (the function's name)
   * @param now the request time
   */
  public static byte[] writeRequest(Request request, String domainName, Instant now) {
    byte[] body = request.body().unsafeArray();
    boolean text = isText(request.headers().first("content-type").orElse(""), body);
    return withBody(
        fields(
            json -> {
              json.writeStringField("version", "2.0");
              json.writeStringField("routeKey", "$default");
              json.writeStringField("rawPath", request.rawPath());
              json.writeStringField("rawQueryString", request.rawQuery());
              List<String> cookies = new ArrayList<>();
              for (String value : request.headers().all("cookie")) {
                for (String cookie : value.split(";", -1)) {
                  if (!cookie.isBlank()) {
                    cookies.add(cookie.strip());
                  }
                }
              }
              if (!cookies.isEmpty()) {
                json.writeArrayFieldStart("cookies");
                for (String cookie : cookies) {
                  json.writeString(cookie);
                }
                json.writeEndArray();
              }
              writeHeaders(json, request.headers(), "cookie");
              Map<String, String> parameters = queryParameters(request.rawQuery());
              if (!parameters.isEmpty()) {
                json.writeObjectFieldStart("queryStringParameters");
                for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                  json.writeStringField(parameter.getKey(), parameter.getValue());
                }
                json.writeEndObject();
              }
              json.writeObjectFieldStart("requestContext");
              json.writeStringField("domainName", domainName);
              json.writeObjectFieldStart("http");
              json.writeStringField("method", request.method());
              json.writeStringField("path", request.rawPath());
              json.writeStringField("protocol", "HTTP/1.1");
              json.writeStringField(
                  "userAgent", request.headers().first("user-agent").orElse("dapr-compute"));
              json.writeEndObject();
              json.writeStringField("requestId", UUID.randomUUID().toString());
              json.writeStringField("routeKey", "$default");
              json.writeStringField("stage", "$default");
              json.writeStringField("time", EVENT_TIME.format(now));
              json.writeNumberField("timeEpoch", now.toEpochMilli());
              json.writeEndObject();
            }),
        body,
        text);
  }

  /**
   * The request in a v2.0 event.
   *
   * @throws IllegalArgumentException when {@code event} is not a v2.0 event (not an object, another
   *     {@code version}, no {@code requestContext.http.method}) or its base64 body does not decode
   */
  public static Request readRequest(JsonNode event) {
    if (!event.isObject() || !"2.0".equals(event.path("version").asText("2.0"))) {
      throw new IllegalArgumentException("not an API Gateway v2.0 event");
    }
    String method = event.path("requestContext").path("http").path("method").asText("");
    if (method.isEmpty()) {
      throw new IllegalArgumentException("the v2.0 event has no requestContext.http.method");
    }
    Metadata.Builder headers = readHeaders(event.path("headers"));
    List<String> cookies = new ArrayList<>();
    event
        .path("cookies")
        .forEach(
            cookie -> {
              if (cookie.isValueNode() && !cookie.isNull()) {
                cookies.add(cookie.asText());
              }
            });
    if (!cookies.isEmpty()) {
      headers.set("cookie", String.join("; ", cookies));
    }
    String path = event.path("rawPath").asText("/");
    return new Request(
        method.toUpperCase(Locale.ROOT),
        path.isEmpty() ? "/" : path,
        event.path("rawQueryString").asText(""),
        headers.build(),
        readBody(event, "event"));
  }

  // ---------------------------------------------------------------- the response object

  /**
   * The v2.0 response object of {@code response}; {@code set-cookie} headers go in {@code cookies}.
   */
  public static byte[] writeResponse(Response response) {
    byte[] body = response.body().unsafeArray();
    return withBody(
        fields(
            json -> {
              json.writeNumberField("statusCode", response.status());
              writeHeaders(json, response.headers(), "set-cookie");
              List<String> cookies = response.headers().all("set-cookie");
              if (!cookies.isEmpty()) {
                json.writeArrayFieldStart("cookies");
                for (String cookie : cookies) {
                  json.writeString(cookie);
                }
                json.writeEndArray();
              }
            }),
        body,
        isText(response.headers().first("content-type").orElse(""), body));
  }

  /**
   * The response in a function's return value, read as a Function URL reads it: a v2.0 response
   * object ({@code statusCode}, {@code headers}, {@code cookies}, {@code body}, {@code
   * isBase64Encoded}); any other JSON value is a {@code 200} {@code application/json} answer with
   * that value as body. Empty when {@code returned} is not JSON at all.
   *
   * @throws IllegalArgumentException when a response object says {@code isBase64Encoded} but its
   *     body does not decode
   */
  public static Optional<Response> readResponse(byte[] returned) {
    try {
      ResponseObject object = responseObject(returned);
      Optional<Response> read = object == null ? null : object.response(returned);
      if (read != null) {
        return read;
      }
    } catch (IOException notJson) {
      return Optional.empty();
    }
    // Not an object, or a body string only a full parser reads alike: the tree, as a whole.
    JsonNode value;
    try {
      value = Json.MAPPER.readTree(returned);
    } catch (IOException notJson) {
      return Optional.empty();
    }
    if (value == null || value.isMissingNode()) {
      return Optional.empty();
    }
    int status = value.isObject() ? statusCode(value.get("statusCode")) : -1;
    if (status < 0) {
      return Optional.of(json(returned));
    }
    return Optional.of(
        new Response(status, responseHeaders(value).build(), readBody(value, "response object")));
  }

  private static Response json(byte[] returned) {
    return new Response(
        200, Metadata.of("content-type", "application/json"), Payload.wrap(returned));
  }

  private static Metadata.Builder responseHeaders(JsonNode object) {
    Metadata.Builder headers = readHeaders(object.path("headers"));
    object
        .path("cookies")
        .forEach(
            cookie -> {
              if (cookie.isTextual()) {
                headers.add("set-cookie", cookie.asText());
              }
            });
    return headers;
  }

  /**
   * A response object's fields but a {@code body} string, and where that string's opening quote
   * lies in {@code returned} (-1 for none); null when {@code returned} is not a JSON object. One
   * pass of a streaming parser: the body string is checked and skipped, never built.
   */
  private static @Nullable ResponseObject responseObject(byte[] returned) throws IOException {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(returned)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ObjectNode rest = Json.MAPPER.createObjectNode();
      int quote = -1;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        long offset = parser.currentTokenLocation().getByteOffset();
        if (name.equals("body")
            && token == JsonToken.VALUE_STRING
            && offset >= 0
            && offset < returned.length
            && returned[(int) offset] == '"') {
          quote = (int) offset; // a later body replaces it, as in a tree
          rest.remove(name);
        } else {
          JsonNode node = FIELD_READER.readTree(parser);
          rest.set(name, node == null ? NullNode.getInstance() : node);
          if (name.equals("body")) {
            quote = -1;
          }
        }
      }
      if (parser.nextToken() != null) {
        throw new IOException(
            "more than one JSON value"); // as the mapper reads it (FAIL_ON_TRAILING_TOKENS)
      }
      return new ResponseObject(rest, quote);
    }
  }

  /**
   * Reads one field's value in the middle of an object (the object's end is checked by its reader).
   */
  private static final ObjectReader FIELD_READER =
      Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * A response object's fields but a {@code body} string, which starts at {@code quote} (or -1).
   */
  private record ResponseObject(ObjectNode rest, int quote) {
    /** The response; null when the body string is one to leave to a full parser. */
    @Nullable Optional<Response> response(byte[] returned) {
      int status = statusCode(rest.get("statusCode"));
      if (status < 0) {
        return Optional.of(json(returned));
      }
      boolean base64 = rest.path("isBase64Encoded").asBoolean(false);
      Payload body;
      if (quote < 0) {
        body = readBody(rest, "response object");
      } else {
        int end = BodyBytes.closingQuote(returned, quote);
        if (end < 0) {
          return null;
        }
        if (base64 && !BodyBytes.hasEscape(returned, quote + 1, end)) {
          body = base64(ByteBuffer.wrap(returned, quote + 1, end - quote - 1), "response object");
        } else {
          byte[] text = BodyBytes.unescape(returned, quote + 1, end);
          if (text == null) {
            return null;
          }
          body = base64 ? base64(ByteBuffer.wrap(text), "response object") : Payload.wrap(text);
        }
      }
      return Optional.of(new Response(status, responseHeaders(rest).build(), body));
    }
  }

  /** Decodes base64 into an array of exactly the decoded size. */
  private static Payload base64(ByteBuffer encoded, String what) {
    try {
      ByteBuffer decoded = Base64.getDecoder().decode(encoded);
      byte[] array = decoded.array();
      return Payload.wrap(
          decoded.remaining() == array.length ? array : Arrays.copyOf(array, decoded.remaining()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the " + what + " says isBase64Encoded but its body is not base64", e);
    }
  }

  // ---------------------------------------------------------------- shared rules

  /**
   * Whether a body of {@code contentType} travels as text (when it is UTF-8 without NUL), as API
   * Gateway treats it: {@code text/*}, JSON, XML, form data, JavaScript and GraphQL.
   */
  public static boolean textual(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    type = (semicolon >= 0 ? type.substring(0, semicolon) : type).strip();
    return type.startsWith("text/")
        || Json.isJsonContentType(type)
        || type.endsWith("+xml")
        || type.equals("application/xml")
        || type.equals("application/x-www-form-urlencoded")
        || type.equals("application/javascript")
        || type.equals("application/graphql");
  }

  /**
   * How many bytes {@code body} takes in the event: as it is when it travels as text, else base64.
   */
  public static long encodedSize(String contentType, Payload body) {
    return isText(contentType, body.unsafeArray()) ? body.size() : (body.size() + 2) / 3 * 4;
  }

  private static boolean isText(String contentType, byte[] body) {
    if (body.length == 0) {
      return true;
    }
    if (!textual(contentType)) {
      return false;
    }
    return BodyBytes.isUtf8WithoutNul(body);
  }

  private static void writeHeaders(JsonGenerator json, Metadata headers, String except)
      throws IOException {
    json.writeObjectFieldStart("headers");
    for (Map.Entry<String, List<String>> header : headers.asMap().entrySet()) {
      if (!header.getKey().equals(except)) {
        json.writeStringField(header.getKey(), String.join(",", header.getValue()));
      }
    }
    json.writeEndObject();
  }

  private static Metadata.Builder readHeaders(JsonNode headers) {
    Metadata.Builder out = Metadata.builder();
    headers
        .properties()
        .forEach(
            header -> {
              if (header.getValue().isValueNode() && !header.getValue().isNull()) {
                out.add(header.getKey(), header.getValue().asText());
              }
            });
    return out;
  }

  /** Writes an object's fields. */
  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator json) throws IOException;
  }

  /** A JSON object of {@code fields}, without its closing brace: the body follows. */
  private static byte[] fields(Fields fields) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(2048); // an event's fields and headers fit, most of the time
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  private static final byte[] BODY = ",\"body\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TEXT_END =
      "\",\"isBase64Encoded\":false}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BASE64_END =
      "\",\"isBase64Encoded\":true}".getBytes(StandardCharsets.US_ASCII);

  /**
   * {@code object} (closed) with {@code body} and {@code isBase64Encoded} as its last fields, in
   * one array of exactly its size: the body is escaped or base64-encoded straight into it, not
   * through a string or a growing buffer.
   */
  private static byte[] withBody(byte[] object, byte[] body, boolean text) {
    int head = object.length - 1; // without the closing brace
    byte[] end = text ? TEXT_END : BASE64_END;
    long size =
        head
            + BODY.length
            + (text ? BodyBytes.escapedLength(body) : BodyBytes.base64Length(body.length))
            + end.length;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a body of " + body.length + " bytes does not fit in one v2.0 message");
    }
    byte[] out = new byte[(int) size];
    System.arraycopy(object, 0, out, 0, head);
    System.arraycopy(BODY, 0, out, head, BODY.length);
    int at = head + BODY.length;
    at = text ? BodyBytes.escape(body, out, at) : BodyBytes.base64(body, out, at);
    System.arraycopy(end, 0, out, at, end.length);
    return out;
  }

  private static Payload readBody(JsonNode node, String what) {
    JsonNode bodyNode = node.get("body");
    String body =
        bodyNode == null || bodyNode.isNull()
            ? ""
            : bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
    if (!node.path("isBase64Encoded").asBoolean(false)) {
      return Payload.ofUtf8(body);
    }
    try {
      return Payload.wrap(Base64.getDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the " + what + " says isBase64Encoded but its body is not base64", e);
    }
  }

  /** An HTTP status in {@code node} (a number, or three digits in a string), else -1. */
  private static int statusCode(@Nullable JsonNode node) {
    if (node == null) {
      return -1;
    }
    int status;
    if (node.isIntegralNumber()
        && node.canConvertToInt()) { // 4294967496 is not 200 (its low 32 bits)
      status = node.asInt();
    } else if (node.isTextual() && node.asText().matches("\\d{3}")) {
      status = Integer.parseInt(node.asText());
    } else {
      return -1;
    }
    return status >= 100 && status <= 599 ? status : -1;
  }

  /** Decoded parameters, several values of one name joined with commas, as API Gateway does. */
  private static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String part : rawQuery.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = decode(eq >= 0 ? part.substring(0, eq) : part);
      String value = decode(eq >= 0 ? part.substring(eq + 1) : "");
      parameters.merge(name, value, (a, b) -> a + "," + b);
    }
    return parameters;
  }

  /** Percent-decoding with {@code +} as a space; a stray {@code %} is kept as it is. */
  private static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      int high = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
      int low = i + 2 < bytes.length ? Character.digit(bytes[i + 2], 16) : -1;
      if (bytes[i] == '+') {
        out.write(' ');
      } else if (bytes[i] == '%' && high >= 0 && low >= 0) {
        out.write(high << 4 | low);
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
