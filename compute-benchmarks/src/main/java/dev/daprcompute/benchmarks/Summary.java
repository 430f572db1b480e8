package dev.daprcompute.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.daprcompute.benchmarks.load.LoadFork;
import dev.daprcompute.benchmarks.load.Scenarios;
import dev.daprcompute.benchmarks.load.Stats;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * One command for every figure of issue 13: runs the JMH token benchmarks and the load and
 * allocation scenarios ({@link Scenarios}), then prints every ratio, with its relative error, in
 * one table (and writes it as JSON for tracking).
 *
 * <pre>
 * java -cp compute-benchmarks/target/benchmarks.jar dev.daprcompute.benchmarks.Summary [--quick | --full]
 *     [--only REGEX] [--forks N] [--rounds N] [--json FILE] [--jfr DIR] [--markdown FILE] [--doc FILE] [--list]
 * java -cp compute-benchmarks/target/benchmarks.jar dev.daprcompute.benchmarks.Summary --from-json FILE
 *     [--markdown FILE] [--doc FILE]
 * </pre>
 *
 * <p>{@code --quick} (the default) runs each scenario in one fork for a few seconds: it proves the
 * harness and shows the order of magnitude, with wide errors. {@code --full} is what
 * docs/benchmarks.md records. {@code --only} keeps the figures whose scenario name matches ({@code
 * tokens}, {@code invoke/1KiB/x64}, {@code bridge/.*}, {@code memory/.*}, {@code function/.*}).
 * {@code --forks} and {@code --rounds} (also JMH's iterations) narrow the errors on a noisy machine
 * at the cost of time. {@code --jfr} writes a flight recording (CPU and allocation samples) of each
 * load fork, for finding what a figure is made of. {@code --markdown} writes the tables as
 * markdown; {@code --doc} writes them into a document between the lines {@link #DOC_START} and
 * {@link #DOC_END} (docs/benchmarks.md has them). {@code --from-json} runs nothing: it reads a
 * run's {@code --json} file and writes its tables.
 */
public final class Summary {
  private Summary() {}

  /**
   * How long and how often.
   *
   * @param load the load scenarios' settings
   * @param jmhForks forks of each JMH benchmark
   * @param jmhIterations warm-up and measurement iterations of each fork
   * @param jmhIterationMillis the length of each iteration
   */
  record Settings(
      LoadFork.Settings load, int jmhForks, int jmhIterations, long jmhIterationMillis) {
    static Settings quick(@Nullable Path jfr) {
      return new Settings(new LoadFork.Settings(1, 1_000, 600, 2, 3, jfr), 1, 3, 500);
    }

    static Settings full(@Nullable Path jfr) {
      return new Settings(new LoadFork.Settings(2, 3_000, 1_500, 3, 10, jfr), 3, 5, 1_000);
    }

    Settings withForks(int forks) {
      LoadFork.Settings l = load;
      return new Settings(
          new LoadFork.Settings(
              forks, l.warmupMillis(), l.roundMillis(), l.slices(), l.rounds(), l.jfrDirectory()),
          Math.max(1, forks),
          jmhIterations,
          jmhIterationMillis);
    }

    Settings withRounds(int rounds) {
      LoadFork.Settings l = load;
      return new Settings(
          new LoadFork.Settings(
              l.forks(), l.warmupMillis(), l.roundMillis(), l.slices(), rounds, l.jfrDirectory()),
          jmhForks,
          Math.max(1, rounds),
          jmhIterationMillis);
    }
  }

  /** A figure's value for one metric. */
  public record Cell(double ratio, double error, double relativeError, int samples) {
    static Cell of(Stats stats) {
      return new Cell(stats.mean(), stats.error(), stats.relativeError(), stats.samples());
    }
  }

  /** One line of the table: a figure of one scenario, for each of its metrics. */
  public record Row(
      String section,
      String scenario,
      String figure,
      String baseline,
      Map<String, Cell> metrics,
      String goal) {}

  /** The absolute values behind a scenario's ratios: variant, metric, mean over rounds. */
  public record Absolute(String scenario, Map<String, Map<String, Double>> means) {}

  public static void main(String[] args) throws Exception {
    boolean full = false;
    Pattern only = Pattern.compile(".*");
    Path json = null;
    Path jfr = null;
    Path markdown = null;
    Path doc = null;
    Path fromJson = null;
    Integer forks = null;
    Integer rounds = null;
    boolean list = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> full = false;
        case "--full" -> full = true;
        case "--only" -> only = Pattern.compile(args[++i]);
        case "--json" -> json = Path.of(args[++i]);
        case "--jfr" -> jfr = Path.of(args[++i]);
        case "--forks" -> forks = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--list" -> list = true;
        case "--markdown" -> markdown = Path.of(args[++i]);
        case "--doc" -> doc = Path.of(args[++i]);
        case "--from-json" -> fromJson = Path.of(args[++i]);
        default -> {
          System.err.println(
              "unknown argument '"
                  + args[i]
                  + "'; use --quick | --full, --only REGEX, --forks N, "
                  + "--rounds N, --json FILE, --jfr DIR, --markdown FILE, --doc FILE, --from-json FILE, --list");
          System.exit(2);
        }
      }
    }
    if (fromJson != null) {
      // A run's JSON (--json) to its tables, without running anything.
      Report report = new ObjectMapper().readValue(fromJson.toFile(), Report.class);
      publish(report, markdown, doc);
      return;
    }
    if (list) {
      System.out.println("tokens (JMH)");
      Scenarios.all().forEach(s -> System.out.println(s.name()));
      return;
    }
    if (jfr != null) {
      Files.createDirectories(jfr);
    }
    Settings settings = full ? Settings.full(jfr) : Settings.quick(jfr);
    if (forks != null) {
      settings = settings.withForks(forks);
    }
    if (rounds != null) {
      settings = settings.withRounds(rounds);
    }
    Instant started = Instant.now();
    List<Row> rows = new ArrayList<>();
    List<Absolute> absolutes = new ArrayList<>();
    if (only.matcher("tokens").find()) {
      rows.addAll(tokens(settings));
    }
    for (Scenarios.Spec spec : Scenarios.all()) {
      if (!only.matcher(spec.name()).find()) {
        continue;
      }
      System.err.println("== " + spec.name());
      List<LoadFork.Round> measured = LoadFork.run(spec, settings.load());
      rows.addAll(rows(spec, measured));
      absolutes.add(absolute(spec.name(), measured));
    }
    Duration took = Duration.between(started, Instant.now());
    String mode =
        (full ? "full" : "quick")
            + " ("
            + describe(settings)
            + "), took "
            + took.toMinutes()
            + " min "
            + took.toSecondsPart()
            + " s";
    print(System.out, rows, absolutes, mode);
    Report report =
        new Report(
            mode,
            started.toString(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            rows,
            absolutes);
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), report);
      System.err.println("wrote " + json);
    }
    publish(report, markdown, doc);
  }

  /** What a run wrote as JSON ({@code --json}), and what {@code --from-json} reads back. */
  public record Report(
      String mode,
      String started,
      String java,
      int cores,
      List<Row> figures,
      List<Absolute> absolute) {}

  /** The markers in docs/benchmarks.md between which {@code --doc} writes the tables. */
  static final String DOC_START =
      "<!-- figures:start (written by Summary --doc; do not edit by hand) -->";

  static final String DOC_END = "<!-- figures:end -->";

  private static void publish(Report report, @Nullable Path markdown, @Nullable Path doc)
      throws java.io.IOException {
    if (markdown != null) {
      Files.writeString(markdown, markdown(report));
      System.err.println("wrote " + markdown);
    }
    if (doc != null) {
      Files.writeString(doc, intoDoc(Files.readString(doc), markdown(report)));
      System.err.println("wrote the figures into " + doc);
    }
  }

  /**
   * The report's tables as markdown, one table per section under level-3 headings, for
   * docs/benchmarks.md.
   */
  static String markdown(Report report) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
    out.println(
        "Run "
            + report.started()
            + " on "
            + report.java()
            + ", "
            + report.cores()
            + " cores; "
            + report.mode()
            + ".");
    print(out, report.figures(), report.absolute(), null, "###");
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * {@code doc} with the text between {@link #DOC_START} and {@link #DOC_END} replaced by {@code
   * tables}.
   */
  static String intoDoc(String doc, String tables) {
    int start = doc.indexOf(DOC_START);
    int end =
        start < 0
            ? -1
            : doc.indexOf(DOC_END, start); // the doc's prose may name the end marker earlier
    if (end < 0) {
      throw new IllegalArgumentException(
          "the document has no '"
              + DOC_START
              + "' ... '"
              + DOC_END
              + "' block: add both lines where the figures go");
    }
    return doc.substring(0, start + DOC_START.length())
        + "\n\n"
        + tables.strip()
        + "\n\n"
        + doc.substring(end);
  }

  private static String describe(Settings s) {
    LoadFork.Settings l = s.load();
    return "load: "
        + l.forks()
        + " fork(s) x "
        + l.rounds()
        + " rounds of "
        + l.roundMillis()
        + " ms per variant (in "
        + l.slices()
        + " slices) after "
        + l.warmupMillis()
        + " ms warm-up; JMH: "
        + s.jmhForks()
        + " fork(s) x "
        + s.jmhIterations()
        + "+"
        + s.jmhIterations()
        + " iterations of "
        + s.jmhIterationMillis()
        + " ms";
  }

  // ------------------------------------------------------------------ 2: tokens (JMH)

  private static List<Row> tokens(Settings settings) throws RunnerException {
    TimeValue iteration = TimeValue.milliseconds(settings.jmhIterationMillis());
    Options options =
        new OptionsBuilder()
            .include(
                "\\.("
                    + TokenSigningBenchmark.class.getSimpleName()
                    + "|"
                    + TokenVerificationBenchmark.class.getSimpleName()
                    + ")\\.")
            .forks(settings.jmhForks())
            .warmupIterations(settings.jmhIterations())
            .warmupTime(iteration)
            .measurementIterations(settings.jmhIterations())
            .measurementTime(iteration)
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, RunResult> byName = new HashMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      byName.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result);
    }
    String section = "2 tokens";
    List<Row> rows = new ArrayList<>();
    rows.add(
        jmhRow(
            section,
            byName,
            "reusedToken",
            "freshToken",
            "a token per call, reused (the component's way)",
            "a fresh token per call (BouncyCastle)"));
    rows.add(
        jmhRow(
            section,
            byName,
            "freshToken",
            "jdkEd25519Signature",
            "a fresh token per call (BouncyCastle)",
            "one JDK Ed25519 signature"));
    rows.add(
        jmhRow(
            section,
            byName,
            "bouncyCastleEd25519Signature",
            "jdkEd25519Signature",
            "one BouncyCastle Ed25519 signature",
            "one JDK Ed25519 signature"));
    rows.add(
        jmhRow(
            section,
            byName,
            "verifyNewToken",
            "ed25519SignatureCheck",
            "TokenVerifier.verify, a token not seen before (function side)",
            "the BouncyCastle signature check alone"));
    rows.add(
        jmhRow(
            section,
            byName,
            "verifyRequestHeaders",
            "ed25519SignatureCheck",
            "TokenVerifier.verify, a token verified before (function side)",
            "the BouncyCastle signature check alone"));
    return rows;
  }

  private static Row jmhRow(
      String section,
      Map<String, RunResult> results,
      String candidate,
      String baseline,
      String figure,
      String baselineName) {
    RunResult a = require(results, candidate);
    RunResult b = require(results, baseline);
    Stats ratio =
        Stats.ratio(
            a.getPrimaryResult().getScore(),
            a.getPrimaryResult().getScoreError(),
            b.getPrimaryResult().getScore(),
            b.getPrimaryResult().getScoreError(),
            (int) a.getPrimaryResult().getStatistics().getN());
    String unit = a.getPrimaryResult().getScoreUnit();
    return new Row(
        section,
        "tokens",
        figure + String.format(Locale.ROOT, " [%.3g %s]", a.getPrimaryResult().getScore(), unit),
        baselineName
            + String.format(Locale.ROOT, " [%.3g %s]", b.getPrimaryResult().getScore(), unit),
        Map.of("time/call", Cell.of(ratio)),
        "");
  }

  private static RunResult require(Map<String, RunResult> results, String name) {
    RunResult result = results.get(name);
    if (result == null) {
      throw new IllegalStateException(
          "JMH did not run " + name + " (ran " + results.keySet() + ")");
    }
    return result;
  }

  // ------------------------------------------------------------------ load and allocation

  static List<Row> rows(Scenarios.Spec spec, List<LoadFork.Round> rounds) {
    List<Row> rows = new ArrayList<>();
    for (Scenarios.Figure figure : spec.figures()) {
      Map<String, Cell> cells = new LinkedHashMap<>();
      for (String metric : figure.metrics()) {
        List<Double> values = new ArrayList<>();
        for (LoadFork.Round round : rounds) {
          values.add(figure.value().of(round, metric));
        }
        cells.put(metric, Cell.of(Stats.of(values)));
      }
      rows.add(
          new Row(
              spec.section(), spec.name(), figure.name(), figure.baseline(), cells, figure.goal()));
    }
    return rows;
  }

  static Absolute absolute(String scenario, List<LoadFork.Round> rounds) {
    Map<String, Map<String, List<Double>>> all = new LinkedHashMap<>();
    for (LoadFork.Round round : rounds) {
      round
          .values()
          .forEach(
              (variant, metrics) ->
                  metrics.forEach(
                      (metric, value) ->
                          all.computeIfAbsent(variant, v -> new LinkedHashMap<>())
                              .computeIfAbsent(metric, m -> new ArrayList<>())
                              .add(value)));
    }
    Map<String, Map<String, Double>> means = new LinkedHashMap<>();
    all.forEach(
        (variant, metrics) ->
            metrics.forEach(
                (metric, values) ->
                    means
                        .computeIfAbsent(variant, v -> new LinkedHashMap<>())
                        .put(metric, Stats.of(values).mean())));
    return new Absolute(scenario, means);
  }

  // ------------------------------------------------------------------ the table

  static void print(PrintStream out, List<Row> rows, List<Absolute> absolutes, String mode) {
    print(out, rows, absolutes, mode, "##");
  }

  /**
   * The tables; {@code mode} null leaves out the heading text (the markdown for the doc has its
   * own).
   */
  static void print(
      PrintStream out,
      List<Row> rows,
      List<Absolute> absolutes,
      @Nullable String mode,
      String heading) {
    if (mode != null) {
      out.println();
      out.println(
          "dapr-compute benchmarks: every figure is a ratio to a baseline measured in the same run,");
      out.println(
          "with its relative error (99.9% confidence half-width / ratio). Latency ratios above 1 are");
      out.println("slower, throughput ratios above 1 faster. " + mode);
    }
    Map<String, List<Row>> sections = new LinkedHashMap<>();
    rows.forEach(r -> sections.computeIfAbsent(r.section(), s -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<Row>> section : sections.entrySet()) {
      Set<String> metrics = new LinkedHashSet<>();
      section.getValue().forEach(r -> metrics.addAll(r.metrics().keySet()));
      List<String> header = new ArrayList<>(List.of("scenario", "figure", "baseline"));
      header.addAll(metrics);
      header.add("goal");
      List<List<String>> table = new ArrayList<>();
      for (Row row : section.getValue()) {
        List<String> line = new ArrayList<>(List.of(row.scenario(), row.figure(), row.baseline()));
        for (String metric : metrics) {
          Cell cell = row.metrics().get(metric);
          line.add(cell == null ? "" : cell(cell));
        }
        line.add(row.goal());
        table.add(line);
      }
      out.println();
      out.println(heading + " " + section.getKey());
      out.println();
      printTable(out, header, table);
    }
    if (!absolutes.isEmpty()) {
      out.println();
      out.println(
          heading
              + " absolute values (means over rounds; latencies in us, throughput in calls/s, allocation in bytes/call)");
      out.println();
      for (Absolute absolute : absolutes) {
        StringBuilder line = new StringBuilder("- " + absolute.scenario() + ":");
        absolute
            .means()
            .forEach(
                (variant, metrics) -> {
                  line.append(' ').append(variant).append(" {");
                  List<String> parts = new ArrayList<>();
                  metrics.forEach(
                      (metric, value) -> {
                        if (!metric.equals("calls")) {
                          parts.add(metric + " " + number(value));
                        }
                      });
                  line.append(String.join(", ", parts)).append("};");
                });
        out.println(line);
      }
    }
  }

  private static String cell(Cell cell) {
    String error =
        Double.isNaN(cell.relativeError())
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f%%", 100 * cell.relativeError());
    return String.format(Locale.ROOT, "%.3f ±%s", cell.ratio(), error);
  }

  private static String number(double value) {
    if (Math.abs(value) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }

  private static void printTable(PrintStream out, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.println(line(header, widths));
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    out.println(line(rule, widths));
    rows.forEach(row -> out.println(line(row, widths)));
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < cells.size(); i++) {
      line.append(' ')
          .append(String.format(Locale.ROOT, "%-" + widths[i] + "s", cells.get(i)))
          .append(" |");
    }
    return line.toString();
  }

  /** For the smoke test: the rows of a spec run in this JVM with the given settings. */
  static List<Row> runHere(Scenarios.Spec spec, LoadFork.Settings settings) throws Exception {
    return rows(spec, LoadFork.runHere(spec, settings, null));
  }
}
