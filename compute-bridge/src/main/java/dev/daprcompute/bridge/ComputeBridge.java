package dev.daprcompute.bridge;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.Compute;
import dev.daprcompute.bridge.internal.AppApiToken;
import dev.daprcompute.bridge.internal.AppCallbackAlphaService;
import dev.daprcompute.bridge.internal.AppCallbackService;
import dev.daprcompute.bridge.internal.Catalog;
import dev.daprcompute.bridge.internal.Failure;
import dev.daprcompute.bridge.internal.GrpcCalls;
import dev.daprcompute.bridge.internal.HealthCheckService;
import dev.daprcompute.bridge.internal.HttpAppChannel;
import dev.daprcompute.protocol.internal.JdkHttpHost;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Compute} as a Dapr app, so an unmodified daprd can deliver service invocations,
 * PubSub events and input-binding events to a serverless function.
 *
 * <p>Two app channels, either or both:
 *
 * <ul>
 *   <li><b>gRPC</b> ({@link Builder#grpcPort}, for daprd {@code --app-protocol grpc}): Dapr's
 *       {@code AppCallback}, {@code AppCallbackHealthCheck} and {@code AppCallbackAlpha} services
 *       (bulk topic events; jobs answer UNIMPLEMENTED).
 *   <li><b>HTTP</b> ({@link Builder#httpPort}, for daprd {@code --app-protocol http}): Dapr's HTTP
 *       app channel ({@code {verb} /{method}}, {@code GET /dapr/subscribe}, CloudEvent and bulk
 *       {@code POST /{route}}, {@code OPTIONS} and {@code POST /{binding}}, {@code GET /healthz}).
 * </ul>
 *
 * <p>Invocation replies keep the function's status (mapped to a gRPC code as daprd maps it), and a
 * PubSub event is DROPped only when the function said so: every platform or network failure is
 * RETRY. When {@link Builder#appApiToken} is set, every call must carry daprd's {@code
 * dapr-api-token} (except the HTTP health probe, which daprd sends without it).
 *
 * <pre>{@code
 * try (ComputeHandle handle = ComputeLoader.builder()
 *         .resourcesPath(Path.of("resources")).configuration(Path.of("config.yaml")).build().load();
 *      ComputeBridge bridge = ComputeBridge.builder(handle.compute())
 *         .appId("orders").grpcPort(50051).appApiToken(System.getenv("APP_API_TOKEN")).start()) {
 *   bridge.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Thread-safe. The bridge never closes the Compute: its owner does, after {@link #close()}.
 */
public final class ComputeBridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ComputeBridge.class);

  /**
   * How long {@link Builder#start()} waits for the first subscription and binding lists when no
   * call timeout is set.
   */
  private static final Duration START_FETCH_TIMEOUT = Duration.ofSeconds(10);

  /** The largest gRPC message accepted: room above daprd's default 4 MiB body limit. */
  private static final int MAX_GRPC_MESSAGE = 16 << 20;

  private final @Nullable String appId;
  private final @Nullable Server grpcServer;
  private final @Nullable HttpAppChannel httpChannel;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);

  private ComputeBridge(
      @Nullable String appId, @Nullable Server grpcServer, @Nullable HttpAppChannel httpChannel) {
    this.appId = appId;
    this.grpcServer = grpcServer;
    this.httpChannel = httpChannel;
  }

  /**
   * A builder for a bridge in front of {@code compute}.
   *
   * @param compute an initialised Compute ({@link Compute#init} has returned); the bridge does not
   *     own it
   */
  public static Builder builder(Compute compute) {
    return new Builder(Objects.requireNonNull(compute, "compute == null"));
  }

  /** The port of the gRPC AppCallback server, if it was enabled. */
  public OptionalInt grpcPort() {
    return grpcServer == null ? OptionalInt.empty() : OptionalInt.of(grpcServer.getPort());
  }

  /** The port of the HTTP app channel, if it was enabled. */
  public OptionalInt httpPort() {
    return httpChannel == null ? OptionalInt.empty() : OptionalInt.of(httpChannel.port());
  }

  /**
   * Blocks until {@link #close()} has stopped the servers (from another thread, or a shutdown
   * hook).
   */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Stops both servers: no new calls are accepted, and calls in flight are cancelled (their Compute
   * calls with them) after a grace period of one second. Idempotent; never closes the Compute.
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(1));
  }

  /**
   * Stops both servers gracefully: new calls are refused at once (gRPC UNAVAILABLE, HTTP 503, which
   * daprd retries or delivers again), calls in flight may finish within {@code grace}, and those
   * still running then are cancelled, their Compute calls with them. Blocks up to about {@code
   * grace}. Idempotent: a second call returns true at once. Never closes the Compute.
   *
   * @return true when every call in flight finished within {@code grace}
   */
  public boolean close(Duration grace) {
    Objects.requireNonNull(grace, "grace == null");
    if (!closed.compareAndSet(false, true)) {
      return true;
    }
    long deadline = System.nanoTime() + Math.max(0, grace.toNanos());
    boolean drained = true;
    try {
      if (grpcServer != null) {
        grpcServer.shutdown();
      }
      if (httpChannel != null) {
        drained = httpChannel.drain(remaining(deadline));
      }
      if (grpcServer != null) {
        drained &= grpcServer.awaitTermination(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      drained = false;
      Thread.currentThread().interrupt();
    } finally {
      if (grpcServer != null) {
        grpcServer.shutdownNow();
        try {
          grpcServer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (httpChannel != null) {
        httpChannel.close();
      }
      log.info(
          "dapr-compute bridge{} stopped{}",
          appId == null ? "" : " for app '" + appId + "'",
          drained ? "" : " (calls still in flight after " + grace + " were cancelled)");
      terminated.countDown();
    }
    return drained;
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  @Override
  public String toString() {
    return "ComputeBridge[appId="
        + appId
        + ", grpcPort="
        + grpcPort()
        + ", httpPort="
        + httpPort()
        + "]";
  }

  /**
   * Settings of a bridge; not thread-safe. At least one of {@link #grpcPort} and {@link #httpPort}
   * is required.
   */
  public static final class Builder {
    private final Compute compute;
    private @Nullable String appId;
    private int grpcPort = -1;
    private int httpPort = -1;
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private @Nullable String appApiToken;
    private @Nullable Duration callTimeout;
    private Duration httpRequestReadTimeout = JdkHttpHost.DEFAULT_REQUEST_READ_TIMEOUT;

    private Builder(Compute compute) {
      this.compute = compute;
    }

    /**
     * The Dapr app ID this bridge serves, for logs and to refuse a daprd that runs as another app
     * (its {@code dapr-app-id} header on {@code GET /dapr/subscribe}). Optional.
     */
    public Builder appId(String appId) {
      Objects.requireNonNull(appId, "appId == null");
      if (appId.isBlank()) {
        throw new IllegalArgumentException(
            "appId is blank: give daprd's --app-id, or leave it unset");
      }
      this.appId = appId;
      return this;
    }

    /**
     * Enables the gRPC AppCallback server on {@code port} (daprd's {@code --app-port}); 0 picks a
     * free port.
     */
    public Builder grpcPort(int port) {
      this.grpcPort = checkPort(port, "grpcPort");
      return this;
    }

    /**
     * Enables the HTTP app channel on {@code port} (daprd's {@code --app-port}); 0 picks a free
     * port.
     */
    public Builder httpPort(int port) {
      this.httpPort = checkPort(port, "httpPort");
      return this;
    }

    /**
     * The address both servers listen on; default loopback, where daprd reaches its app in the same
     * pod or host. Bind wider only where the network is trusted, and with an app API token.
     */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address == null");
      return this;
    }

    /**
     * The token daprd sends in {@code dapr-api-token} (its {@code APP_API_TOKEN}); calls without it
     * are refused. {@code null} or empty: no check.
     */
    public Builder appApiToken(@Nullable String token) {
      this.appApiToken = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /**
     * A deadline for each call to the Compute, when daprd sets none or a later one (a gRPC deadline
     * that is sooner wins). Without it, the component's {@code timeout} applies.
     */
    public Builder callTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("callTimeout must be positive: " + timeout);
      }
      this.callTimeout = timeout;
      return this;
    }

    /**
     * How long a request to the HTTP app channel may take to arrive, from its first byte until its
     * body is read (headers included); past it the connection is closed, so stalled clients cannot
     * hold the channel's threads. Default 10 s. Calls to the Compute are not bounded by it.
     *
     * @throws IllegalArgumentException when it is zero or negative
     */
    public Builder httpRequestReadTimeout(Duration timeout) {
      this.httpRequestReadTimeout = JdkHttpHost.checkRequestReadTimeout(timeout);
      return this;
    }

    /**
     * Fetches the function's subscriptions and input bindings, then binds and starts the enabled
     * servers. A function that cannot be reached yet is logged and fetched again when daprd asks.
     *
     * @throws IllegalStateException when neither {@link #grpcPort} nor {@link #httpPort} was set,
     *     or the Compute is not initialised
     * @throws IOException when a port cannot be bound (nothing is left running)
     */
    public ComputeBridge start() throws IOException {
      if (grpcPort < 0 && httpPort < 0) {
        throw new IllegalStateException(
            "the bridge has no app channel: enable the gRPC server with grpcPort(port), "
                + "the HTTP app channel with httpPort(port), or both (daprd's --app-port and --app-protocol must match)");
      }
      AppApiToken token = appApiToken == null ? null : AppApiToken.of(appApiToken);
      Catalog catalog = new Catalog(compute);
      fetchCatalog(catalog);
      Server grpc = null;
      HttpAppChannel http = null;
      try {
        if (grpcPort >= 0) {
          grpc =
              NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, grpcPort))
                  .maxInboundMessageSize(MAX_GRPC_MESSAGE)
                  // daprd is the only client; let its keepalive pings through rather than answer
                  // them with GOAWAY too_many_pings (gRPC Java's default floor is 5 minutes).
                  .permitKeepAliveTime(10, TimeUnit.SECONDS)
                  .permitKeepAliveWithoutCalls(true)
                  .addService(
                      ServerInterceptors.intercept(
                          new AppCallbackService(compute, catalog, callTimeout),
                          GrpcCalls.interceptor(token)))
                  .addService(
                      ServerInterceptors.intercept(
                          new HealthCheckService(), GrpcCalls.interceptor(token)))
                  .addService(
                      ServerInterceptors.intercept(
                          new AppCallbackAlphaService(compute, callTimeout),
                          GrpcCalls.interceptor(token)))
                  .build()
                  .start();
        }
        if (httpPort >= 0) {
          http =
              HttpAppChannel.start(
                  compute,
                  catalog,
                  token,
                  appId,
                  callTimeout,
                  new InetSocketAddress(bindAddress, httpPort),
                  httpRequestReadTimeout);
        }
      } catch (IOException | RuntimeException e) {
        if (grpc != null) {
          grpc.shutdownNow();
        }
        if (http != null) {
          http.close();
        }
        if (e instanceof IOException io) {
          throw new IOException(
              "the bridge could not bind " + bindAddress.getHostAddress() + ": " + io.getMessage(),
              io);
        }
        throw (RuntimeException) e;
      }
      ComputeBridge bridge = new ComputeBridge(appId, grpc, http);
      log.info(
          "dapr-compute bridge{} listening on {}{}{}{}",
          appId == null ? "" : " for app '" + appId + "'",
          bindAddress.getHostAddress(),
          bridge.grpcPort().isPresent() ? ", gRPC port " + bridge.grpcPort().getAsInt() : "",
          bridge.httpPort().isPresent() ? ", HTTP port " + bridge.httpPort().getAsInt() : "",
          token == null ? " (no app API token)" : " (app API token required)");
      return bridge;
    }

    private void fetchCatalog(Catalog catalog) {
      Duration wait = callTimeout == null ? START_FETCH_TIMEOUT : callTimeout;
      CallOptions options = CallOptions.timeout(wait);
      CompletableFuture<?> subscriptions = catalog.refreshSubscriptions(options);
      CompletableFuture<?> bindings = catalog.refreshInputBindings(options);
      for (CompletableFuture<?> fetch : List.of(subscriptions, bindings)) {
        try {
          fetch.get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          Throwable cause = Failure.unwrap(e);
          if (cause instanceof IllegalStateException) {
            throw new IllegalStateException(
                "the Compute is not ready ("
                    + cause.getMessage()
                    + "): call init on it before starting the bridge",
                cause);
          }
          log.warn(
              "could not fetch the function's {} at start; will fetch again when daprd asks: {}",
              fetch == subscriptions ? "subscriptions" : "input bindings",
              Failure.of(cause).message());
        } catch (TimeoutException e) {
          fetch.cancel(true);
          log.warn(
              "the function's {} did not arrive within {}; will fetch again when daprd asks",
              fetch == subscriptions ? "subscriptions" : "input bindings",
              wait);
        } catch (InterruptedException e) {
          subscriptions.cancel(true);
          bindings.cancel(true);
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "interrupted while fetching the function's subscriptions", e);
        }
      }
    }

    private static int checkPort(int port, String name) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(name + " must be 0 (a free port) to 65535: " + port);
      }
      return port;
    }
  }
}
