package dev.daprcompute.cli;

import java.util.Map;
import java.util.Objects;

/**
 * One row of the demo's table.
 *
 * @param provider the component type
 * @param operation what was done
 * @param expected what the reference function and the protocol say should happen
 * @param result what happened
 * @param latencyMs how long it took, or -1 when it did not run
 * @param status whether the result matched
 * @param detail more about the result, for JSON and for failures; never a secret
 */
record DemoRow(
    String provider,
    String operation,
    String expected,
    String result,
    long latencyMs,
    Status status,
    String detail) {

  DemoRow {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(operation, "operation == null");
    Objects.requireNonNull(expected, "expected == null");
    Objects.requireNonNull(result, "result == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(detail, "detail == null");
  }

  /** How a row turned out. */
  enum Status {
    OK,
    FAIL,
    SKIPPED
  }

  /** A row that ran: OK when {@code result} equals {@code expected}. */
  static DemoRow ran(
      String provider,
      String operation,
      String expected,
      String result,
      long latencyMs,
      String detail) {
    return new DemoRow(
        provider,
        operation,
        expected,
        result,
        latencyMs,
        expected.equals(result) ? Status.OK : Status.FAIL,
        detail);
  }

  Map<String, Object> json() {
    Map<String, Object> json = Console.object();
    json.put("provider", provider);
    json.put("operation", operation);
    json.put("expected", expected);
    json.put("result", result);
    json.put("latencyMs", latencyMs < 0 ? null : latencyMs);
    json.put("status", status.name());
    json.put("detail", detail);
    return json;
  }
}
