package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.testkit.PlatformFault;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("dapr-compute check")
class CheckCommandTest {
  @TempDir Path dir;

  @Test
  @DisplayName("A ready component passes every check and exits 0")
  void ready() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Cli.Result result = Cli.run(fixture.args("check"));

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out())
          .contains("component 'orders' (compute.http/v1)")
          .containsPattern("PASSED\\s+deployed")
          .containsPattern(
              "PASSED\\s+auth\\s+the function accepted a token for audience 'orders-fn'")
          .containsPattern("PASSED\\s+protocol")
          .containsPattern("PASSED\\s+version")
          .contains("ready: protocol 1");
      assertThat(result.all()).doesNotContain(fixture.privateKeyBody());
    }
  }

  @Test
  @DisplayName("--output json reports each check by name and outcome")
  void json() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Cli.Result result = Cli.run(fixture.args("check", "--output", "json"));

      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode json = result.json();
      assertThat(json.path("ready").asBoolean()).isTrue();
      assertThat(json.path("component").asText()).isEqualTo("orders");
      assertThat(names(json.path("checks")))
          .containsExactly("deployed", "auth", "protocol", "version");
      assertThat(json.path("inputBindings").toString()).contains("orders-queue", "cron");
    }
  }

  @Test
  @DisplayName(
      "A function that does not trust the component's key fails the auth check: exit 1 naming it")
  void authFails() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).untrustedComponentKey().start()) {
      Cli.Result result = Cli.run(fixture.args("check"));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.out()).containsPattern("FAILED\\s+auth");
      assertThat(result.err()).contains("check 'auth' failed").doesNotContain("\tat ");
      assertThat(result.all()).doesNotContain(fixture.privateKeyBody());
    }
  }

  @Test
  @DisplayName("A function the platform does not know fails the deployed check, as JSON too")
  void notDeployed() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).initTimeout("1s").start()) {
      fixture.fake.failAlways(PlatformFault.notFound());
      Cli.Result result = Cli.run(fixture.args("check", "--output", "json"));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      JsonNode json = result.json();
      assertThat(json.path("ready").asBoolean()).isFalse();
      assertThat(json.path("failedCheck").asText()).isEqualTo("deployed");
      assertThat(result.err()).contains("check 'deployed' failed");
    }
  }

  private static List<String> names(JsonNode checks) {
    List<String> names = new ArrayList<>();
    checks.forEach(check -> names.add(check.path("name").asText()));
    return names;
  }
}
