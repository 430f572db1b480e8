package dev.daprcompute.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.benchmarks.load.Drivers;
import dev.daprcompute.benchmarks.load.LoadFork;
import dev.daprcompute.benchmarks.load.Scenario;
import dev.daprcompute.benchmarks.load.Scenarios;
import dev.daprcompute.benchmarks.load.Stats;
import dev.daprcompute.benchmarks.load.Variant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each benchmark's setup and each variant's call once, so the harness cannot rot unnoticed.
 * Times nothing: speed is what {@link Summary} measures, never a test.
 */
class HarnessSmokeTest {

  static Stream<String> scenarios() {
    return Scenarios.all().stream().map(Scenarios.Spec::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  @Timeout(120)
  void every_variant_of_a_scenario_makes_its_call_and_every_figure_has_a_value(String name)
      throws Exception {
    Scenarios.Spec spec = Scenarios.named(name);
    List<Summary.Row> rows;
    if (spec.kind() == Scenarios.Kind.LATENCY) {
      // Two short rounds in this JVM: the drivers, the rounds and the figures, end to end.
      rows = Summary.runHere(spec, new LoadFork.Settings(0, 20, 60, 2, 2, null));
    } else {
      Map<String, Map<String, Double>> values = new LinkedHashMap<>();
      try (Scenario scenario = spec.factory().create()) {
        for (Variant variant : scenario.variants()) {
          values.put(variant.name(), Drivers.allocation(variant, 1, scenario::isServerThread));
        }
      }
      rows = Summary.rows(spec, List.of(new LoadFork.Round(values), new LoadFork.Round(values)));
    }
    assertThat(rows).hasSameSizeAs(spec.figures());
    for (Summary.Row row : rows) {
      assertThat(row.metrics()).isNotEmpty();
      row.metrics()
          .forEach(
              (metric, cell) ->
                  assertThat(cell.ratio()).as(row.figure() + " " + metric).isFinite());
    }
  }

  @Test
  void the_allocation_count_sees_the_bytes_a_call_allocates() throws Exception {
    Variant allocating =
        Variant.blocking(
            "allocating",
            () -> {
              byte[] garbage = new byte[1 << 20];
              garbage[garbage.length - 1] = 1;
              if (garbage[0] != 0) {
                throw new AssertionError();
              }
            });
    double perCall = Drivers.allocation(allocating, 4, id -> false).get("allocated");
    assertThat(perCall).isBetween((double) (1 << 20), (double) (2 << 20));
  }

  @Test
  void the_jmh_benchmarks_set_up_and_run_once() throws Exception {
    TokenSigningBenchmark signing = new TokenSigningBenchmark();
    signing.setUp();
    assertThat(signing.jdkEd25519Signature()).isEqualTo(signing.bouncyCastleEd25519Signature());
    assertThat(signing.freshToken()).isNotEqualTo(signing.freshToken());
    assertThat(signing.reusedToken()).isEqualTo(signing.reusedToken());

    TokenVerificationBenchmark verification = new TokenVerificationBenchmark();
    verification.setUp();
    assertThat(verification.ed25519SignatureCheck()).isTrue();
    assertThat(verification.verifyRequestHeaders().audience()).containsExactly("orders-fn");
    assertThat(verification.verifyNewToken().subject()).isEqualTo("app-0");
    assertThat(verification.verifyNewToken().subject()).isEqualTo("app-1");

    KeptAliveHostBenchmark keptAlive = new KeptAliveHostBenchmark();
    keptAlive.setUp();
    try {
      assertThat(keptAlive.noDelay()).isPositive();
    } finally {
      keptAlive.tearDown();
    }

    InvokeOverheadBenchmark invoke = new InvokeOverheadBenchmark();
    invoke.setUp();
    try {
      assertThat(invoke.plainOkHttp()).isEqualTo(1024);
      assertThat(invoke.computeHttp()).isEqualTo(1024);
      assertThat(invoke.computeHttpWithVerification()).isEqualTo(1024);
    } finally {
      invoke.tearDown();
    }
  }

  @Test
  void stats_give_the_mean_and_the_999_percent_half_width() {
    Stats stats = Stats.of(List.of(1.0, 2.0, 3.0));
    assertThat(stats.mean()).isEqualTo(2.0);
    assertThat(stats.error())
        .isCloseTo(31.599 / Math.sqrt(3), org.assertj.core.data.Offset.offset(1e-9));
    Stats ratio = Stats.ratio(200, 6, 100, 8, 5); // relative errors 3% and 8%
    assertThat(ratio.mean()).isEqualTo(2.0);
    assertThat(ratio.relativeError())
        .isCloseTo(Math.hypot(6.0 / 200, 8.0 / 100), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void the_summary_prints_one_table_per_section_with_every_ratio_and_its_error() {
    Summary.Row row =
        new Summary.Row(
            "1 invocation overhead",
            "invoke/1KiB/x1",
            "compute.http",
            "okhttp-async",
            Map.of("p50", new Summary.Cell(1.04, 0.01, 0.0096, 16)),
            "goal");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Summary.print(
        new PrintStream(out, true, StandardCharsets.UTF_8), List.of(row), List.of(), "test");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("## 1 invocation overhead")
        .contains("| invoke/1KiB/x1 | compute.http | okhttp-async | 1.040 ±1.0% | goal |");
  }

  @Test
  void a_runs_json_becomes_markdown_between_the_docs_markers() throws Exception {
    Summary.Row row =
        new Summary.Row(
            "4 memory",
            "memory/http/reply/100MB",
            "compute.http bytes allocated",
            "payload (100000000 bytes)",
            Map.of("allocated", new Summary.Cell(1.0, 0.001, 0.001, 20)),
            "at most 3");
    Summary.Report report =
        new Summary.Report(
            "full (...)",
            "2026-01-01T00:00:00Z",
            "OpenJDK 17",
            2,
            List.of(row),
            List.of(
                new Summary.Absolute(
                    "memory/http/reply/100MB",
                    Map.of("compute.http", Map.of("allocated", 1.0e8)))));
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Summary.Report read = json.readValue(json.writeValueAsBytes(report), Summary.Report.class);
    assertThat(read).isEqualTo(report);

    String markdown = Summary.markdown(read);
    assertThat(markdown)
        .contains("### 4 memory")
        .contains(
            "| memory/http/reply/100MB | compute.http bytes allocated | payload (100000000 bytes) | 1.000 ±0.1% | at most 3 |")
        .contains("compute.http {allocated 100,000,000}");
    String doc =
        "# Benchmarks\n\nThe figures go before "
            + Summary.DOC_END
            + ".\n\n"
            + Summary.DOC_START
            + "\nto be filled\n"
            + Summary.DOC_END
            + "\n\nafter\n";
    String filled = Summary.intoDoc(doc, markdown);
    assertThat(filled)
        .doesNotContain("to be filled")
        .contains("### 4 memory")
        .endsWith(Summary.DOC_END + "\n\nafter\n");
    assertThat(Summary.intoDoc(filled, markdown)).as("filling again replaces").isEqualTo(filled);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> Summary.intoDoc("# no markers", markdown))
        .withMessageContaining("figures:start");
  }
}
