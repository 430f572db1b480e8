package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.protocol.Metadata;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The one way a component's HTTP client is set up, whatever the runtime's shared client says:
 * protocol.md section 5 allows the client no judgement of its own about a platform's answers.
 *
 * <ul>
 *   <li>No redirects. A redirected topic POST becomes a body-less GET, or is re-sent with the event
 *       and the token to whatever host {@code Location} names; either way an answer that is not the
 *       function's could be read as the function's. A redirect is a platform answer like any other.
 *   <li>No timeouts of OkHttp's own (its defaults are 10 s each for connect, read and write): a
 *       call's only deadline is the component's {@code timeout}, enforced by {@link Exchange}.
 *   <li>No hidden re-sends: OkHttp repeats a request answered {@code 503} with {@code Retry-After:
 *       0} by itself, POST included; {@link #NO_SILENT_RETRY} hides that header from OkHttp's
 *       follow-up logic and {@link #headerName} gives it back.
 * </ul>
 *
 * Thread-safe; stateless.
 */
public final class HttpClients {
  private HttpClients() {}

  /** Where {@code Retry-After} of a 503 travels past OkHttp's follow-up logic. */
  static final String HIDDEN_RETRY_AFTER = "x-dapr-compute-retry-after";

  /** Renames a 503's {@code Retry-After}, which is the only thing that makes OkHttp re-send it. */
  static final Interceptor NO_SILENT_RETRY = new NoSilentRetry();

  /** {@code client} with the rules above; its connection pool and dispatcher are shared. */
  public static OkHttpClient harden(OkHttpClient client) {
    OkHttpClient.Builder builder =
        client
            .newBuilder()
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(java.time.Duration.ZERO)
            .readTimeout(java.time.Duration.ZERO)
            .writeTimeout(java.time.Duration.ZERO)
            .callTimeout(java.time.Duration.ZERO);
    if (!client.networkInterceptors().contains(NO_SILENT_RETRY)) {
      builder.addNetworkInterceptor(NO_SILENT_RETRY);
    }
    return builder.build();
  }

  /**
   * The header's real name: {@code retry-after} for {@link #HIDDEN_RETRY_AFTER}, else {@code name}.
   */
  static String headerName(String name) {
    return name.equalsIgnoreCase(HIDDEN_RETRY_AFTER) ? "retry-after" : name;
  }

  private static final class NoSilentRetry implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      if (response.code() != 503) {
        return response;
      }
      String retryAfter = response.header("Retry-After");
      if (retryAfter == null) {
        return response;
      }
      return response
          .newBuilder()
          .removeHeader("Retry-After")
          .header(HIDDEN_RETRY_AFTER, retryAfter)
          .build();
    }
  }

  /**
   * A failure of the network (no answer at all) as a retryable {@link ComputeUnavailableException}.
   */
  public static ComputeUnavailableException networkFailure(
      String what, IOException e, Duration timeout) {
    if (e instanceof InterruptedIOException
        && !(e instanceof java.net.SocketTimeoutException)
        && !"timeout".equals(e.getMessage())) {
      return new ComputeUnavailableException(
          Reason.CONNECTION_FAILED, what + " was interrupted", e);
    }
    if (e instanceof InterruptedIOException) {
      return new ComputeUnavailableException(
          Reason.TIMEOUT, what + " did not finish within " + timeout.toMillis() + " ms", e);
    }
    if (e instanceof SSLException) {
      return new ComputeUnavailableException(
          Reason.CONNECTION_FAILED,
          what
              + " failed the TLS handshake ("
              + e.getMessage()
              + "): if the endpoint's certificate comes from a private CA, set caCertificate",
          e);
    }
    if (e instanceof ConnectException || e instanceof UnknownHostException) {
      return new ComputeUnavailableException(
          Reason.CONNECTION_FAILED,
          what + " could not connect: " + e.getClass().getSimpleName() + " " + e.getMessage(),
          e);
    }
    if ("Canceled".equals(e.getMessage())) {
      return new ComputeUnavailableException(Reason.CONNECTION_FAILED, what + " was cancelled", e);
    }
    return new ComputeUnavailableException(
        Reason.CONNECTION_FAILED,
        what
            + " failed: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()),
        e);
  }

  /** The response's headers as metadata. */
  public static Metadata headers(Response response) {
    Metadata.Builder builder = Metadata.builder();
    okhttp3.Headers headers = response.headers();
    for (int i = 0; i < headers.size(); i++) {
      builder.add(headerName(headers.name(i)), headers.value(i));
    }
    return builder.build();
  }

  /**
   * The whole body, refusing more than {@code limit} bytes. A body of a declared length is read
   * straight into an array of that length, a slice at a time (the reply costs its own size once);
   * one of unknown length (chunked, or decompressed by OkHttp) is buffered first, then copied.
   */
  public static byte[] readAtMost(ResponseBody body, long limit) throws IOException {
    long declared = body.contentLength();
    if (declared > limit) {
      throw new TooLarge();
    }
    BufferedSource source = body.source();
    if (declared >= 0 && declared <= MAX_ARRAY) {
      byte[] bytes = new byte[(int) declared];
      for (int at = 0; at < bytes.length; ) {
        int read = source.read(bytes, at, bytes.length - at);
        if (read < 0) {
          throw new EOFException(
              "the body ended after " + at + " of the " + declared + " bytes it declared");
        }
        at += read;
      }
      return bytes;
    }
    if (source.request(limit + 1)) {
      throw new TooLarge();
    }
    return source.readByteArray();
  }

  /** The largest array the JVM allocates. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** A body over its limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("body over the limit", null);
    }
  }
}
