package dev.daprcompute.cli;

import dev.daprcompute.api.internal.GoDuration;
import dev.daprcompute.api.resources.ComputeHandle;
import dev.daprcompute.bridge.ComputeBridge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the bridge, so an unmodified daprd uses the component as its app. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Serves the component to daprd as a Dapr app, over gRPC and/or HTTP.",
    description = {
      "Loads the configured component and serves it to daprd as a Dapr app until stopped: Dapr's"
          + " AppCallback over gRPC (daprd --app-protocol grpc) and/or its HTTP app channel (--app-protocol http).",
      "With neither port given, serves gRPC on "
          + ServeCommand.DEFAULT_GRPC_PORT
          + ". When APP_API_TOKEN is set,"
          + " every call must carry it in dapr-api-token, as daprd sends it; a --bind-address other than loopback"
          + " needs it (or --allow-unauthenticated).",
      "Once listening, it prints each channel's address and port (for port 0, the one chosen), with --output json"
          + " as grpcPort and httpPort.",
      "While init retries a function that cannot be reached yet, each attempt is reported on stderr.",
      "--metrics-port serves GET "
          + MetricsEndpoint.PATH
          + " for Prometheus: calls by operation, outcome and reason,"
          + " init attempts and token signings, with latency histograms (docs/observability.md).",
      "Ctrl-C or SIGTERM stops gracefully: new calls are refused (daprd delivers them again), calls in flight"
          + " finish within --drain-timeout, then it exits 0. A second signal stops at once."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {
      "0:stopped (Ctrl-C, SIGTERM)",
      "1:init failed: the function or its platform",
      "2:bad usage or configuration, or a port that cannot be listened on"
    })
final class ServeCommand extends BaseCommand {
  static final int DEFAULT_GRPC_PORT = 50051;
  static final String APP_API_TOKEN = "APP_API_TOKEN";
  static final String ALLOW_UNAUTHENTICATED = "--allow-unauthenticated";

  @Mixin ComponentOptions component = new ComponentOptions();

  @Mixin TimeoutOptions calls = new TimeoutOptions();

