package dev.daprcompute.examples.azure;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import dev.daprcompute.function.FunctionHttpHandler;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.function.FunctionHttpResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Hosts a {@link FunctionHttpHandler} (a {@code FunctionRouter}) on the Java worker's HTTP trigger:
 * the trigger's request becomes a {@link FunctionHttpRequest} whose path is what follows the base
 * path ({@code /api/dapr}: host.json's {@code routePrefix} and the route's fixed part), and the
 * router's answer becomes the trigger's response. Immutable and thread-safe.
 */
final class AzureHttp {
  private final FunctionHttpHandler handler;
  private final String basePath;

  /**
   * @param handler answers the requests
   * @param basePath the path the catch-all route starts below, such as {@code /api/dapr}
   */
  AzureHttp(FunctionHttpHandler handler, String basePath) {
    this.handler = Objects.requireNonNull(handler, "handler == null");
    String base = basePath.startsWith("/") ? basePath : "/" + basePath;
    this.basePath = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /**
   * Answers one trigger invocation; never throws for a request it cannot place (it answers 500).
   */
  HttpResponseMessage handle(HttpRequestMessage<Optional<byte[]>> request) {
    URI uri = request.getUri();
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    String path = below(rawPath);
    if (path == null) {
      // Only a wrong DAPR_COMPUTE_BASE_PATH gets here: the trigger's route decides what arrives.
      return write(
          request,
          new FunctionHttpResponse(
              500,
              Metadata.of(
                  Protocol.MARKER_HEADER,
                  Integer.toString(Protocol.VERSION),
                  "content-type",
                  "application/json"),
              Payload.ofUtf8(
                  "{\"error\":\"the request path is not below DAPR_COMPUTE_BASE_PATH "
                      + basePath
                      + ": set it to host.json's routePrefix and the route's fixed part, such as /api/dapr\"}")));
    }
    Metadata.Builder headers = Metadata.builder();
    Map<String, String> received = request.getHeaders();
    if (received != null) {
      received.forEach(headers::add);
    }
    Optional<byte[]> body = request.getBody();
    Payload payload = body == null || body.isEmpty() ? Payload.empty() : Payload.wrap(body.get());
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    FunctionHttpRequest call =
        new FunctionHttpRequest(
            request.getHttpMethod().name(), path, query, headers.build(), payload);
    return write(request, handler.handle(call));
  }

  /**
   * {@code rawPath} below the base path, {@code /} for the base itself; null when it is not below
   * it. Compared without regard to case, as the host's ASP.NET routes are.
   */
  private @Nullable String below(String rawPath) {
    if (!rawPath.regionMatches(true, 0, basePath, 0, basePath.length())) {
      return null;
    }
    String rest = rawPath.substring(basePath.length());
    if (rest.isEmpty()) {
      return "/";
    }
    return rest.startsWith("/") ? rest : null;
  }

  private static HttpResponseMessage write(
      HttpRequestMessage<?> request, FunctionHttpResponse response) {
    HttpResponseMessage.Builder builder =
        request.createResponseBuilder(HttpStatusType.custom(response.status()));
    for (Map.Entry<String, List<String>> header : response.headers().asMap().entrySet()) {
      // The worker takes one value per name: repeated headers are joined as HTTP allows.
      builder.header(
          header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()));
    }
    return builder.body(response.body().toByteArray()).build();
  }
}
