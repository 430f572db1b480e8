package dev.daprcompute.cli;

import dev.daprcompute.api.CallOptions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --timeout}, on the commands that call the function: only those, so that no command takes
 * a flag it ignores.
 */
final class TimeoutOptions {

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "the deadline of each call, such as 30s or 1m30s (default: the component's timeout metadata)")
  @Nullable Duration timeout;

  /** Per-call options: {@code --timeout}, else the component's own. */
  CallOptions callOptions() {
    return timeout != null ? CallOptions.timeout(timeout) : CallOptions.defaults();
  }
}
