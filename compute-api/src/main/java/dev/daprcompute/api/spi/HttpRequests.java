package dev.daprcompute.api.spi;

import dev.daprcompute.protocol.internal.SafePaths;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Builds OkHttp requests for transports that send the protocol request as it is, below a base URL
 * (plain HTTP, Azure Functions, OpenFaaS, Cloudflare Workers, Lambda Function URLs).
 */
public final class HttpRequests {
  private HttpRequests() {}

  /**
   * {@code path} as the component sends a request's path below a base URL: starting with
   * {@code /}, percent-encoded in one normal form, {@code .} and {@code ..} segments resolved. A
   * provider that derives routes from the platform (topic annotations, say) checks them with it.
   *
   * @throws IllegalArgumentException saying why {@code path} can never be sent: a control
   *     character, a backslash, an encoded slash, backslash or NUL, or {@code ..} climbing above
   *     the base URL
   */
  public static String normalizedPath(String path) {
    return SafePaths.normalize(path);
  }

  /**
   * {@code request} sent to {@code baseUrl} + its path and query, with every header of the
   * request. Add platform credentials to the returned builder.
   */
  public static Request.Builder below(HttpUrl baseUrl, FunctionRequest request) {
    Request.Builder builder = new Request.Builder().url(resolve(baseUrl, request));
    builder.headers(headers(request.headers()));
    builder.method(request.verb(), body(request.verb(), request.body(), request.contentType()));
    return builder;
  }

  /**
   * The headers as OkHttp headers. Values were checked for CR, LF and NUL when the request was
   * built; other non-ASCII characters (UTF-8 metadata from gRPC callers) are allowed through.
   */
  public static Headers headers(Metadata headers) {
    Headers.Builder builder = new Headers.Builder();
    headers.forEach(builder::addUnsafeNonAscii);
    return builder.build();
  }

  /** {@code baseUrl} followed by the request's path and query; the base path is kept. */
  public static HttpUrl resolve(HttpUrl baseUrl, FunctionRequest request) {
    return BaseUrls.below(baseUrl, request.path(), request.rawQuery());
  }

  /**
   * A body for {@code verb}: none for GET and HEAD, an empty one where OkHttp demands one.
   */
  public static @Nullable RequestBody body(String verb, Payload payload, String contentType) {
    if (verb.equals("GET") || verb.equals("HEAD")) {
      return null;
    }
    boolean required = verb.equals("POST") || verb.equals("PUT") || verb.equals("PATCH");
    if (payload.isEmpty() && contentType.isEmpty()) {
      return required ? RequestBody.create(new byte[0], null) : null;
    }
    MediaType mediaType = contentType.isEmpty() ? null : MediaType.parse(contentType);
    return RequestBody.create(payload.unsafeArray(), mediaType);
  }
}
