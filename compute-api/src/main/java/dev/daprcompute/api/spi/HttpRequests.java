package dev.daprcompute.api.spi;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.SafePaths;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * Builds OkHttp requests for transports that send the protocol request as it is, below a base URL
 * (plain HTTP, Azure Functions, OpenFaaS, Cloudflare Workers, Lambda Function URLs).
 */
public final class HttpRequests {
  private HttpRequests() {}

  /**
   * {@code path} as the component sends a request's path below a base URL: starting with {@code /},
   * percent-encoded in one normal form, {@code .} and {@code ..} segments resolved. A provider that
   * derives routes from the platform (topic annotations, say) checks them with it.
   *
   * @throws IllegalArgumentException saying why {@code path} can never be sent: a control
   *     character, a backslash, an encoded slash, backslash or NUL, or {@code ..} climbing above
   *     the base URL
   */
  public static String normalizedPath(String path) {
    return SafePaths.normalize(path);
  }

  /**
   * {@code request} sent to {@code baseUrl} + its path and query, with every header of the request.
   * Add platform credentials to the returned builder.
   */
  public static Request.Builder below(HttpUrl baseUrl, FunctionRequest request) {
    return at(resolve(baseUrl, request), request);
  }

  /**
   * The HTTP request for {@code request} at {@code url}, already resolved (by {@link #resolve},
   * say, whose result a transport may keep for a path it calls often): its headers, verb and body.
   */
  public static Request.Builder at(HttpUrl url, FunctionRequest request) {
    Request.Builder builder = new Request.Builder().url(url);
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
   * A body for {@code verb}: none for GET and HEAD, an empty one where OkHttp demands one, else the
   * payload's bytes ({@link #bytes}), one-shot for POST and PATCH (never sent twice).
   */
  public static @Nullable RequestBody body(String verb, Payload payload, String contentType) {
    if (verb.equals("GET") || verb.equals("HEAD")) {
      return null;
    }
    boolean required = verb.equals("POST") || verb.equals("PUT") || verb.equals("PATCH");
    if (payload.isEmpty() && contentType.isEmpty()) {
      return required ? RequestBody.create(new byte[0], null) : null;
    }
    MediaType mediaType = contentType.isEmpty() ? null : mediaType(contentType);
    byte[] bytes = payload.unsafeArray();
    // OkHttp never sends a POST or PATCH body twice (see Exchange), so it need not be wrapped
    // again.
    return new SlicedBody(
        bytes, 0, bytes.length, mediaType, verb.equals("POST") || verb.equals("PATCH"));
  }

  /**
   * The last content types parsed: a call's is nearly always one seen before (parsing takes a
   * regex).
   */
  private static final Map<String, Optional<MediaType>> MEDIA_TYPES = new ConcurrentHashMap<>();

  private static final int MEDIA_TYPES_KEPT = 64;

  private static @Nullable MediaType mediaType(String contentType) {
    Optional<MediaType> known = MEDIA_TYPES.get(contentType);
    if (known == null) {
      known = Optional.ofNullable(MediaType.parse(contentType));
      if (MEDIA_TYPES.size() < MEDIA_TYPES_KEPT) {
        MEDIA_TYPES.put(contentType, known);
      }
    }
    return known.orElse(null);
  }

  /**
   * A request body of {@code length} bytes of {@code bytes} from {@code offset}, which must not
   * change while the request may be sent. OkHttp's own byte-array body hands the whole array to its
   * buffer at once, which copies all of it into buffer segments before the first byte goes out (as
   * much again as the body, for every call); this one writes it in slices of {@value #SLICE} bytes,
   * each sent before the next is copied, so a body costs no more memory in flight than one slice.
   * Repeatable (it may be written again on a retried idempotent call).
   */
  public static RequestBody bytes(
      byte[] bytes, int offset, int length, @Nullable MediaType contentType) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new SlicedBody(bytes, offset, length, contentType, false);
  }

  /** How much of a body is handed to OkHttp's buffer at once: 8 of its segments. */
  static final int SLICE = 64 * 1024;

  private static final class SlicedBody extends RequestBody {
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final @Nullable MediaType contentType;
    private final boolean oneShot;

    SlicedBody(
        byte[] bytes, int offset, int length, @Nullable MediaType contentType, boolean oneShot) {
      this.bytes = bytes;
      this.offset = offset;
      this.length = length;
      this.contentType = contentType;
      this.oneShot = oneShot;
    }

    @Override
    public boolean isOneShot() {
      return oneShot;
    }

    @Override
    public @Nullable MediaType contentType() {
      return contentType;
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      int end = offset + length;
      for (int at = offset; at < end; at += SLICE) {
        // A buffered sink passes on only complete segments: each slice leaves at most one partial
        // segment behind, and the pool gets the rest back before the next slice is copied.
        sink.write(bytes, at, Math.min(SLICE, end - at));
      }
    }
  }
}
