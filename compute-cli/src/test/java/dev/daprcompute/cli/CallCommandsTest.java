package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("dapr-compute invoke, publish, binding and subscriptions")
class CallCommandsTest {
  @TempDir Path dir;

  FunctionFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = FunctionFixture.in(dir).start();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName(
      "invoke delivers the method, verb, query, headers and body, and prints the function's reply")
  void invokeEcho() {
    Cli.Result result =
        Cli.run(
            fixture.args(
                "invoke",
                "--method",
                "echo",
                "--verb",
                "put",
                "--data",
                "{\"a\":1}",
                "--header",
                "x-trace=abc",
                "--query",
                "q=1"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("HTTP 200");
    JsonNode seen = Cli.parse(result.out().substring(result.out().indexOf('{')));
    assertThat(seen.path("method").asText()).isEqualTo("echo");
    assertThat(seen.path("verb").asText()).isEqualTo("PUT");
    assertThat(seen.path("query").asText()).isEqualTo("q=1");
    assertThat(seen.path("contentType").asText()).isEqualTo("application/json");
    assertThat(seen.path("metadata").path("x-trace").asText()).isEqualTo("abc");
    assertThat(seen.path("body").asText()).isEqualTo("{\"a\":1}");
    assertThat(fixture.fake.function().received("/echo")).hasSize(1);
  }

  @Test
  @DisplayName("invoke prints the function's own 404 and exits 0: the function answered")
  void invokeFunctionNotFound() {
    Cli.Result result =
        Cli.run(fixture.args("invoke", "--method", "status/404", "--verb", "GET", "--include"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .startsWith("HTTP 404")
        .contains("x-function: yes")
        .contains("status 404");
  }

  @Test
  @DisplayName(
      "invoke --data @file sends the file's bytes; a missing file is a usage error naming it")
  void invokeDataFile() throws Exception {
    Path body = Files.writeString(dir.resolve("body.txt"), "from a file", StandardCharsets.UTF_8);
    Cli.Result result =
        Cli.run(
            fixture.args(
                "invoke", "--method", "echo-body", "--data", "@" + body, "--output", "json"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = result.json();
    assertThat(json.path("status").asInt()).isEqualTo(200);
    assertThat(json.path("body").asText()).isEqualTo("from a file");
    assertThat(json.path("contentType").asText()).startsWith("text/plain");

    Path missing = dir.resolve("missing.json");
    Cli.Result failed =
        Cli.run(fixture.args("invoke", "--method", "echo", "--data", "@" + missing));
    assertThat(failed.exitCode()).isEqualTo(2);
    assertThat(failed.err()).contains(missing.toString()).doesNotContain("\tat ");
  }

  @Test
  @DisplayName("invoke exits 1 when the call does not finish in time: the function never answered")
  void invokeTimesOut() {
    Cli.Result result =
        Cli.run(fixture.args("invoke", "--method", "sleep/3000", "--timeout", "300ms"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("dapr-compute invoke: ").doesNotContain("\tat ");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SUCCESS", "RETRY", "DROP"})
  @DisplayName("publish prints what the function decided and exits 0")
  void publishFunctionDecides(String status) {
    Cli.Result result =
        Cli.run(
            fixture.args("publish", "--pubsub", "pubsub", "--topic", "orders", "--data", status));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().strip()).isEqualTo(status);
    assertThat(fixture.fake.function().received("/orders")).hasSize(1);
  }

  @Test
  @DisplayName(
      "publish to a topic the function does not subscribe to warns, naming the subscribed topics")
  void publishUnsubscribedTopic() {
    Cli.Result result =
        Cli.run(fixture.args("publish", "--pubsub", "pubsub", "--topic", "ordrs", "--data", "x"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err())
        .contains("warning: the function subscribes to no topic 'ordrs' on pubsub 'pubsub'")
        .contains("pubsub/orders", "pubsub/payments", "pubsub/bulk-orders");

    Cli.Result json =
        Cli.run(fixture.args("publish", "--pubsub", "pubsub", "--topic", "ordrs", "-o", "json"));
    assertThat(json.json().path("warning").asText()).contains("pubsub/orders");

    Cli.Result subscribed =
        Cli.run(fixture.args("publish", "--pubsub", "pubsub", "--topic", "orders", "--data", "x"));
    assertThat(subscribed.err()).doesNotContain("warning");
  }

  @Test
  @DisplayName("publish prints RETRY and the reason when the component decided, and exits 1")
  void publishComponentDecides() {
    Cli.Result result =
        Cli.run(
            fixture.args(
                "publish",
                "--pubsub",
                "pubsub",
                "--topic",
                "orders",
                "--data",
                "500",
                "--route",
                "/orders",
                "--output",
                "json"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    JsonNode json = result.json();
    assertThat(json.path("status").asText()).isEqualTo("RETRY");
    assertThat(json.path("decidedBy").asText()).isEqualTo("component");
    assertThat(json.path("reason").asText()).contains("500");
  }

  @Test
  @DisplayName("binding prints the reply's data, output bindings and concurrency")
  void binding() {
    Cli.Result result =
        Cli.run(
            fixture.args(
                "binding",
                "--name",
                "orders-queue",
                "--data",
                "hello",
                "--metadata",
                "to=out1,out2",
                "--metadata",
                "concurrency=parallel"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("to: out1, out2")
        .contains("concurrency: PARALLEL")
        .contains("handled:hello");
  }

  @Test
  @DisplayName("binding exits 1 naming the status when the function fails")
  void bindingFails() {
    Cli.Result result =
        Cli.run(fixture.args("binding", "--name", "orders-queue", "--data", "fail"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("dapr-compute binding: ")
        .contains("500")
        .doesNotContain("\tat ");
  }

  @Test
  @DisplayName("subscriptions lists the topics with their routes, and the input bindings")
  void subscriptions() {
    Cli.Result result = Cli.run(fixture.args("subscriptions"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains(
            "orders",
            "/orders",
            "payments",
            "if event.type == \"refund\" -> /refunds",
            "else -> /payments",
            "payments-dlq",
            "bulk-orders",
            "up to 10 events / 100 ms")
        .contains("Input bindings:\n  orders-queue, cron");

    JsonNode json = Cli.run(fixture.args("subscriptions", "--output", "json")).json();
    assertThat(json.path("topics")).hasSize(3);
    assertThat(json.path("topics").get(1).path("deadLetterTopic").asText())
        .isEqualTo("payments-dlq");
    assertThat(json.path("inputBindings").toString()).isEqualTo("[\"orders-queue\",\"cron\"]");
  }

  @Test
  @DisplayName("No command prints the component's private key")
  void noSecretInOutput() {
    String secret = fixture.privateKeyBody();
    for (String[] args :
        new String[][] {
          fixture.args("check", "--verbose"),
          fixture.args("invoke", "--method", "echo", "--include", "--verbose"),
          fixture.args("invoke", "--method", "echo", "--output", "json"),
          fixture.args("publish", "--pubsub", "p", "--topic", "t", "--data", "500", "--verbose"),
          fixture.args("binding", "--name", "b", "--data", "fail", "--verbose"),
          fixture.args("subscriptions", "--output", "json"),
          fixture.args("token", "--output", "json"),
          fixture.args("check", "--component", "nope", "--verbose")
        }) {
      Cli.Result result = Cli.run(args);
      assertThat(result.all())
          .as(String.join(" ", args))
          .doesNotContain(secret)
          .doesNotContain("PRIVATE KEY");
    }
  }
}
