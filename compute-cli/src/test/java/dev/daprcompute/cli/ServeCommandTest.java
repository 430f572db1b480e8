package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments and configuration only: serving is tested end to end with the bridge. */
@DisplayName("dapr-compute serve: arguments and configuration")
class ServeCommandTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("--help describes the ports, the bind address and APP_API_TOKEN")
  void help() {
    Cli.Result result = Cli.run("serve", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--grpc-port", "--http-port", "--bind-address", "APP_API_TOKEN",
        "--resources-path", "--components-path", "--config", "--app-id", "printed once serving");
  }

  @Test
  @DisplayName("A port outside 0-65535 is a usage error, found before anything is loaded")
  void badPort() {
    Cli.Result result = Cli.run("serve", "--resources-path", dir.resolve("none").toString(), "--grpc-port", "70000");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("--grpc-port 70000 is not a port");

    Cli.Result negative = Cli.run("serve", "--resources-path", dir.toString(), "--http-port", "-1");
    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.err()).contains("--http-port -1 is not a port");

    Cli.Result notANumber = Cli.run("serve", "--resources-path", dir.toString(), "--grpc-port", "grpc");
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
      Cli.Result result = Cli.run("serve", "--resources-path", fixture.resources.toString(), "--config",
          missing.toString(), "--secrets-dir", fixture.secrets.toString(), "--grpc-port", "0");

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
}
