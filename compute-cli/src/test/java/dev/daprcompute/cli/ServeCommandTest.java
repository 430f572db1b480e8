package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Arguments and configuration only: serving is tested end to end with the bridge. */
@DisplayName("dapr-compute serve: arguments and configuration")
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  @DisplayName("--help describes the ports, the bind address and APP_API_TOKEN")
  void help() {
    Cli.Result result = Cli.run("serve", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains(
            "--grpc-port",
            "--http-port",
            "--bind-address",
            "APP_API_TOKEN",
            "--resources-path",
            "--components-path",
            "--config",
            "--app-id",
            "printed once serving");
  }

  @Test
  @DisplayName("A port outside 0-65535 is a usage error, found before anything is loaded")
  void badPort() {
    Cli.Result result =
        Cli.run(
            "serve", "--resources-path", dir.resolve("none").toString(), "--grpc-port", "70000");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("--grpc-port 70000 is not a port");

    Cli.Result negative = Cli.run("serve", "--resources-path", dir.toString(), "--http-port", "-1");
    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.err()).contains("--http-port -1 is not a port");

    Cli.Result notANumber =
        Cli.run("serve", "--resources-path", dir.toString(), "--grpc-port", "grpc");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).contains("grpc");
  }

  @Test
  @DisplayName("Without --resources-path, serve is a usage error")
  void resourcesRequired() {
    Cli.Result result = Cli.run("serve", "--grpc-port", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--resources-path");
  }

  @Test
  @DisplayName("A missing Configuration file is exit 2 naming it, and nothing is served")
  void missingConfiguration() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Path missing = dir.resolve("config-missing.yaml");
      Cli.Result result =
          Cli.run(
              "serve",
              "--resources-path",
              fixture.resources.toString(),
              "--config",
              missing.toString(),
              "--secrets-dir",
              fixture.secrets.toString(),
              "--grpc-port",
              "0");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err()).contains(missing.toString());
      assertThat(fixture.fake.recordedCalls()).isEmpty();
    }
  }

  @Test
  @DisplayName("A component whose init fails is exit 1 naming the check, and nothing is served")
  void initFails() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).untrustedComponentKey().start()) {
      Cli.Result result = Cli.run(fixture.args("serve", "--http-port", "0"));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.err()).contains("check 'auth' failed").doesNotContain("\tat ");
      assertThat(result.all()).doesNotContain(fixture.privateKeyBody());
    }
  }

  @Test
  @DisplayName(
      "--bind-address 0.0.0.0 without APP_API_TOKEN is refused, naming the flag that allows it,"
          + " before anything is loaded")
  void unauthenticatedExposure() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Cli.Result result =
          Cli.run(fixture.args("serve", "--bind-address", "0.0.0.0", "--grpc-port", "0"));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains("--bind-address 0.0.0.0 is not a loopback address")
          .contains("APP_API_TOKEN")
          .contains("--allow-unauthenticated");
      assertThat(fixture.fake.recordedCalls()).isEmpty();

      // With the token, or the explicit flag, the check passes (and the missing Configuration is
      // next).
      String[] base = {
        "serve",
        "--resources-path",
        fixture.resources.toString(),
        "--config",
        dir.resolve("missing.yaml").toString(),
        "--bind-address",
        "0.0.0.0",
        "--grpc-port",
        "0"
      };
      Cli.Result withToken = Cli.run(Map.of("APP_API_TOKEN", "t"), base);
      assertThat(withToken.err())
          .contains("missing.yaml")
          .doesNotContain("--allow-unauthenticated");
      Cli.Result allowed = Cli.run(concat(base, "--allow-unauthenticated"));
      assertThat(allowed.err()).contains("missing.yaml").doesNotContain("loopback");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--grpc-port", "--http-port"})
  @DisplayName(
      "A port in use is exit 2 naming the channel, the address, the port and the flag, with no exception name")
  void portInUse(String flag) throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start();
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Cli.Result result = Cli.run(fixture.args("serve", flag, Integer.toString(port)));

      String channel = flag.equals("--grpc-port") ? "gRPC" : "HTTP";
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains(
              "cannot listen for daprd's "
                  + channel
                  + " app channel on 127.0.0.1:"
                  + port
                  + ": the port is in use")
          .contains("choose another " + flag)
          .doesNotContain("Exception");

      Cli.Result json = Cli.run(fixture.args("serve", flag, Integer.toString(port), "-o", "json"));
      assertThat(json.json().path("code").asText()).isEqualTo("port-unavailable");
    }
  }

  @Test
  @DisplayName(
      "--health-port serves /livez and /readyz while serving; an interrupt stops gracefully and says so")
  void healthPort() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      int healthPort = ServeProcessTest.freePort();
      CompletableFuture<Cli.Result> serving = new CompletableFuture<>();
      Thread server =
          new Thread(
              () ->
                  serving.complete(
                      Cli.run(
                          fixture.args(
                              "serve",
                              "--grpc-port",
                              "0",
                              "--health-port",
                              Integer.toString(healthPort)))),
              "serve-under-test");
      server.start();
      try {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThat(awaitStatus(http, healthPort, HealthEndpoint.READY_PATH, serving))
            .isEqualTo(200);
        assertThat(status(http, healthPort, HealthEndpoint.LIVE_PATH)).isEqualTo(200);
        assertThat(status(http, healthPort, "/other")).isEqualTo(404);
      } finally {
        server.interrupt();
      }
      Cli.Result result = serving.get(30, TimeUnit.SECONDS);
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out())
          .contains("health probes: GET /livez and /readyz on port " + healthPort)
          .contains("stopping (interrupted)")
          .contains("stopped: every call in flight finished");
    }
  }

  private static int awaitStatus(
      HttpClient http, int port, String path, CompletableFuture<Cli.Result> serving)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (serving.isDone()) {
        throw new AssertionError("serve stopped early: " + serving.get());
      }
      try {
        return status(http, port, path);
      } catch (IOException notYet) {
        Thread.sleep(50); // not listening yet: poll until it is
      }
    }
    throw new AssertionError("the health endpoint did not answer in 30 s");
  }

  private static int status(HttpClient http, int port, String path)
      throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String[] concat(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
