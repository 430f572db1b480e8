package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("--help")
class HelpTest {

  @ParameterizedTest(name = "{0} --help")
  @ValueSource(strings = {"demo", "serve", "check", "invoke", "publish", "binding", "subscriptions", "keygen", "token",
      "verify"})
  @DisplayName("Every command has --help, with its options and exit codes, and exits 0")
  void commandHelp(String command) {
    Cli.Result result = Cli.run(command, "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: dapr-compute " + command).contains("--output", "--verbose",
        "Exit codes:");
    assertThat(result.err()).isEmpty();
  }

  @Test
  @DisplayName("dapr-compute --help lists every command")
  void topLevelHelp() {
    Cli.Result result = Cli.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("demo", "serve", "check", "invoke", "publish", "binding", "subscriptions",
        "keygen", "token", "verify");
  }

  @Test
  @DisplayName("Commands that act on a component take Dapr's flags, --components-path included")
  void componentFlags() {
    for (String command : new String[] {"serve", "check", "invoke", "publish", "binding", "subscriptions", "token"}) {
      assertThat(Cli.run(command, "--help").out()).as(command).contains("--resources-path", "--components-path",
          "--config", "--component", "--app-id", "--secrets-dir", "--timeout");
    }
  }
}
