package dev.daprcompute.cli;

import dev.daprcompute.api.resources.ComputeHandle;
import dev.daprcompute.bridge.ComputeBridge;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the bridge, so an unmodified daprd uses the component as its app. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    header = "Serves the component to daprd as a Dapr app, over gRPC and/or HTTP.",
    description = {"Loads the configured component and serves it to daprd as a Dapr app until interrupted: Dapr's"
        + " AppCallback over gRPC (daprd --app-protocol grpc) and/or its HTTP app channel (--app-protocol http).",
        "With neither port given, serves gRPC on " + ServeCommand.DEFAULT_GRPC_PORT + ". When APP_API_TOKEN is set,"
            + " every call must carry it in dapr-api-token, as daprd sends it.",
        "Once listening, it prints each channel's address and port (for port 0, the one chosen), with --output json"
            + " as grpcPort and httpPort."},
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {"0:stopped", Failures.EXIT_FAILED, Failures.EXIT_USAGE})
final class ServeCommand extends BaseCommand {
  static final int DEFAULT_GRPC_PORT = 50051;
  static final String APP_API_TOKEN = "APP_API_TOKEN";

  @Mixin
  ComponentOptions component = new ComponentOptions();

  @Option(names = "--grpc-port", paramLabel = "PORT",
      description = "serve Dapr's AppCallback gRPC service on this port (0: a free one, printed once serving); daprd's --app-port")
  @Nullable Integer grpcPort;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "serve Dapr's HTTP app channel on this port (0: a free one, printed once serving); daprd's --app-port")
  @Nullable Integer httpPort;

  @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "the address to listen on (default: ${DEFAULT-VALUE}, where daprd as a sidecar reaches its app)")
  @Nullable InetAddress bindAddress;

  @Override
  int run(Console console) throws IOException, InterruptedException {
    checkPort("--grpc-port", grpcPort);
    checkPort("--http-port", httpPort);
    String token = environment().apply(APP_API_TOKEN);
    ComputeHandle handle = component.load(environment());
    ComputeBridge bridge;
    try {
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
      if (bindAddress != null) {
        builder.bindAddress(bindAddress);
      }
      if (component.timeout != null) {
        builder.callTimeout(component.timeout);
      }
      builder.appApiToken(token != null && !token.isEmpty() ? token : null);
      bridge = builder.start();
    } catch (IOException | RuntimeException e) {
      handle.close();
      throw e;
    }
    Thread stop = new Thread(() -> {
      bridge.close();
      handle.close();
    }, "dapr-compute-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(stop);
    announce(console, handle, bridge, token != null && !token.isEmpty());
    try {
      bridge.awaitTermination();
    } catch (InterruptedException stopped) {
      // An interrupt is how an embedding program (or a test) stops serving: a normal end.
      Thread.currentThread().interrupt();
      console.println("stopped");
    } finally {
      bridge.close();
      handle.close();
      removeHook(stop);
    }
    return Failures.OK;
  }

  private static void checkPort(String option, @Nullable Integer port) {
    if (port != null && (port < 0 || port > 65535)) {
      throw CliException.usage(option + " " + port + " is not a port: use 1-65535, or 0 for a free one");
    }
  }

  private void announce(Console console, ComputeHandle handle, ComputeBridge bridge, boolean tokenRequired) {
    String host = bindAddress != null ? bindAddress.getHostAddress() : "127.0.0.1";
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("component", handle.component().name());
      json.put("type", handle.component().type());
      json.put("bindAddress", host);
      bridge.grpcPort().ifPresent(port -> json.put("grpcPort", port));
      bridge.httpPort().ifPresent(port -> json.put("httpPort", port));
      json.put("appApiTokenRequired", tokenRequired);
      console.json(json);
      return;
    }
    List<String> served = new ArrayList<>();
    bridge.grpcPort().ifPresent(port -> served.add("gRPC on " + host + ":" + port
        + " (daprd --app-protocol grpc --app-port " + port + ")"));
    bridge.httpPort().ifPresent(port -> served.add("HTTP on " + host + ":" + port
        + " (daprd --app-protocol http --app-port " + port + ")"));
    console.println("serving " + InitChecks.describe(handle.component()) + " to daprd: " + String.join("; ", served));
    console.println(tokenRequired ? "calls must carry APP_API_TOKEN in dapr-api-token" : "APP_API_TOKEN is not set:"
        + " calls are not authenticated (fine on loopback beside daprd)");
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
