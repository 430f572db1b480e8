package dev.daprcompute.cli;

import dev.daprcompute.api.CallOptions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --timeout}, on the commands that call the function: only those, so that no command takes a
 * flag it ignores. It bounds each call, not init: init is several calls with back-off between them,
 * bounded by the component's {@code initTimeout} ({@code --init-timeout} on the one-off commands,
 * {@link InitOptions}).
 */
final class TimeoutOptions {

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "the deadline of each call, such as 30s or 1m30s (default: the component's timeout metadata);"
              + " it does not bound init, which the component's initTimeout does")
  @Nullable Duration timeout;

  /** Per-call options: {@code --timeout}, else the component's own. */
  CallOptions callOptions() {
    return timeout != null ? CallOptions.timeout(timeout) : CallOptions.defaults();
  }
}
