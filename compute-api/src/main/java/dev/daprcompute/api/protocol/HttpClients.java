package dev.daprcompute.api.protocol;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

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
 *   <li>No hidden re-sends: OkHttp repeats a request answered {@code 503} with
 *       {@code Retry-After: 0} by itself, POST included; {@link #NO_SILENT_RETRY} hides that
 *       header from OkHttp's follow-up logic and {@link #headerName} gives it back.
 * </ul>
 *
 * Thread-safe; stateless.
 */
final class HttpClients {
  private HttpClients() {}

  /** Where {@code Retry-After} of a 503 travels past OkHttp's follow-up logic. */
  static final String HIDDEN_RETRY_AFTER = "x-dapr-compute-retry-after";

  /** Renames a 503's {@code Retry-After}, which is the only thing that makes OkHttp re-send it. */
  static final Interceptor NO_SILENT_RETRY = new NoSilentRetry();

  /** {@code client} with the rules above; its connection pool and dispatcher are shared. */
  static OkHttpClient harden(OkHttpClient client) {
    OkHttpClient.Builder builder = client.newBuilder()
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

  /** The header's real name: {@code retry-after} for {@link #HIDDEN_RETRY_AFTER}, else {@code name}. */
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
      return response.newBuilder().removeHeader("Retry-After").header(HIDDEN_RETRY_AFTER, retryAfter).build();
    }
  }
}
