package dev.daprcompute.cli;

import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.resources.ComponentResource;
import dev.daprcompute.protocol.Feature;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How init's checks and report are shown, by {@code check} and {@code demo}. */
final class InitChecks {
  private InitChecks() {}

  /** One line per check: outcome, name, detail. */
  static List<String> lines(List<InitCheck> checks, String indent) {
    int width = Math.max(1, checks.stream().mapToInt(c -> c.name().length()).max().orElse(1));
    return checks.stream()
        .map(
            c ->
                indent
                    + String.format("%-7s %-" + width + "s  %s", c.outcome(), c.name(), c.detail()))
        .toList();
  }

  /** The checks as JSON objects. */
  static List<Map<String, Object>> json(List<InitCheck> checks) {
    return checks.stream()
        .map(
            c -> {
              Map<String, Object> check = Console.object();
              check.put("name", c.name());
              check.put("outcome", c.outcome().name());
              check.put("detail", c.detail());
              return check;
            })
        .toList();
  }

  /** {@code component 'orders' (compute.http/v1) in resources/orders.yaml:1}. */
  static String describe(ComponentResource component) {
    return "component '"
        + component.name()
        + "' ("
        + component.type()
        + "/"
        + component.version()
        + ") in "
        + component.location();
  }

  /** What the function said about itself, in one line. */
  static String summary(InitReport report, Collection<Feature> features) {
    return "protocol "
        + report.protocol()
        + ", "
        + (report.sdk().isEmpty() ? "function" : report.sdk())
        + " "
        + report.functionVersion()
        + ", features: "
        + names(features)
        + ", input bindings: "
        + (report.inputBindings().isEmpty() ? "none" : String.join(", ", report.inputBindings()))
        + " ("
        + report.attempts()
        + (report.attempts() == 1 ? " attempt, " : " attempts, ")
        + report.elapsed().toMillis()
        + " ms)";
  }

  /** The report as JSON fields. */
  static void putReport(Map<String, Object> json, InitReport report, Collection<Feature> features) {
    json.put("protocol", report.protocol());
    json.put("functionVersion", report.functionVersion());
    json.put("sdk", report.sdk());
    json.put("features", features.stream().map(Feature::wireName).sorted().toList());
    json.put("inputBindings", report.inputBindings());
    json.put("attempts", report.attempts());
    json.put("elapsedMs", report.elapsed().toMillis());
  }

  private static String names(Collection<Feature> features) {
    return features.isEmpty()
        ? "none"
        : features.stream().map(Feature::wireName).sorted().collect(Collectors.joining(", "));
  }
}
