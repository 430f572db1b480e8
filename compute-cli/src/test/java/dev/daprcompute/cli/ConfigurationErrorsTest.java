package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Configuration and usage errors")
class ConfigurationErrorsTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "A resources directory that does not exist is exit 2 naming it, without a stack trace")
  void missingResources() {
    Path missing = dir.resolve("no-such-dir");
    Cli.Result result = Cli.run("check", "--resources-path", missing.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("dapr-compute check: ")
        .contains(missing.toString())
        .doesNotContain("\tat ");
  }

  @Test
  @DisplayName("A Configuration file that does not exist is exit 2 naming it")
  void missingConfiguration() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Path missing = dir.resolve("nope.yaml");
      Cli.Result result =
          Cli.run(
              "invoke",
              "--method",
              "echo",
              "--components-path",
              fixture.resources.toString(),
              "--config",
              missing.toString(),
              "--secrets-dir",
              fixture.secrets.toString());

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err()).contains(missing.toString()).contains("does not exist");
    }
  }

  @Test
  @DisplayName("A component file that is not valid YAML is exit 2 naming the file")
  void badYaml() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Path file = fixture.resources.resolve("orders.yaml");
      Files.writeString(
          file,
          "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: [name: orders\n",
          StandardCharsets.UTF_8);
      Cli.Result result = Cli.run(fixture.args("publish", "--pubsub", "p", "--topic", "t"));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err()).contains(file.toString()).doesNotContain("\tat ");
    }
  }

  @Test
  @DisplayName("A secret that is nowhere is exit 2 naming the secret reference")
  void missingSecret() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Cli.Result result =
          Cli.run(
              "check",
              "--resources-path",
              fixture.resources.toString(),
              "--config",
              fixture.config.toString());

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains("'orders-fn'")
          .contains("spec.metadata[key].secretKeyRef")
          .contains("environment");
    }
  }

  @Test
  @DisplayName("Environment variables are a secret source even with --secrets-dir")
  void secretFromEnvironment() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Path file = fixture.resources.resolve("orders.yaml");
      Files.writeString(
          file,
          Files.readString(file).replace("name: orders-fn\n      key: key", "name: ORDERS_KEY"),
          StandardCharsets.UTF_8);
      Path emptySecrets = Files.createDirectory(dir.resolve("empty"));
      Cli.Result result =
          Cli.run(
              Map.of("ORDERS_KEY", fixture.componentKey.privateKeyPem()),
              "check",
              "--resources-path",
              fixture.resources.toString(),
              "--config",
              fixture.config.toString(),
              "--secrets-dir",
              emptySecrets.toString());

      assertThat(result.exitCode()).as(result.toString()).isZero();
    }
  }

  @Test
  @DisplayName(
      "--component overrides the Configuration; an unknown name is exit 2 listing the components")
  void unknownComponent() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Cli.Result result = Cli.run(fixture.args("check", "--component", "payments"));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err()).contains("no component named 'payments'").contains("orders");
    }
  }

  @Test
  @DisplayName("--verbose adds the stack trace to the message")
  void verboseShowsStackTrace() {
    Cli.Result quiet = Cli.run("check", "--resources-path", dir.resolve("x").toString());
    Cli.Result verbose =
        Cli.run("check", "--resources-path", dir.resolve("x").toString(), "--verbose");

    assertThat(quiet.err()).doesNotContain("\tat ");
    assertThat(verbose.exitCode()).isEqualTo(2);
    assertThat(verbose.err()).contains("ComputeConfigurationException").contains("\tat ");
  }

  @Test
  @DisplayName("Usage errors exit 2 with the problem and a pointer to --help")
  void usageErrors() {
    Cli.Result unknown =
        Cli.run("invoke", "--method", "echo", "--incude", "--resources-path", dir.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--incude")
        .contains("--include")
        .contains("Try 'dapr-compute invoke --help'");

    Cli.Result missing = Cli.run("invoke", "--resources-path", dir.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--method");

    Cli.Result badDuration =
        Cli.run("invoke", "--method", "m", "--resources-path", dir.toString(), "--timeout", "soon");
    assertThat(badDuration.exitCode()).isEqualTo(2);
    assertThat(badDuration.err()).contains("'soon' is not a duration");

    Cli.Result badHeader =
        Cli.run("invoke", "--method", "m", "--resources-path", dir.toString(), "--header", "x");
    assertThat(badHeader.exitCode()).isEqualTo(2);
    assertThat(badHeader.err()).contains("--header 'x' must be name=value");

    Cli.Result noCommand = Cli.run();
    assertThat(noCommand.exitCode()).isEqualTo(2);
    assertThat(noCommand.err()).contains("missing command").contains("demo");
  }

  @Test
  @DisplayName(
      "A file secret without --secrets-dir is exit 2 pointing at --secrets-dir and the file to create,"
          + " not at removing secretKeyRef.key")
  void fileSecretWithoutSecretsDir() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Path file = fixture.resources.resolve("orders.yaml");
      Files.writeString(
          file,
          Files.readString(file) + "auth:\n  secretStore: kubernetes\n",
          StandardCharsets.UTF_8);
      Cli.Result result =
          Cli.run(
              "check",
              "--resources-path",
              fixture.resources.toString(),
              "--config",
              fixture.config.toString());

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains(file + ":")
          .contains("no --secrets-dir was given")
          .contains("pass --secrets-dir DIR, with the value in DIR/orders-fn/key")
          .contains("auth.secretStore 'kubernetes' names daprd's store")
          .doesNotContain("remove secretKeyRef.key");
      assertThat(fixture.fake.recordedCalls()).isEmpty();
    }
  }

  @Test
  @DisplayName("A corrupt key is exit 2 naming the secret file it was read from")
  void corruptKeyNamesTheSecretFile() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Path secretFile = fixture.secrets.resolve("orders-fn").resolve("key");
      Files.writeString(
          secretFile, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
      for (String command : new String[] {"check", "token"}) {
        Cli.Result result = Cli.run(fixture.args(command));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err())
            .as(command)
            .startsWith("dapr-compute " + command + ": " + secretFile + ": ")
            .contains("the value comes from the secret file " + secretFile)
            .contains(fixture.resources.resolve("orders.yaml") + ":");
      }
    }
  }

  @Test
  @DisplayName(
      "A misspelt kind is exit 2 naming the file and the kind it resembles, not 'there are no components'")
  void misspeltKind() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start()) {
      Path file = fixture.resources.resolve("orders.yaml");
      Files.writeString(
          file,
          Files.readString(file).replace("kind: Component", "kind: Componnet"),
          StandardCharsets.UTF_8);
      Cli.Result result = Cli.run(fixture.args("check"));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains(file + ":1")
          .contains("'Componnet'")
          .contains("did you mean 'kind: Component'?")
          .doesNotContain("there are no components");
    }
  }
}
