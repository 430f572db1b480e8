package dev.daprcompute.benchmarks.load;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs one {@link Scenarios.Spec} in rounds, in this JVM ({@link #runHere}) or in fresh JVMs, one
 * per fork ({@link #run}), as JMH forks: each fork warms its own JIT, so the spread between forks
 * shows in the error. Within a round every variant is measured for the same time, the variants
 * taking turns in slices, starting with a different one each round.
 */
public final class LoadFork {
  private LoadFork() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROUND = "ROUND ";

  /**
   * How long and how often.
   *
   * @param forks JVMs to run in; 0 runs in this JVM
   * @param warmupMillis per variant, before the rounds (latency)
   * @param roundMillis per variant and round (latency)
   * @param slices how many parts each variant's time in a round is cut into, the variants taking
   *     turns part by part (latency), so that a burst of other work on a shared machine falls on
   *     every variant of the round rather than on one
   * @param rounds per fork
   * @param jfrDirectory where each fork writes a flight recording (an allocation and CPU profile),
   *     or null
   */
  public record Settings(
      int forks,
      long warmupMillis,
      long roundMillis,
      int slices,
      int rounds,
      @Nullable Path jfrDirectory) {}

  /** One round: variant, then metric, then value. */
  public static final class Round implements Scenarios.Round {
    private final Map<String, Map<String, Double>> values;

    public Round(Map<String, Map<String, Double>> values) {
      this.values = values;
    }

    @Override
    public double get(String variant, String metric) {
      Map<String, Double> metrics = values.get(variant);
      Double value = metrics == null ? null : metrics.get(metric);
      if (value == null) {
        throw new IllegalArgumentException("no " + metric + " of " + variant + " in this round");
      }
      return value;
    }

    public Map<String, Map<String, Double>> values() {
      return values;
    }
  }

  /** Every round of every fork of {@code spec}. */
  public static List<Round> run(Scenarios.Spec spec, Settings settings) throws Exception {
    if (settings.forks() == 0) {
      return runHere(spec, settings, null);
    }
    List<Round> rounds = new ArrayList<>();
    for (int fork = 1; fork <= settings.forks(); fork++) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(spec.jvmArgs());
      if (settings.jfrDirectory() != null) {
        String file = spec.name().replace('/', '-') + "-fork" + fork + ".jfr";
        command.add(
            "-XX:StartFlightRecording=settings=profile,filename="
                + settings.jfrDirectory().resolve(file).toAbsolutePath());
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              LoadFork.class.getName(),
              spec.name(),
              Long.toString(settings.warmupMillis()),
              Long.toString(settings.roundMillis()),
              Integer.toString(settings.slices()),
              Integer.toString(settings.rounds())));
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith(ROUND)) {
            rounds.add(
                new Round(
                    JSON.readValue(
                        line.substring(ROUND.length()),
                        new TypeReference<LinkedHashMap<String, Map<String, Double>>>() {})));
          } else {
            System.err.println("  | " + line);
          }
        }
      }
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "fork " + fork + " of " + spec.name() + " failed (its output is above)");
      }
    }
    return rounds;
  }

  /** Runs {@code spec} in this JVM; prints each round to {@code out} as a fork does, if given. */
  public static List<Round> runHere(
      Scenarios.Spec spec, Settings settings, @Nullable PrintStream out) throws Exception {
    List<Round> rounds = new ArrayList<>();
    try (Scenario scenario = spec.factory().create()) {
      List<Variant> variants = scenario.variants();
      for (Variant variant : variants) {
        if (spec.kind() == Scenarios.Kind.LATENCY) {
          Drivers.latency(
              variant, spec.inFlight(), TimeUnit.MILLISECONDS.toNanos(settings.warmupMillis()));
        } else {
          Drivers.allocation(variant, Math.max(1, spec.warmupCalls()), scenario::isServerThread);
        }
      }
      for (int r = 0; r < settings.rounds(); r++) {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        if (spec.kind() == Scenarios.Kind.LATENCY) {
          int slices = Math.max(1, settings.slices());
          long slice = TimeUnit.MILLISECONDS.toNanos(settings.roundMillis()) / slices;
          Map<String, Drivers.Latencies> latencies = new LinkedHashMap<>();
          variants.forEach(v -> latencies.put(v.name(), null));
          for (int s = 0; s < slices; s++) {
            for (int i = 0; i < variants.size(); i++) {
              Variant variant = variants.get((r + s + i) % variants.size());
              Drivers.Latencies part = Drivers.latency(variant, spec.inFlight(), slice);
              Drivers.Latencies sum = latencies.get(variant.name());
              if (sum == null) {
                latencies.put(variant.name(), part);
              } else {
                sum.add(part);
              }
            }
          }
          latencies.forEach(
              (name, sum) -> values.put(name, java.util.Objects.requireNonNull(sum).metrics()));
        } else {
          for (int i = 0; i < variants.size(); i++) {
            Variant variant = variants.get((r + i) % variants.size());
            values.put(
                variant.name(),
                Drivers.allocation(
                    variant, Math.max(1, spec.inFlight()), scenario::isServerThread));
          }
        }
        Round round = new Round(values);
        rounds.add(round);
        if (out != null) {
          out.println(ROUND + JSON.writeValueAsString(values));
          out.flush();
        }
      }
    }
    return rounds;
  }

  /**
   * A fork: {@code <spec> <warmupMillis> <roundMillis> <slices> <rounds>}; prints {@code ROUND
   * {json}} lines.
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    // Everything else the fork prints (logs) goes to stderr, so stdout carries only the rounds.
    System.setOut(
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.err),
            true,
            StandardCharsets.UTF_8));
    Settings settings =
        new Settings(
            0,
            Long.parseLong(args[1]),
            Long.parseLong(args[2]),
            Integer.parseInt(args[3]),
            Integer.parseInt(args[4]),
            null);
    try {
      runHere(Scenarios.named(args[0]), settings, out);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}
