package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as its own process, stopped by signals as a terminal or Kubernetes stops it. */
@DisplayName("dapr-compute serve, stopped by a signal")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "sends POSIX signals with kill")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeProcessTest {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @DisplayName("SIGTERM refuses new calls, lets the call in flight finish, says so and exits 0")
  void sigtermDrains() throws Exception {
    try (HoldingFunction function = new HoldingFunction()) {
      int httpPort = freePort();
      int healthPort = freePort();
      try (CliProcess serve =
          CliProcess.start(
              serve(
                  function,
                  "--http-port",
                  Integer.toString(httpPort),
                  "--health-port",
                  Integer.toString(healthPort),
                  "--drain-timeout",
                  "30s"),
              dir,
              Map.of())) {
        serve.awaitOut(line -> line.equals("press Ctrl-C to stop"), START);
        assertThat(get(healthPort, HealthEndpoint.READY_PATH)).isEqualTo(200);

        CompletableFuture<HttpResponse<String>> held =
            http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/hold"))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(function.arrived.await(30, TimeUnit.SECONDS))
            .as("the call reached the function")
            .isTrue();

        serve.signal("TERM");
        serve.awaitOut(line -> line.startsWith("stopping (SIGTERM): refusing new calls"), START);
        assertThat(get(healthPort, HealthEndpoint.READY_PATH))
            .as("not ready while draining")
            .isEqualTo(503);
        assertThat(get(healthPort, HealthEndpoint.LIVE_PATH))
            .as("still alive while draining")
            .isEqualTo(200);
        assertThat(post(httpPort, "/other")).as("a new call while draining").isEqualTo(503);

        function.release.countDown();
        HttpResponse<String> reply = held.get(30, TimeUnit.SECONDS);
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("released");

        assertThat(serve.waitFor(Duration.ofSeconds(30))).as(serve.toString()).isZero();
        assertThat(serve.out()).contains("stopped: every call in flight finished");
        assertThat(serve.err()).doesNotContain("Exception");
      }
    }
  }

  @Test
  @DisplayName("Ctrl-C (SIGINT) with no call in flight stops at once and exits 0")
  void sigintStops() throws Exception {
    try (HoldingFunction function = new HoldingFunction();
        CliProcess serve = CliProcess.start(serve(function, "--grpc-port", "0"), dir, Map.of())) {
      serve.awaitOut(line -> line.equals("press Ctrl-C to stop"), START);

      serve.signal("INT");

      assertThat(serve.waitFor(Duration.ofSeconds(30))).as(serve.toString()).isZero();
      assertThat(serve.out())
          .contains("stopping (SIGINT)")
          .contains("stopped: every call in flight finished");
    }
  }

  @Test
  @DisplayName("A second Ctrl-C while draining stops at once, exiting 130")
  void secondSignalStopsAtOnce() throws Exception {
    try (HoldingFunction function = new HoldingFunction()) {
      int httpPort = freePort();
      try (CliProcess serve =
          CliProcess.start(
              serve(function, "--http-port", Integer.toString(httpPort), "--drain-timeout", "60s"),
              dir,
              Map.of())) {
        serve.awaitOut(line -> line.equals("press Ctrl-C to stop"), START);
        CompletableFuture<HttpResponse<String>> held =
            http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/hold"))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(function.arrived.await(30, TimeUnit.SECONDS)).isTrue();

        serve.signal("INT");
        serve.awaitOut(line -> line.startsWith("stopping (SIGINT)"), START);
        serve.signal("INT");

        assertThat(serve.waitFor(Duration.ofSeconds(30))).as(serve.toString()).isEqualTo(130);
        assertThat(serve.err()).contains("SIGINT again: stopping at once");
        held.cancel(true);
      }
    }
  }

  private List<String> serve(HoldingFunction function, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("serve"));
    args.addAll(List.of(function.writeResources(dir)));
    args.addAll(List.of(more));
    return CliProcess.javaCommand(args.toArray(String[]::new));
  }

  private int get(int port, String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private int post(int port, String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("y"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
