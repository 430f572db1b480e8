package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("--help")
class HelpTest {

  @ParameterizedTest(name = "{0} --help")
  @ValueSource(
      strings = {
        "demo",
        "serve",
        "check",
        "invoke",
        "publish",
        "binding",
        "subscriptions",
        "keygen",
        "token",
        "verify",
        "version",
        "install"
      })
  @DisplayName("Every command has --help, with its options and exit codes, and exits 0")
  void commandHelp(String command) {
    Cli.Result result = Cli.run(command, "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: dapr-compute " + command)
        .contains("--output", "--verbose", "Exit codes:");
    assertThat(result.err()).isEmpty();
  }

  @Test
  @DisplayName("dapr-compute --help lists every command")
  void topLevelHelp() {
    Cli.Result result = Cli.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains(
            "demo",
            "serve",
            "check",
            "invoke",
            "publish",
            "binding",
            "subscriptions",
            "keygen",
            "token",
            "verify",
            "version",
            "install",
            "help");
  }

  @ParameterizedTest(name = "help {0}")
  @ValueSource(strings = {"invoke", "serve", "token"})
  @DisplayName("help <command> prints that command's help, as <command> --help does")
  void helpCommand(String command) {
    Cli.Result result = Cli.run("help", command);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo(Cli.run(command, "--help").out());
  }

  @Test
  @DisplayName("token's help keeps its example URL whole on one line")
  void tokenHelpUrl() {
    String help = Cli.run("token", "--help").out();

    assertThat(help.lines())
        .anyMatch(line -> line.contains("https://fn.example.com/.well-known/dapr/info"));
    assertThat(help.lines()).allMatch(line -> line.length() <= 80, "lines fit 80 columns");
  }

  @Test
  @DisplayName("Commands that call no function list no exit code for a failed function")
  void exitCodesThatApply() {
    assertThat(exitCodes("keygen"))
        .containsExactly("0   ok", "2   bad usage, or the files cannot be written");
    assertThat(exitCodes("token")).containsExactly("0   ok", "2   bad usage or configuration");
    assertThat(exitCodes("verify"))
        .containsExactly(
            "0   the token is valid",
            "1   the token is rejected",
            "2   bad usage or configuration");
    assertThat(exitCodes("version")).containsExactly("0   ok");
  }

  private static java.util.List<String> exitCodes(String command) {
    String help = Cli.run(command, "--help").out();
    return help.substring(help.indexOf("Exit codes:"))
        .lines()
        .skip(1)
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .toList();
  }

  @Test
  @DisplayName("Commands that act on a component take Dapr's flags, --components-path included")
  void componentFlags() {
    for (String command :
        new String[] {"serve", "check", "invoke", "publish", "binding", "subscriptions", "token"}) {
      assertThat(Cli.run(command, "--help").out())
          .as(command)
          .contains(
              "--resources-path",
              "--components-path",
              "--config",
              "--component",
              "--app-id",
              "--secrets-dir");
    }
  }

  @Test
  @DisplayName(
      "--timeout is taken only by the commands that call the function, and refused by the others")
  void timeoutWhereItApplies() {
    for (String command : new String[] {"serve", "invoke", "publish", "binding", "subscriptions"}) {
      assertThat(Cli.run(command, "--help").out()).as(command).contains("--timeout");
    }
    for (String command : new String[] {"token", "check", "keygen"}) {
      assertThat(Cli.run(command, "--help").out()).as(command).doesNotContain("--timeout");
    }
    Cli.Result token = Cli.run("token", "--resources-path", "resources", "--timeout", "3s");
    assertThat(token.exitCode()).isEqualTo(2);
    assertThat(token.err()).contains("Unknown option").contains("'--timeout'");
  }

  @Test
  @DisplayName("--verb lists only the verbs it accepts: CONNECT is neither listed nor accepted")
  void verbs() {
    String help = Cli.run("invoke", "--help").out().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, PATCH")
        .doesNotContain("CONNECT");

    Cli.Result connect =
        Cli.run("invoke", "--resources-path", "nowhere", "--method", "m", "--verb", "connect");
    assertThat(connect.exitCode()).isEqualTo(2);
    assertThat(connect.err())
        .contains("'connect' is not a verb a function can be invoked with")
        .contains("daprd refuses CONNECT too")
        .doesNotContain("nowhere");
    assertThat(Cli.run("invoke", "--help", "--verb", "patch").exitCode()).isZero();
  }
}
