package dev.daprcompute.api;

import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What the runtime shares with every {@link Compute} it creates: the HTTP client, the clock, the
 * app ID, and two optional hooks, the observation registry (metrics and traces) and the init
 * listener (progress while init retries). Both hooks are off unless given, at no cost to a call.
 *
 * @param httpClient the HTTP client to derive from ({@link OkHttpClient#newBuilder()} shares its
 *     connection pool and dispatcher); the runtime owns it and shuts it down
 * @param clock the clock for tokens and deadlines
 * @param appId the Dapr app ID the function serves (the token's {@code sub}), if known
 * @param observations where components report their calls, init attempts and token signings as
 *     Micrometer observations (the names and keys are {@link
 *     dev.daprcompute.api.observation.ComputeObservation}); {@link ObservationRegistry#NOOP}, the
 *     default, reports nothing and costs a call nothing
 * @param initListener hears about each init attempt that failed and will be retried; {@link
 *     InitListener#NONE} by default
 */
public record ComputeContext(
    OkHttpClient httpClient,
    Clock clock,
    @Nullable String appId,
    ObservationRegistry observations,
    InitListener initListener) {

  private static final class DefaultClient {
    /**
     * OkHttp's defaults but the pool: it keeps 5 idle connections, and a component keeps up to
     * {@code maxConcurrency} (64 by default) calls in flight, so at that load it closed and opened
     * a connection every few dozen calls (docs/benchmarks.md). This one keeps 256, for a few
     * components at full load, each still closed after OkHttp's 5 idle minutes.
     */
    static final OkHttpClient INSTANCE =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
            .build();
  }

  public ComputeContext {
    Objects.requireNonNull(httpClient, "httpClient == null");
    Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(
        observations, "observations == null (ObservationRegistry.NOOP for none)");
    Objects.requireNonNull(initListener, "initListener == null (InitListener.NONE for none)");
  }

  /** A context without observations or an init listener. */
  public ComputeContext(OkHttpClient httpClient, Clock clock, @Nullable String appId) {
    this(httpClient, clock, appId, ObservationRegistry.NOOP, InitListener.NONE);
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
    return new ComputeContext(httpClient, clock, appId, observations, initListener);
  }

  /** This context with another HTTP client. */
  public ComputeContext withHttpClient(OkHttpClient httpClient) {
    return new ComputeContext(httpClient, clock, appId, observations, initListener);
  }

  /**
   * This context reporting to {@code observations}: components created with it observe each call,
   * init attempt and token signing there (docs/observability.md).
   */
  public ComputeContext withObservations(ObservationRegistry observations) {
    return new ComputeContext(httpClient, clock, appId, observations, initListener);
  }

  /** This context telling {@code initListener} about init attempts that will be retried. */
  public ComputeContext withInitListener(InitListener initListener) {
    return new ComputeContext(httpClient, clock, appId, observations, initListener);
  }
}
