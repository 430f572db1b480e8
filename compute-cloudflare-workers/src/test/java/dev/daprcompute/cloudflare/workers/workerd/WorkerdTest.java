package dev.daprcompute.cloudflare.workers.workerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig.Binding;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig.Module;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The launcher itself: it serves, reports startup failures with workerd's words, and always stops.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the first start may install workerd from npm
class WorkerdTest {
  private static final String DATE = "2026-11-01";

  @Test
  void serves_a_worker_with_text_json_and_service_bindings_then_stops_it() throws Exception {
    Module echo =
        Module.esModule(
            "echo.js",
            "export default { async fetch(request, env) {"
                + " const inner = await env.INNER.fetch('http://inner/');"
                + " return Response.json({ text: env.TEXT, json: env.JSON, inner: await inner.text() }); } };");
    Module inner =
        Module.esModule(
            "inner.js", "export default { fetch() { return new Response('from inner'); } };");
    WorkerdConfig config =
        WorkerdConfig.builder()
            .worker("inner", WorkerdConfig.Worker.of(List.of(inner), DATE, List.of()))
            .worker(
                "echo",
                WorkerdConfig.Worker.of(
                    List.of(echo),
                    DATE,
                    List.of(
                        Binding.text("TEXT", "a \"quoted\" value\nwith a newline"),
                        Binding.json("JSON", "{\"keys\":[1,2]}"),
                        Binding.service("INNER", "inner"))))
            .expose("echo")
            .build();

    Workerd workerd = Workerd.start(config);
    ProcessHandle process;
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(workerd.url("echo"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.body())
          .isEqualTo(
              "{\"text\":\"a \\\"quoted\\\" value\\nwith a newline\",\"json\":{\"keys\":[1,2]},\"inner\":\"from inner\"}");
      assertThat(workerd.isAlive()).isTrue();
      process = ProcessHandle.of(workerd.pid()).orElseThrow();
      assertThatThrownBy(() -> workerd.url("inner")).hasMessageContaining("not exposed");
    } finally {
      workerd.close();
    }
    assertThat(process.isAlive()).as("workerd stopped").isFalse();
    workerd.close(); // idempotent
  }

  @Test
  void a_worker_that_fails_at_startup_is_a_start_failure_showing_workerds_error() {
    Module broken =
        Module.esModule(
            "broken.js",
            "export const notAHandler = 1;"
                + " export default { fetch() { return new Response('x'); } };");
    WorkerdConfig config =
        WorkerdConfig.builder()
            .worker("broken", WorkerdConfig.Worker.of(List.of(broken), DATE, List.of()))
            .expose("broken")
            .build();

    assertThatThrownBy(() -> Workerd.start(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workerd exited")
        .hasMessageContaining("notAHandler");
  }

  @Test
  void a_configuration_is_checked_before_anything_starts() {
    Module module = Module.esModule("w.js", "export default {};");
    assertThatThrownBy(
            () ->
                WorkerdConfig.builder()
                    .worker(
                        "w",
                        WorkerdConfig.Worker.of(
                            List.of(module), DATE, List.of(Binding.service("T", "missing"))))
                    .expose("w")
                    .build())
        .hasMessageContaining("names service 'missing'");
    assertThatThrownBy(() -> Binding.text("BAD NAME", "x")).hasMessageContaining("must be letters");
    assertThatThrownBy(() -> Module.esModule("../escape.js", ""))
        .hasMessageContaining("plain relative file name");
    assertThatThrownBy(() -> WorkerdConfig.builder().expose("nothing"))
        .hasMessageContaining("no service 'nothing'");
  }
}