  @Option(
      names = "--grpc-port",
      paramLabel = "PORT",
      description =
          "serve Dapr's AppCallback gRPC service on this port (0: a free one, printed once serving); daprd's --app-port")
  @Nullable Integer grpcPort;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "serve Dapr's HTTP app channel on this port (0: a free one, printed once serving); daprd's --app-port")
  @Nullable Integer httpPort;

  @Option(
      names = "--bind-address",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "the address to listen on (default: ${DEFAULT-VALUE}, where daprd as a sidecar reaches its app)")
  @Nullable InetAddress bindAddress;

  @Option(
      names = ALLOW_UNAUTHENTICATED,
      description =
          "serve a --bind-address other than loopback without APP_API_TOKEN: anyone who reaches the port"
              + " can call the function (only on a network you trust)")
  boolean allowUnauthenticated;

  @Option(
      names = "--health-port",
      paramLabel = "PORT",
      description =
          "also serve GET "
              + HealthEndpoint.LIVE_PATH
              + " and "
              + HealthEndpoint.READY_PATH
              + " on this port, on every interface, for Kubernetes probes ("
              + HealthEndpoint.READY_PATH
              + " is 503 while stopping)")
  @Nullable Integer healthPort;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "also serve GET "
              + MetricsEndpoint.PATH
              + " in Prometheus' text format on this port (0: a free"
              + " one), at --metrics-bind-address; no token is asked, as it serves counts and latencies, no calls")
  @Nullable Integer metricsPort;

  @Option(
      names = "--metrics-bind-address",
      paramLabel = "ADDRESS",
      description =
          "the address "
              + MetricsEndpoint.PATH
              + " listens on (default: the --bind-address), such as 0.0.0.0"
              + " for a Prometheus that scrapes the pod's IP")
  @Nullable InetAddress metricsBindAddress;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "10s",
      description =
          "on Ctrl-C or SIGTERM, how long calls in flight may take to finish before they are cancelled"
              + " (default: ${DEFAULT-VALUE})")
  Duration drainTimeout = Duration.ofSeconds(10);

  @Override
  @SuppressWarnings("try") // StopSignals holds the signal handlers for the try's duration
  int run(Console console) {
    checkPort("--grpc-port", grpcPort);
    checkPort("--http-port", httpPort);
    checkPort("--health-port", healthPort);
    checkPort("--metrics-port", metricsPort);
    String token = environment().apply(APP_API_TOKEN);
    boolean tokenRequired = token != null && !token.isEmpty();
    InetAddress address = bindAddress != null ? bindAddress : InetAddress.getLoopbackAddress();
    checkExposure(address, tokenRequired);

    // Metrics first: a Prometheus that scrapes during a long init sees its attempts.
    BridgeMetrics metrics = metricsPort == null ? null : BridgeMetrics.create();
    MetricsEndpoint metricsEndpoint = null;
    ComputeHandle handle = null;
    ComputeBridge bridge = null;
    HealthEndpoint health = null;
    Thread hook = null;
    CompletableFuture<String> stop = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      if (metrics != null && metricsPort != null) {
        metricsEndpoint =
            startMetrics(
                metricsBindAddress != null ? metricsBindAddress : address, metricsPort, metrics);
      }
      handle =
          load(
              component,
              console,
              null,
              context ->
                  metrics == null ? context : context.withObservations(metrics.observations()));
      bridge = startBridge(handle, address, tokenRequired ? token : null);
      health = healthPort == null ? null : startHealth(healthPort);
      // Other ways the JVM ends (SIGHUP, an embedding program's System.exit) drain as a signal
      // does.
      hook =
          new Thread(
              () -> {
                stop.complete("shutdown");
                try {
                  stopped.await(drainTimeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "dapr-compute-serve-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try (StopSignals signals =
          ownsProcess()
              ? StopSignals.install(signal -> onSignal(console, stop, signal))
              : StopSignals.none()) {
        announce(console, handle, bridge, health, metricsEndpoint, address, tokenRequired);
        String why = awaitStop(stop);
        // An interrupt asked to stop; the drain itself must still be able to wait.
        boolean interrupted = Thread.interrupted();
        if (health != null) {
          health.stopping();
        }
        console.progress(
            "stopping ("
                + why
                + "): refusing new calls; calls in flight have up to "
                + GoDuration.format(drainTimeout)
                + " to finish");
        boolean drained = bridge.close(drainTimeout);
        console.progress(
            drained
                ? "stopped: every call in flight finished"
                : "stopped: the calls still in flight after "
                    + GoDuration.format(drainTimeout)
                    + " were cancelled (daprd delivers their events again)");
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      return Failures.OK;
    } finally {
      if (bridge != null) {
        bridge.close();
      }
      if (health != null) {
        health.close();
      }
      if (handle != null) {
        handle.close();
      }
      if (metricsEndpoint != null) {
        metricsEndpoint.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      stopped.countDown();
      if (hook != null) {
        removeHook(hook);
      }
    }
  }

  /**
   * Waits for a signal, the JVM's shutdown or an interrupt (how an embedding program or a test
   * stops serving).
   */
  private static String awaitStop(CompletableFuture<String> stop) {
    try {
      return stop.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException e) {
      return "stopped";
    }
  }

  private static void onSignal(Console console, CompletableFuture<String> stop, String signal) {
    if (!stop.complete(signal)) {
      // The second Ctrl-C: the user does not want to wait for the drain.
      console.note(
          "dapr-compute serve: "
              + signal
              + " again: stopping at once, cancelling the calls in flight");
      Runtime.getRuntime().halt(StopSignals.exitCode(signal));
    }
  }

  private void checkExposure(InetAddress address, boolean tokenRequired) {
    if (!address.isLoopbackAddress() && !tokenRequired && !allowUnauthenticated) {
      throw CliException.usage(
          "--bind-address "
              + address.getHostAddress()
              + " is not a loopback address, and"
              + " APP_API_TOKEN is not set: anyone who reaches the port could call the function. Set APP_API_TOKEN"
              + " (daprd sends the same token), or pass "
              + ALLOW_UNAUTHENTICATED
              + " on a network you trust");
    }
  }

  private ComputeBridge startBridge(
      ComputeHandle handle, InetAddress address, @Nullable String token) {
    ComputeBridge.Builder builder = ComputeBridge.builder(handle.compute());
    if (component.appId != null) {
      builder.appId(component.appId);
    }
    if (grpcPort != null || httpPort == null) {
      builder.grpcPort(grpcPort != null ? grpcPort : DEFAULT_GRPC_PORT);
    }
    if (httpPort != null) {
      builder.httpPort(httpPort);
    }
    builder.bindAddress(address);
    if (calls.timeout != null) {
      builder.callTimeout(calls.timeout);
    }
    builder.appApiToken(token);
    try {
      return builder.start();
    } catch (IOException e) {
      throw cannotListen(address, e);
    }
  }

  private static HealthEndpoint startHealth(int port) {
    try {
      return HealthEndpoint.start(port);
    } catch (IOException e) {
      throw CliException.portUnavailable(
          "cannot listen for the health probes on port "
              + port
              + " (every"
              + " interface): "
              + reason(e)
              + "; stop what uses it, or choose another --health-port (0 picks a free one)");
    }
  }

  private static MetricsEndpoint startMetrics(
      InetAddress address, int port, BridgeMetrics metrics) {
    try {
      return MetricsEndpoint.start(address, port, metrics);
    } catch (IOException e) {
      throw CliException.portUnavailable(
          "cannot listen for "
              + MetricsEndpoint.PATH
              + " on "
              + address.getHostAddress()
              + ":"
              + port
              + ": "
              + reason(e)
              + "; stop what uses it, or choose another --metrics-port (0 picks a free one)");
    }
  }

  /**
   * The bridge says only that binding failed: find which channel's port is taken, so the message
   * names the port, the channel and the flag to change.
   */
  private CliException cannotListen(InetAddress address, IOException failure) {
    List<String[]> channels = new ArrayList<>();
    if (grpcPort != null || httpPort == null) {
      channels.add(
          new String[] {
            "gRPC", "--grpc-port", Integer.toString(grpcPort != null ? grpcPort : DEFAULT_GRPC_PORT)
          });
    }
    if (httpPort != null) {
      channels.add(new String[] {"HTTP", "--http-port", Integer.toString(httpPort)});
    }
    for (String[] channel : channels) {
      int port = Integer.parseInt(channel[2]);
      if (port != 0 && !canListen(address, port)) {
        return CliException.portUnavailable(
            "cannot listen for daprd's "
                + channel[0]
                + " app channel on "
                + address.getHostAddress()
                + ":"
                + port
                + ": "
                + reason(failure)
                + "; stop what uses port "
                + port
                + ", or choose another "
                + channel[1]
                + " (0 picks a free one; daprd's --app-port must match)");
      }
    }
    return CliException.portUnavailable(
        "cannot listen on "
            + address.getHostAddress()
            + ": "
            + reason(failure)
            + "; check --bind-address (an address of this host, or 0.0.0.0) and the ports");
  }

  private static boolean canListen(InetAddress address, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(address, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The innermost message, such as "Address already in use", without exception class names. */
  private static String reason(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() != null ? t.getMessage() : "the port cannot be bound";
    return message.toLowerCase(java.util.Locale.ROOT).contains("in use")
        ? "the port is in use"
        : message;
  }

  private static void checkPort(String option, @Nullable Integer port) {
    if (port != null && (port < 0 || port > 65535)) {
      throw CliException.usage(
          option + " " + port + " is not a port: use 1-65535, or 0 for a free one");
    }
  }

  private void announce(
      Console console,
      ComputeHandle handle,
      ComputeBridge bridge,
      @Nullable HealthEndpoint health,
      @Nullable MetricsEndpoint metrics,
      InetAddress address,
      boolean tokenRequired) {
    String host = address.getHostAddress();
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("component", handle.component().name());
      json.put("type", handle.component().type());
      json.put("bindAddress", host);
      bridge.grpcPort().ifPresent(port -> json.put("grpcPort", port));
      bridge.httpPort().ifPresent(port -> json.put("httpPort", port));
      if (health != null) {
        json.put("healthPort", health.port());
      }
      if (metrics != null) {
        json.put("metricsPort", metrics.port());
      }
      json.put("appApiTokenRequired", tokenRequired);
      console.json(json);
      return;
    }
    List<String> served = new ArrayList<>();
    bridge
        .grpcPort()
        .ifPresent(
            port ->
                served.add(
                    "gRPC on "
                        + host
                        + ":"
                        + port
                        + " (daprd --app-protocol grpc --app-port "
                        + port
                        + ")"));
    bridge
        .httpPort()
        .ifPresent(
            port ->
                served.add(
                    "HTTP on "
                        + host
                        + ":"
                        + port
                        + " (daprd --app-protocol http --app-port "
                        + port
                        + ")"));
    console.println(
        "serving "
            + InitChecks.describe(handle.component())
            + " to daprd: "
            + String.join("; ", served));
    if (health != null) {
      console.println(
          "health probes: GET "
              + HealthEndpoint.LIVE_PATH
              + " and "
              + HealthEndpoint.READY_PATH
              + " on port "
              + health.port());
    }
    if (metrics != null) {
      console.println(
          "metrics: GET "
              + MetricsEndpoint.PATH
              + " on "
              + (metricsBindAddress != null ? metricsBindAddress : address).getHostAddress()
              + ":"
              + metrics.port()
              + " (Prometheus text format)");
    }
    if (tokenRequired) {
      console.println("calls must carry APP_API_TOKEN in dapr-api-token");
    } else if (address.isLoopbackAddress()) {
      console.println(
          "APP_API_TOKEN is not set: calls are not authenticated (only processes on this host can"
              + " reach "
              + host
              + ")");
    } else {
      console.note(
          "dapr-compute serve: warning: APP_API_TOKEN is not set and "
              + ALLOW_UNAUTHENTICATED
              + " was given: anyone who reaches "
              + host
              + " can call the function");
    }
    console.println("press Ctrl-C to stop");
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting and runs the hook itself
    }
  }
}
