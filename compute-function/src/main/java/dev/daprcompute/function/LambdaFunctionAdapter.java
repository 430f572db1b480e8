package dev.daprcompute.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.internal.Json;
import dev.daprcompute.api.protocol.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Hosts a {@link FunctionRouter} on AWS Lambda: reads the API Gateway HTTP API payload v2.0 event
 * (the Function URL format, and what the {@code compute.aws.lambda} component sends through the
 * Invoke API) and writes the v2.0 response object. JSON string in, JSON string out: no AWS
 * library needed; call it from any Lambda handler:
 *
 * <pre>{@code
 * public class Handler implements RequestStreamHandler {
 *   static final LambdaFunctionAdapter ADAPTER = new LambdaFunctionAdapter(router);
 *   public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
 *     out.write(ADAPTER.handle(new String(in.readAllBytes(), UTF_8)).getBytes(UTF_8));
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LambdaFunctionAdapter {
  private final FunctionHttpHandler router;

  /** An adapter answering with {@code router} (a {@link FunctionRouter}, usually). */
  public LambdaFunctionAdapter(FunctionHttpHandler router) {
    this.router = Objects.requireNonNull(router, "router == null");
  }

  /** Answers one v2.0 event with a v2.0 response; never throws for a bad event (it answers 400). */
  public String handle(String eventJson) {
    FunctionHttpRequest request;
    try {
      request = toRequest(Json.MAPPER.readTree(eventJson));
    } catch (IOException | IllegalArgumentException e) {
      return write(new FunctionHttpResponse(400, Metadata.of(Protocol.MARKER_HEADER, Integer.toString(Protocol.VERSION),
          "content-type", "application/json"), Payload.ofUtf8("{\"error\":\"not an API Gateway v2.0 event\"}")));
    }
    return write(router.handle(request));
  }

  static FunctionHttpRequest toRequest(JsonNode event) {
    if (!event.isObject() || !"2.0".equals(event.path("version").asText("2.0"))) {
      throw new IllegalArgumentException("not a v2.0 event");
    }
    String method = event.path("requestContext").path("http").path("method").asText("");
    if (method.isEmpty()) {
      throw new IllegalArgumentException("no requestContext.http.method");
    }
    Metadata.Builder headers = Metadata.builder();
    event.path("headers").fields().forEachRemaining(e -> headers.add(e.getKey(), e.getValue().asText()));
    List<String> cookies = new ArrayList<>();
    event.path("cookies").forEach(c -> cookies.add(c.asText()));
    if (!cookies.isEmpty()) {
      headers.set("cookie", String.join("; ", cookies));
    }
    String body = event.path("body").isTextual() ? event.path("body").asText() : "";
    Payload payload = event.path("isBase64Encoded").asBoolean(false)
        ? Payload.wrap(Base64.getDecoder().decode(body))
        : Payload.ofUtf8(body);
    String path = event.path("rawPath").asText("/");
    return new FunctionHttpRequest(method.toUpperCase(Locale.ROOT), path.isEmpty() ? "/" : path,
        event.path("rawQueryString").asText(""), headers.build(), payload);
  }

  static String write(FunctionHttpResponse response) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("statusCode", response.status());
    ObjectNode headers = out.putObject("headers");
    ArrayNode cookies = null;
    Map<String, List<String>> all = new LinkedHashMap<>(response.headers().asMap());
    for (Map.Entry<String, List<String>> e : all.entrySet()) {
      if (e.getKey().equals("set-cookie")) {
        cookies = out.putArray("cookies");
        e.getValue().forEach(cookies::add);
      } else {
        headers.put(e.getKey(), String.join(", ", e.getValue()));
      }
    }
    byte[] body = response.body().unsafeArray();
    String text = body.length == 0 ? "" : utf8(body);
    if (text == null) {
      out.put("body", Base64.getEncoder().encodeToString(body));
      out.put("isBase64Encoded", true);
    } else {
      out.put("body", text);
      out.put("isBase64Encoded", false);
    }
    try {
      return Json.MAPPER.writeValueAsString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text when {@code bytes} are valid UTF-8 without NUL, else null (sent as base64). */
  private static @org.jspecify.annotations.Nullable String utf8(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return null;
      }
    }
    return Payload.wrap(bytes).utf8Text().orElse(null);
  }
}
