package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.testkit.PlatformFault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a one-off command shows while init retries a function it cannot reach yet, how it ends, and
 * how {@code --init-timeout} bounds it. Bounded: every component here would otherwise retry far
 * longer than the test's timeout.
 */
@Timeout(60)
@DisplayName("init progress, the unreachable-function hint and --init-timeout")
class InitProgressTest {
  /** A port nothing listens on (see {@link #boundNotListening}). */
  @AutoClose private final Socket refusing = boundNotListening();

  @TempDir Path dir;

  @Test
  @DisplayName("each failed attempt is a line on stderr, and the result stays alone on stdout")
  void progressWhileRetrying() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).initTimeout("30s").start()) {
      fixture.fake.failNext(2, PlatformFault.serverError());
      Cli.Result result = Cli.run(fixture.args("invoke", "--method", "echo-body", "--data", "hi"));

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.err())
          .contains(
              "dapr-compute invoke: init of component 'orders' (compute.http) retries until its initTimeout"
                  + " of 30s (--init-timeout waits less)")
          .containsPattern(
              "dapr-compute invoke: attempt 1 failed \\(deployed\\): .*500.*; next in [0-9.]+m?s, [0-9.]+s left")
          .containsPattern("attempt 2 failed \\(deployed\\)")
          .doesNotContain("attempt 3 failed")
          .contains("dapr-compute invoke: ready after 3 attempts in ");
      assertThat(result.out()).isEqualTo("HTTP 200\nhi\n");
    }
  }

  @Test
  @DisplayName("with -o json, stdout is one JSON document and the progress is on stderr")
  void progressKeepsJsonParseable() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).initTimeout("30s").start()) {
      fixture.fake.failNext(1, PlatformFault.serverError());
      Cli.Result result =
          Cli.run(
              fixture.args(
                  "publish",
                  "--pubsub",
                  "pubsub",
                  "--topic",
                  "orders",
                  "--data",
                  "{}",
                  "-o",
                  "json"));

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.json().path("status").asText()).isEqualTo("SUCCESS");
      assertThat(result.err()).contains("dapr-compute publish: attempt 1 failed (deployed)");
    }
  }

  @Test
  @DisplayName("a check that succeeds at once prints no progress")
  void noProgressWithoutRetries() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Cli.Result result = Cli.run(fixture.args("check"));

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.err()).doesNotContain("attempt").doesNotContain("ready after");
    }
  }

  @Test
  @DisplayName(
      "--init-timeout bounds init of a one-off command, whatever the component's initTimeout")
  void initTimeoutBoundsInit() throws Exception {
    int port = refusing.getLocalPort();
    Path resources =
        component(
            "compute.http",
            "  - name: endpoint\n    value: http://127.0.0.1:" + port + "/fn\n",
            "10m");
    Cli.Result result =
        Cli.run(
            env(),
            "invoke",
            "--resources-path",
            resources.toString(),
            "--method",
            "a",
            "--init-timeout",
            "700ms");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .contains("gave up after")
        .contains("in initTimeout 700 ms")
        .contains("retries until its initTimeout of 700ms")
        .doesNotContain("\tat ");

    Cli.Result bad =
        Cli.run(
            env(),
            "invoke",
            "--resources-path",
            resources.toString(),
            "--method",
            "a",
            "--init-timeout",
            "0s");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("'0s' must be more than zero");
  }

  @Test
  @DisplayName(
      "serve and token take no --init-timeout: serve keeps the component's, token runs no init")
  void initTimeoutOnlyWhereInitRuns() {
    assertThat(Cli.run("serve", "--help").out()).doesNotContain("--init-timeout");
    assertThat(Cli.run("token", "--help").out()).doesNotContain("--init-timeout");
    for (String command : new String[] {"check", "invoke", "publish", "binding", "subscriptions"}) {
      assertThat(Cli.run(command, "--help").out()).as(command).contains("--init-timeout");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "compute.http|endpoint: http://127.0.0.1:PORT/fn|metadata 'endpoint'",
        "compute.aws.lambda|functionName: orders;region: us-east-1;endpoint: http://127.0.0.1:PORT;accessKey: AKIDEXAMPLE;"
            + "secretKey: wJalrXUtnFEMI|metadata 'endpoint', 'functionName' and 'region'",
        "compute.aws.lambda|mode: url;functionUrl: http://127.0.0.1:PORT/;authType: NONE|metadata 'functionUrl'"
      })
  @DisplayName(
      "when init gives up on an unreachable function, the error ends with the hint naming its platform's field")
  void hintNamesTheField(String type, String fields, String named) throws Exception {
    int port = refusing.getLocalPort();
    StringBuilder metadata = new StringBuilder();
    for (String field : fields.replace("PORT", Integer.toString(port)).split(";")) {
      String[] nameValue = field.split(": ", 2);
      metadata
          .append("  - name: ")
          .append(nameValue[0])
          .append("\n    value: ")
          .append(nameValue[1])
          .append('\n');
    }
    Path resources = component(type, metadata.toString(), "10m");
    Cli.Result result =
        Cli.run(
            env(), "check", "--resources-path", resources.toString(), "--init-timeout", "600ms");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err().strip())
        .endsWith("Is the function running? Check " + named + " of component 'fn'");
  }

  private static Map<String, String> env() {
    return Map.of("FN_KEY", KEY.privateKeyPem());
  }

  private static final SigningKey KEY = SigningKey.generateEd25519();

  /** A resources directory with one component 'fn' of {@code type}, its key from $FN_KEY. */
  private Path component(String type, String metadata, String initTimeout) throws IOException {
    Path resources = Files.createDirectories(dir.resolve("resources-" + System.nanoTime()));
    Files.writeString(
        resources.resolve("fn.yaml"),
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: fn
        spec:
          type: %s
          version: v1
          initTimeout: %s
          metadata:
        %s  - name: audience
            value: fn
          - name: key
            secretKeyRef:
              name: FN_KEY
              key: FN_KEY
        """
            .formatted(type, initTimeout, metadata),
        StandardCharsets.UTF_8);
    return resources;
  }

  /**
   * A socket bound to a loopback port but not listening, held for the test: connections to the port
   * are refused at once, and no other process can take the port meanwhile (closing a probe socket
   * first would leave it free for anyone).
   */
  private static Socket boundNotListening() {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return socket;
  }
}
