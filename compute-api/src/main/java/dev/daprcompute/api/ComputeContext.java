package dev.daprcompute.api;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What the runtime shares with every {@link Compute} it creates.
 *
 * @param httpClient the HTTP client to derive from ({@link OkHttpClient#newBuilder()} shares its
 *     connection pool and dispatcher); the runtime owns it and shuts it down
 * @param clock the clock for tokens and deadlines
 * @param appId the Dapr app ID the function serves (the token's {@code sub}), if known
 */
public record ComputeContext(OkHttpClient httpClient, Clock clock, @Nullable String appId) {

  private static final class DefaultClient {
    /**
     * OkHttp's defaults but the pool: it keeps 5 idle connections, and a component keeps up to
     * {@code maxConcurrency} (64 by default) calls in flight, so at that load it closed and opened
     * a connection every few dozen calls (docs/benchmarks.md). This one keeps 256, for a few
     * components at full load, each still closed after OkHttp's 5 idle minutes.
     */
    static final OkHttpClient INSTANCE = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
        .build();
  }

  public ComputeContext {
    Objects.requireNonNull(httpClient, "httpClient == null");
    Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * A context with a process-wide default HTTP client and the system clock. The client lives as
   * long as the JVM: runtimes that create and discard many components should pass their own.
   */
  public static ComputeContext defaults() {
    return new ComputeContext(DefaultClient.INSTANCE, Clock.systemUTC(), null);
  }

  /** This context for another app ID. */
  public ComputeContext withAppId(@Nullable String appId) {
    return new ComputeContext(httpClient, clock, appId);
  }
}
