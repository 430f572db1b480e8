package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.testkit.PlatformFault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --metrics-port}: what Prometheus reads after a known sequence of init attempts and
 * daprd-shaped calls through the bridge's HTTP app channel. Counts of calls are compared before and
 * after the calls, since the bridge makes calls of its own when it starts (subscriptions, input
 * bindings).
 */
@Timeout(120)
@DisplayName("dapr-compute serve --metrics-port")
class ServeMetricsTest {
  private static final Duration CALL = Duration.ofSeconds(20);
  private static final String EVENT_ID = "event-4b1d";
  private static final String COMPONENT = "component=\"orders\"";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @DisplayName(
      "GET /metrics: init attempts, calls by operation, outcome and reason, token signings, latency buckets")
  void prometheusEndpoint() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).initTimeout("30s").start()) {
      fixture.fake.failNext(1, PlatformFault.serverError());
      try (Cli.Background serve =
          Cli.background(
              Map.of(),
              fixture.args(
                  "serve", "--http-port", "0", "--metrics-port", "0", "--output", "json"))) {
        JsonNode announced =
            Cli.parse(serve.awaitOut(Pattern.compile("(?ms)^\\{$.*?^}$"), CALL).group());
        int httpPort = announced.path("httpPort").asInt();
        int metricsPort = announced.path("metricsPort").asInt();
        assertThat(metricsPort).isPositive().isNotEqualTo(httpPort);
        String app = "http://127.0.0.1:" + httpPort;

        Samples before = Samples.parse(get(metricsPort, MetricsEndpoint.PATH, "").body());
        for (String status : List.of("SUCCESS", "DROP", "RETRY")) {
          assertThat(publish(app, status)).contains(status);
        }
        fixture.fake.failNext(1, PlatformFault.throttled(Duration.ofSeconds(1)));
        assertThat(publish(app, "SUCCESS")).contains("RETRY");
        assertThat(
                send(HttpRequest.newBuilder(URI.create(app + "/echo"))
                        .timeout(CALL)
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build())
                    .statusCode())
            .isEqualTo(200);
        assertThat(
                send(HttpRequest.newBuilder(URI.create(app + "/dapr/subscribe"))
                        .timeout(CALL)
                        .GET()
                        .build())
                    .statusCode())
            .isEqualTo(200);

        HttpResponse<String> scraped = get(metricsPort, MetricsEndpoint.PATH, "");
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type"))
            .hasValue("text/plain; version=0.0.4; charset=utf-8");
        Samples after = Samples.parse(scraped.body());

        // Calls, by operation, outcome and reason: what the calls above added.
        String calls = "dapr_compute_calls_seconds_count";
        assertThat(
                after.delta(
                    before,
                    calls,
                    "operation=\"topic_event\"",
                    "outcome=\"SUCCESS\"",
                    "reason=\"none\""))
            .isEqualTo(1);
        assertThat(
                after.delta(
                    before,
                    calls,
                    "operation=\"topic_event\"",
                    "outcome=\"DROP\"",
                    "reason=\"none\""))
            .isEqualTo(1);
        assertThat(
                after.delta(
                    before,
                    calls,
                    "operation=\"topic_event\"",
                    "outcome=\"RETRY\"",
                    "reason=\"FUNCTION\""))
            .isEqualTo(1);
        assertThat(
                after.delta(
                    before,
                    calls,
                    "operation=\"topic_event\"",
                    "outcome=\"RETRY\"",
                    "reason=\"THROTTLED\""))
            .as("a platform failure, by its reason")
            .isEqualTo(1);
        assertThat(
                after.delta(
                    before,
                    calls,
                    "operation=\"invoke\"",
                    "outcome=\"SUCCESS\"",
                    "reason=\"none\""))
            .isEqualTo(1);
        // daprd's GET /dapr/subscribe: the bridge refreshes both lists it routes by.
        assertThat(
                after.delta(
                    before, calls, "operation=\"list_topic_subscriptions\"", "outcome=\"SUCCESS\""))
            .isEqualTo(1);
        assertThat(
                after.delta(
                    before, calls, "operation=\"list_input_bindings\"", "outcome=\"SUCCESS\""))
            .isEqualTo(1);
        assertThat(after.sum(calls) - before.sum(calls))
            .as(
                "no other call counted: before\n%s\nafter\n%s",
                before.matching(calls), after.matching(calls))
            .isEqualTo(7);
        assertThat(after.one(calls, "operation=\"topic_event\"", "outcome=\"DROP\""))
            .containsEntry("type", "\"compute.http\"")
            .containsEntry("component", "\"orders\"")
            .containsEntry("error", "\"none\"");

        // Latency histograms: the fixed buckets, cumulative, the last one the count.
        List<Map<String, String>> buckets =
            after.labels(
                "dapr_compute_calls_seconds_bucket", "operation=\"invoke\"", "outcome=\"SUCCESS\"");
        assertThat(buckets)
            .extracting(b -> b.get("le"))
            .containsExactly(
                "\"0.005\"",
                "\"0.01\"",
                "\"0.025\"",
                "\"0.05\"",
                "\"0.1\"",
                "\"0.25\"",
                "\"0.5\"",
                "\"1.0\"",
                "\"2.5\"",
                "\"5.0\"",
                "\"10.0\"",
                "\"30.0\"",
                "\"60.0\"",
                "\"+Inf\"");
        assertThat(
                after.value(
                    "dapr_compute_calls_seconds_bucket",
                    "operation=\"invoke\"",
                    "outcome=\"SUCCESS\"",
                    "le=\"+Inf\""))
            .isEqualTo(after.value(calls, "operation=\"invoke\"", "outcome=\"SUCCESS\""));
        assertThat(scraped.body())
            .contains("# TYPE dapr_compute_calls_seconds histogram")
            .contains("# TYPE dapr_compute_init_attempts_seconds histogram")
            .contains("# TYPE dapr_compute_token_signings_seconds histogram")
            .contains("# HELP dapr_compute_calls_seconds Calls to the function by operation")
            .contains("# HELP dapr_compute_init_attempts_seconds Attempts of the component's init")
            .contains("# HELP dapr_compute_token_signings_seconds Tokens signed for calls");

        // Init: one attempt failed on the platform's 500 and was retried, the next one passed.
        String init = "dapr_compute_init_attempts_seconds_count";
        assertThat(after.value(init, "outcome=\"RETRY\"", "reason=\"PLATFORM_ERROR\""))
            .isEqualTo(1);
        assertThat(after.value(init, "outcome=\"SUCCESS\"", "reason=\"none\"")).isEqualTo(1);
        assertThat(after.sum(init)).isEqualTo(2);
        // One audience and subject: a signature for init, reused by the calls for half the token's
        // lifetime (30 s; a machine slow enough to take longer signs once more), never one per
        // call.
        assertThat(after.value("dapr_compute_token_signings_seconds_count")).isBetween(1.0, 2.0);
        // The JVM's own, beside them.
        assertThat(after.names()).contains("jvm_memory_used_bytes", "process_uptime_seconds");

        // Low cardinality, no user data: no event id, method, URL or port in any label.
        // Label values only: a sample's value may hold the port's digits by chance.
        String port = String.valueOf(URI.create(fixture.fake.endpoint()).getPort());
        for (Samples.Sample sample : after.samples()) {
          for (String value : sample.labels().values()) {
            assertThat(value)
                .as(sample.name() + " " + sample.labels())
                .doesNotContain(EVENT_ID)
                .doesNotContain("echo")
                .doesNotContain(port);
          }
        }

        HttpResponse<String> openMetrics =
            get(metricsPort, MetricsEndpoint.PATH, "application/openmetrics-text; version=1.0.0");
        assertThat(openMetrics.headers().firstValue("Content-Type"))
            .get()
            .asString()
            .startsWith("application/openmetrics-text");
        assertThat(openMetrics.body())
            .endsWith("# EOF\n")
            .contains("dapr_compute_calls_seconds_count{");

        assertThat(get(metricsPort, "/other", "").statusCode()).isEqualTo(404);
        HttpResponse<String> post =
            send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + MetricsEndpoint.PATH))
                    .timeout(CALL)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

        Cli.Result result = serve.stop();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("dapr-compute serve: attempt 1 failed (deployed)");
      }
    }
  }

  @Test
  @DisplayName(
      "without --metrics-port nothing more listens, and the announcement has no metricsPort")
  void offByDefault() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start();
        Cli.Background serve =
            Cli.background(
                Map.of(), fixture.args("serve", "--http-port", "0", "--output", "json"))) {
      JsonNode announced =
          Cli.parse(serve.awaitOut(Pattern.compile("(?ms)^\\{$.*?^}$"), CALL).group());
      assertThat(announced.has("metricsPort")).isFalse();
      assertThat(serve.stop().exitCode()).isZero();
    }
  }

  @Test
  @DisplayName("a --metrics-port in use is exit 2 naming the port and the flag, before init")
  void metricsPortInUse() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).start();
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Cli.Result result =
          Cli.run(
              fixture.args("serve", "--http-port", "0", "--metrics-port", Integer.toString(port)));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains("cannot listen for /metrics on 127.0.0.1:" + port)
          .contains("choose another --metrics-port")
          .doesNotContain("Exception");
      assertThat(fixture.fake.function().received()).as("refused before init").isEmpty();
    }
  }

  @Test
  @DisplayName("--metrics-port outside 0-65535 is a usage error")
  void badMetricsPort() {
    Cli.Result result =
        Cli.run("serve", "--resources-path", dir.toString(), "--metrics-port", "65536");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--metrics-port 65536 is not a port");
  }

  private String publish(String app, String data) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(app + "/orders"))
            .timeout(CALL)
            .header("Content-Type", "application/cloudevents+json")
            .header("pubsubName", "pubsub")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"specversion\":\"1.0\",\"id\":\""
                        + EVENT_ID
                        + "\","
                        + "\"source\":\"Dapr\",\"type\":\"com.dapr.event.sent\",\"datacontenttype\":\"text/plain\",\"data\":\""
                        + data
                        + "\",\"topic\":\"orders\",\"pubsubname\":\"pubsub\"}"))
            .build())
        .body();
  }

  private HttpResponse<String> get(int port, String path, String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(CALL);
    if (!accept.isEmpty()) {
      request.header("Accept", accept);
    }
    return send(request.GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The samples of Prometheus' text format: {@code name{label="value",...} number} per line. */
  private record Samples(List<String> lines, List<Sample> samples) {
    private static final Pattern SAMPLE =
        Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL =
        Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\")");

    record Sample(String name, Map<String, String> labels, double value) {
      boolean has(String... labels) {
        for (String label : labels) {
          String[] nameValue = label.split("=", 2);
          if (!nameValue[1].equals(this.labels.get(nameValue[0]))) {
            return false;
          }
        }
        return true;
      }
    }

    static Samples parse(String text) {
      List<String> lines = new ArrayList<>();
      List<Sample> samples = new ArrayList<>();
      for (String line : text.lines().toList()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        Matcher sample = SAMPLE.matcher(line);
        assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
        Map<String, String> labels = new TreeMap<>();
        if (sample.group(2) != null) {
          Matcher label = LABEL.matcher(sample.group(2));
          while (label.find()) {
            labels.put(label.group(1), label.group(2));
          }
        }
        lines.add(line);
        samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
      }
      return new Samples(lines, samples);
    }

    List<String> names() {
      return samples.stream().map(Sample::name).distinct().toList();
    }

    /** The one sample of this component named {@code name} with {@code labels}. */
    Map<String, String> one(String name, String... labels) {
      List<Sample> found = find(name, labels);
      assertThat(found)
          .as("%s %s among\n%s", name, List.of(labels), String.join("\n", lines))
          .hasSize(1);
      return found.get(0).labels();
    }

    double value(String name, String... labels) {
      one(name, labels);
      return find(name, labels).get(0).value();
    }

    /** The value now less the value {@code before}, where a sample missing before counts 0. */
    double delta(Samples before, String name, String... labels) {
      double now = value(name, labels);
      List<Sample> was = before.find(name, labels);
      return now - (was.isEmpty() ? 0 : was.get(0).value());
    }

    String matching(String name) {
      return lines.stream().filter(line -> line.startsWith(name)).collect(Collectors.joining("\n"));
    }

    double sum(String name) {
      return find(name).stream().mapToDouble(Sample::value).sum();
    }

    List<Map<String, String>> labels(String name, String... labels) {
      return find(name, labels).stream().map(Sample::labels).collect(Collectors.toList());
    }

    private List<Sample> find(String name, String... labels) {
      List<String> all = new ArrayList<>(List.of(labels));
      all.add(COMPONENT);
      return samples.stream()
          .filter(s -> s.name().equals(name) && s.has(all.toArray(String[]::new)))
          .toList();
    }
  }
}
