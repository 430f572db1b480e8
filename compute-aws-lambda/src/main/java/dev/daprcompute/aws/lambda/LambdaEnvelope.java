package dev.daprcompute.aws.lambda;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The API Gateway HTTP API payload v2.0, as a Lambda Function URL writes and reads it: a protocol
 * request becomes the event a function receives, and the function's return value becomes its
 * answer. Stateless.
 */
final class LambdaEnvelope {
  private LambdaEnvelope() {}

  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * The v2.0 event of {@code request}: {@code rawPath}, {@code rawQueryString}, the headers with
   * lower-case names (several values joined with commas, cookies in {@code cookies}), the method in
   * {@code requestContext.http.method}, and the body as text when its content type is textual and
   * it is UTF-8, else base64.
   *
   * @param domainName what {@code requestContext.domainName} says (the function's name)
   * @param now the request time
   */
  static byte[] write(FunctionRequest request, String domainName, Instant now) {
    byte[] body = request.body().unsafeArray();
    String text = body.length == 0 ? "" : textual(request.contentType()) ? utf8(body) : null;
    ByteArrayOutputStream out = new ByteArrayOutputStream(
        512 + (text != null ? body.length + body.length / 8 : (body.length + 2) / 3 * 4));
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("version", "2.0");
      json.writeStringField("routeKey", "$default");
      json.writeStringField("rawPath", request.path());
      json.writeStringField("rawQueryString", request.rawQuery());
      List<String> cookies = new ArrayList<>();
      for (String value : request.headers().all("cookie")) {
        for (String cookie : value.split(";")) {
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
      json.writeObjectFieldStart("headers");
      for (Map.Entry<String, List<String>> header : request.headers().asMap().entrySet()) {
        if (!header.getKey().equals("cookie")) {
          json.writeStringField(header.getKey(), String.join(",", header.getValue()));
        }
      }
      json.writeEndObject();
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
      json.writeStringField("method", request.verb());
      json.writeStringField("path", request.path());
      json.writeStringField("protocol", "HTTP/1.1");
      json.writeStringField("userAgent", request.headers().first("user-agent").orElse("dapr-compute"));
      json.writeEndObject();
      json.writeStringField("requestId", UUID.randomUUID().toString());
      json.writeStringField("routeKey", "$default");
      json.writeStringField("stage", "$default");
      json.writeStringField("time", EVENT_TIME.format(now));
      json.writeNumberField("timeEpoch", now.toEpochMilli());
      json.writeEndObject();
      if (text != null) {
        json.writeStringField("body", text);
        json.writeBooleanField("isBase64Encoded", false);
      } else {
        json.writeFieldName("body");
        json.writeBinary(body); // base64 (Jackson's default variant: standard alphabet, padded, no line feeds)
        json.writeBooleanField("isBase64Encoded", true);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * The function's answer in its return value, read as a Function URL reads it: a v2.0 response
   * object ({@code statusCode}, {@code headers}, {@code cookies}, {@code body},
   * {@code isBase64Encoded}); any other JSON value is a 200 {@code application/json} answer with
   * that value as body. Empty when {@code returned} is not JSON at all (not a function's return
   * value).
   *
   * @throws ProtocolViolationException when a response object's base64 body does not decode
   */
  static Optional<PlatformResponse> read(byte[] returned) {
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
      return Optional.of(PlatformResponse.of(200, Metadata.of("content-type", "application/json"), Payload.wrap(returned)));
    }
    Metadata.Builder headers = Metadata.builder();
    value.path("headers").properties().forEach(header -> {
      if (header.getValue().isValueNode() && !header.getValue().isNull()) {
        headers.add(header.getKey(), header.getValue().asText());
      }
    });
    value.path("cookies").forEach(cookie -> {
      if (cookie.isTextual()) {
        headers.add("set-cookie", cookie.asText());
      }
    });
    JsonNode bodyNode = value.get("body");
    String body = bodyNode == null || bodyNode.isNull() ? "" : bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
    Payload payload;
    if (value.path("isBase64Encoded").asBoolean(false)) {
      try {
        payload = Payload.wrap(Base64.getDecoder().decode(body));
      } catch (IllegalArgumentException e) {
        throw new ProtocolViolationException("the function's Lambda response says isBase64Encoded but its body is not base64: "
            + e.getMessage(), e);
      }
    } else {
      payload = Payload.ofUtf8(body);
    }
    return Optional.of(PlatformResponse.of(status, headers.build(), payload));
  }

  /** An HTTP status in {@code node} (a number, or digits in a string), else -1. */
  private static int statusCode(@Nullable JsonNode node) {
    if (node == null) {
      return -1;
    }
    int status;
    if (node.isIntegralNumber() && node.canConvertToInt()) { // 4294967496 is not 200 (its low 32 bits)
      status = node.asInt();
    } else if (node.isTextual() && node.asText().matches("\\d{3}")) {
      status = Integer.parseInt(node.asText());
    } else {
      return -1;
    }
    return status >= 100 && status <= 599 ? status : -1;
  }

  /** Whether a body of {@code contentType} travels as text (when it is UTF-8), as API Gateway treats it. */
  static boolean textual(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    type = (semicolon >= 0 ? type.substring(0, semicolon) : type).strip();
    return type.startsWith("text/") || Json.isJsonContentType(type) || type.endsWith("+xml")
        || type.equals("application/xml") || type.equals("application/x-www-form-urlencoded")
        || type.equals("application/javascript") || type.equals("application/graphql");
  }

  /** The text when {@code bytes} are UTF-8, else null. */
  private static @Nullable String utf8(byte[] bytes) {
    return Payload.wrap(bytes).utf8Text().orElse(null);
  }

  /** Decoded parameters, several values of one name joined with commas, as API Gateway does. */
  private static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return parameters;
    }
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = SigV4.decode(eq >= 0 ? part.substring(0, eq) : part);
      String value = SigV4.decode(eq >= 0 ? part.substring(eq + 1) : "");
      parameters.merge(name, value, (a, b) -> a + "," + b);
    }
    return parameters;
  }
}
