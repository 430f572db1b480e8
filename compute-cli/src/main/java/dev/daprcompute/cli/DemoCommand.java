package dev.daprcompute.cli;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.internal.Spelling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: every provider on the classpath, end to end, against a local fake of its platform.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Every provider end to end, against a local fake of its platform.",
    description = {
      "Runs every compute provider on the classpath end to end, locally, in seconds: for each, a fake of"
          + " its platform in front of the reference function, a throwaway Ed25519 key pair, real Component and"
          + " Configuration YAML with secrets in files, init (deployed, auth, protocol, version and platform checks),"
          + " and every operation: invoke, PubSub (SUCCESS, RETRY, DROP, a platform failure), bulk, bindings,"
          + " subscriptions.",
      "Prints a table of results and latencies; exits 0 only when every result is as expected."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {
      "0:every result as expected",
      "1:a result differed, or no provider could run",
      Failures.EXIT_USAGE
    })
final class DemoCommand extends BaseCommand {
  static final List<String> HEADERS =
      List.of("PROVIDER", "OPERATION", "EXPECTED", "RESULT", "LATENCY (ms)", "");

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "10s",
      description = "the deadline of each call (default: ${DEFAULT-VALUE})")
  Duration timeout = Duration.ofSeconds(10);

  @Option(
      names = "--provider",
      paramLabel = "TYPE",
      description =
          "only this component type, such as compute.http; repeat for more (default: every provider)")
  List<String> only = new ArrayList<>();

  @Option(
      names = "--keep",
      description =
          "keep the generated resource files (printed at the end) instead of deleting them")
  boolean keep;

  @Override
  int run(Console console) throws Exception {
    long start = System.nanoTime();
    ComputeProviders available = ComputeProviders.load();
    List<String> unknown = only.stream().filter(type -> !available.types().contains(type)).toList();
    if (!unknown.isEmpty()) {
      throw CliException.usage(unknownProviders(unknown, available.types()));
    }
    List<ComputeProvider> providers =
        available.all().stream().filter(p -> only.isEmpty() || only.contains(p.type())).toList();
    if (providers.isEmpty()) {
      throw CliException.usage("no compute provider on the classpath");
    }
    console.progress(
        "dapr-compute demo: "
            + providers.size()
            + (providers.size() == 1 ? " provider: " : " providers: ")
            + String.join(
                ", ", providers.stream().map(p -> p.type() + "/" + p.version()).toList()));

    List<DemoRow> rows = new ArrayList<>();
    List<Map<String, Object>> providerJson = new ArrayList<>();
    @Nullable String kept = null;
    try (Cleanup cleanup = new Cleanup()) {
      DemoWorkspace workspace = cleanup.open(() -> DemoWorkspace.create(keep));
      if (keep) {
        kept = workspace.root().toString();
      }
      Demo demo = new Demo(workspace, cleanup, CallOptions.timeout(timeout), console::progress);
      for (ComputeProvider provider : providers) {
        Demo.ProviderRun run = demo.run(provider);
        rows.addAll(run.rows());
        providerJson.add(run.json());
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
      }
    }

    boolean ranAny = rows.stream().anyMatch(r -> r.status() != DemoRow.Status.SKIPPED);
    boolean allOk = ranAny && rows.stream().noneMatch(r -> r.status() == DemoRow.Status.FAIL);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("ok", allOk);
      json.put("elapsedMs", elapsedMs);
      json.put("providers", providerJson);
      json.put("rows", rows.stream().map(DemoRow::json).toList());
      if (kept != null) {
        json.put("files", kept);
      }
      console.json(json);
    } else {
      printTable(console, rows);
      long ok = rows.stream().filter(r -> r.status() == DemoRow.Status.OK).count();
      long skipped = rows.stream().filter(r -> r.status() == DemoRow.Status.SKIPPED).count();
      console.println("");
      console.println(
          ok
              + " of "
              + (rows.size() - skipped)
              + " results as expected"
              + (skipped > 0 ? ", " + skipped + " provider(s) skipped" : "")
              + ", in "
              + elapsedMs
              + " ms.");
      if (kept != null) {
        console.println("The generated files are in " + kept);
      }
    }
    if (!ranAny) {
      console.note("dapr-compute demo: no provider could run: none has a platform fake");
    } else if (!allOk) {
      console.note(
          "dapr-compute demo: some results differ from what was expected (see the FAIL rows)");
    }
    return allOk ? Failures.OK : Failures.FAILED;
  }

  /** "no provider of type compute.htp (did you mean compute.http?); present: ...". */
  private static String unknownProviders(List<String> unknown, Collection<String> present) {
    List<String> described = new ArrayList<>();
    for (String type : unknown) {
      String closest = Spelling.closest(type, present);
      described.add(type + (closest != null ? " (did you mean " + closest + "?)" : ""));
    }
    return "--provider: no provider of type "
        + String.join(", ", described)
        + " on the classpath; present: "
        + String.join(", ", present);
  }

  private static void printTable(Console console, List<DemoRow> rows) {
    console.println("");
    List<List<String>> cells = new ArrayList<>();
    for (DemoRow row : rows) {
      cells.add(
          List.of(
              row.provider(),
              row.operation(),
              row.expected(),
              row.result(),
              row.latencyMs() < 0 ? "-" : Long.toString(row.latencyMs()),
              row.status().name()));
    }
    console.table(HEADERS, cells);
    for (DemoRow row : rows) {
      if (row.status() == DemoRow.Status.FAIL) {
        console.println("FAIL " + row.provider() + " " + row.operation() + ": " + row.detail());
      }
    }
  }
}
