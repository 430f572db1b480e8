package dev.daprcompute.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.lambda.HttpApiV2;
import dev.daprcompute.protocol.wire.Marker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Hosts a {@link FunctionRouter} on AWS Lambda: reads the API Gateway HTTP API payload v2.0 event
 * (the Function URL format, and what the {@code compute.aws.lambda} component sends through the
 * Invoke API) and writes the v2.0 response object. JSON string in, JSON string out: no AWS library
 * needed; call it from any Lambda handler:
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
      return write(
          new FunctionHttpResponse(
              400,
              Marker.set(Metadata.builder()).set("content-type", "application/json").build(),
              Payload.ofUtf8("{\"error\":\"not an API Gateway v2.0 event\"}")));
    }
    return write(router.handle(request));
  }

  static FunctionHttpRequest toRequest(JsonNode event) {
    HttpApiV2.Request request = HttpApiV2.readRequest(event);
    return new FunctionHttpRequest(
        request.method(), request.rawPath(), request.rawQuery(), request.headers(), request.body());
  }

  static String write(FunctionHttpResponse response) {
    return new String(
        HttpApiV2.writeResponse(
            new HttpApiV2.Response(response.status(), response.headers(), response.body())),
        StandardCharsets.UTF_8);
  }
}
