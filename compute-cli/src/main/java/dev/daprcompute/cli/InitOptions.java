package dev.daprcompute.cli;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --init-timeout}, on the one-off commands that run init: how long init may retry an
 * unreachable function before the command gives up. Separate from {@code --timeout}, each call's
 * deadline, since init is several calls with back-off between them; {@code serve} keeps the
 * component's own {@code spec.initTimeout}, as daprd does.
 */
final class InitOptions {

  @Option(
      names = "--init-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "how long init may retry a function that cannot be reached yet, such as 3s (default: the"
              + " component's spec.initTimeout, else its platform's default); it bounds init only, not the calls after it")
  @Nullable Duration initTimeout;
}
