package dev.daprcompute.testkit;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * A runtime's shared HTTP client set up carelessly: OkHttp's redirect following and connection
 * retries on, and short timeouts of OkHttp's own (300 ms). Components are created with it in the
 * conformance suite and the fault soak, so that a provider which keeps the client's judgement
 * instead of its component's rules (protocol.md section 5) fails there.
 */
final class CarelessClient {
  private CarelessClient() {}

  /** OkHttp's own read, write and connect timeouts: far below any component timeout a test uses. */
  static final Duration OWN_TIMEOUTS = Duration.ofMillis(300);

  /** The client; shared, since OkHttp clients are thread-safe and share their pools. */
  static final OkHttpClient INSTANCE =
      new OkHttpClient.Builder()
          .followRedirects(true)
          .followSslRedirects(true)
          .retryOnConnectionFailure(true)
          .connectTimeout(OWN_TIMEOUTS)
          .readTimeout(OWN_TIMEOUTS)
          .writeTimeout(OWN_TIMEOUTS)
          .build();
}
