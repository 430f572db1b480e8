package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code --output json}, stdout holds exactly one JSON document, failures included. */
@DisplayName("--output json on errors")
class JsonErrorsTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "A configuration error is a JSON document on stdout with code, exit code, message and problems")
  void configurationError() {
    Path missing = dir.resolve("no-such-dir");
    Cli.Result result = Cli.run("check", "--resources-path", missing.toString(), "-o", "json");

    assertThat(result.exitCode()).isEqualTo(2);
    JsonNode json = result.json();
    assertThat(json.path("ok").asBoolean(true)).isFalse();
    assertThat(json.path("code").asText()).isEqualTo("configuration");
    assertThat(json.path("exitCode").asInt()).isEqualTo(2);
    assertThat(json.path("message").asText()).contains(missing.toString());
    JsonNode problem = json.path("problems").get(0);
    assertThat(problem.path("file").asText()).isEqualTo(missing.toString());
    assertThat(problem.path("message").asText()).contains("does not exist");
    assertThat(problem.path("fix").asText()).contains("--resources-path");
    assertThat(result.err()).startsWith("dapr-compute check: ").contains(missing.toString());
  }

  @Test
  @DisplayName(
      "A usage error found while parsing is a JSON document too, whichever way -o json was written")
  void usageError() {
    for (String[] json :
        new String[][] {{"-o", "json"}, {"--output=json"}, {"-ojson"}, {"--output", "JSON"}}) {
      String[] args = new String[json.length + 1];
      args[0] = "invoke";
      System.arraycopy(json, 0, args, 1, json.length);
      Cli.Result result = Cli.run(args);

      assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(result.json().path("code").asText()).isEqualTo("usage");
      assertThat(result.json().path("message").asText()).contains("--method");
      assertThat(result.json().path("problems").isArray()).isTrue();
    }
  }

  @Test
  @DisplayName("An unknown option's suggestions are in the JSON document")
  void suggestions() {
    Cli.Result result = Cli.run("invoke", "-o", "json", "--method", "m", "--timout", "3s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.json().path("message").asText()).contains("--timout");
    assertThat(result.json().path("suggestions").toString()).contains("--timeout");
  }

  @Test
  @DisplayName(
      "A failed init is a JSON document naming the failed check, on a command that only reports errors")
  void initFailure() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).untrustedComponentKey().start()) {
      Cli.Result result = Cli.run(fixture.args("invoke", "--method", "echo", "-o", "json"));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      JsonNode json = result.json();
      assertThat(json.path("code").asText()).isEqualTo("init");
      assertThat(json.path("failedCheck").asText()).isEqualTo("auth");
      assertThat(json.path("checks").toString()).contains("\"auth\"");
      assertThat(result.all()).doesNotContain(fixture.privateKeyBody());
    }
  }

  @Test
  @DisplayName("Without -o json, stdout stays empty on errors")
  void textStaysOnStderr() {
    Cli.Result result = Cli.run("check", "--resources-path", dir.resolve("none").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
  }
}
