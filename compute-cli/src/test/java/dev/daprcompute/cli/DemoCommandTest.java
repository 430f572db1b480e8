package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("dapr-compute demo")
class DemoCommandTest {
  /**
   * Each operation and the result it must give: what the reference function is documented to do
   * ({@code ReferenceFunction}) and the protocol's delivery rules, written here rather than read
   * from the demo, so a demo that expected the wrong thing cannot pass.
   */
  static final Map<String, String> EXPECTED =
      expected(
          "init", "ready",
          "invoke echo", "200 echo",
          "invoke status/404", "404 from function",
          "topic SUCCESS", "SUCCESS",
          "topic RETRY", "RETRY",
          "topic DROP", "DROP",
          "topic, platform 404", "RETRY by component",
          "bulk topic (3 events)", "SUCCESS,RETRY,DROP",
          "binding", "handled:hello to out1 PARALLEL",
          "binding, function error", "rejected 500",
          "subscriptions", "orders, payments, bulk-orders",
          "input bindings", "orders-queue, cron");

  static final List<String> OPERATIONS = List.copyOf(EXPECTED.keySet());

  private static Map<String, String> expected(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  @DisplayName(
      "runs every operation against compute.http's fake, skips a provider without a fake, cleans up and exits 0")
  void text() {
    Cli.Result result = Cli.run("demo");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String out = result.out();
    assertThat(out)
        .containsPattern("PROVIDER\\s+OPERATION\\s+EXPECTED\\s+RESULT\\s+LATENCY \\(ms\\)");
    assertThat(out)
        .containsPattern("PASSED\\s+deployed")
        .containsPattern("PASSED\\s+auth")
        .containsPattern("PASSED\\s+protocol")
        .containsPattern("PASSED\\s+version");
    EXPECTED.forEach(
        (operation, expected) ->
            assertThat(out)
                .as(operation)
                .containsPattern(
                    "(?m)^compute\\.http\\s+"
                        + Pattern.quote(operation)
                        + "\\s+"
                        + Pattern.quote(expected)
                        + "\\s+"
                        + Pattern.quote(expected)
                        + "\\s+\\d+\\s+OK$"));
    assertThat(out).doesNotContain("FAIL").doesNotContain("PRIVATE KEY");
    Matcher summary =
        Pattern.compile("(\\d+) of (\\d+) results as expected, 1 provider\\(s\\) skipped")
            .matcher(out);
    assertThat(summary.find()).as("the summary line").isTrue();
    assertThat(summary.group(1)).isEqualTo(summary.group(2));
    assertThat(Integer.parseInt(summary.group(2)))
        .as("every operation of every provider with a fake ran")
        .isGreaterThanOrEqualTo(OPERATIONS.size())
        .matches(total -> total % OPERATIONS.size() == 0);
    assertThat(out)
        .as("a provider without a platform fake is listed, not run")
        .containsPattern(
            "(?m)^compute\\.example\\.nofake\\s+-\\s+a platform fake\\s+skipped\\s+-\\s+SKIPPED$");

    Matcher written = Pattern.compile("written to (\\S+\\.yaml)").matcher(out);
    assertThat(written.find()).as("the demo says where it wrote the component").isTrue();
    assertThat(Path.of(written.group(1))).as("temporary files are deleted").doesNotExist();
  }

  @Test
  @DisplayName("--output json gives the same rows as JSON on stdout, progress on stderr")
  void json() {
    Cli.Result result = Cli.run("demo", "--output", "json", "--provider", "compute.http");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = result.json();
    assertThat(json.path("ok").asBoolean()).isTrue();
    List<String> operations = new ArrayList<>();
    for (JsonNode row : json.path("rows")) {
      assertThat(row.path("status").asText()).as(row.toString()).isEqualTo("OK");
      String operation = row.path("operation").asText();
      assertThat(row.path("result").asText()).as(operation).isEqualTo(EXPECTED.get(operation));
      assertThat(row.path("expected").asText()).as(operation).isEqualTo(EXPECTED.get(operation));
      assertThat(row.path("latencyMs").isNumber()).isTrue();
      operations.add(operation);
    }
    assertThat(operations).containsExactlyElementsOf(OPERATIONS);
    JsonNode provider = json.path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("compute.http");
    assertThat(provider.path("checks").findValuesAsText("name"))
        .contains("deployed", "auth", "protocol", "version");
    assertThat(Files.exists(Path.of(provider.path("componentFile").asText()))).isFalse();
    assertThat(result.err()).contains("[compute.http] invoke echo: 200 echo");
  }

  @Test
  @DisplayName("--keep keeps real Component YAML whose key is a secretKeyRef to a secret file")
  void keep() throws Exception {
    Cli.Result result = Cli.run("demo", "--output", "json", "--keep", "--provider", "compute.http");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path root = Path.of(result.json().path("files").asText());
    try {
      Path component =
          Path.of(result.json().path("providers").get(0).path("componentFile").asText());
      String yaml = Files.readString(component);
      // Only what the demo set: no initTimeout, so the provider's default applies as it did in the
      // demo.
      assertThat(yaml)
          .contains("kind: Component", "type: compute.http", "secretKeyRef:")
          .doesNotContain("PRIVATE KEY", "initTimeout");
      assertThat(Files.readString(component.getParent().resolveSibling("config.yaml")))
          .contains(
              "kind: Configuration", "compute:", "name: demo-compute-http", "type: compute.http");
      assertThat(Files.readString(root.resolve("secrets/demo-compute-http/key")))
          .contains("PRIVATE KEY");
    } finally {
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @DisplayName(
      "--provider naming a type that is not on the classpath is a usage error listing those that are")
  void unknownProvider() {
    Cli.Result result = Cli.run("demo", "--provider", "compute.nowhere");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("compute.nowhere").contains("compute.http");
  }

  @Test
  @DisplayName("--provider with a misspelt type suggests the type it resembles")
  void misspeltProvider() {
    Cli.Result result = Cli.run("demo", "--provider", "compute.htp");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("compute.htp (did you mean compute.http?)");
  }
}
