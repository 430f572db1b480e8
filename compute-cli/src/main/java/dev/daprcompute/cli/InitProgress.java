package dev.daprcompute.cli;

import dev.daprcompute.api.InitListener;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.InitRetry;
import dev.daprcompute.api.internal.GoDuration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Init's retries as lines on stderr (stdout stays the result's, parseable with {@code -o json}):
 * which attempt failed, what failed, when the next one starts and how much of initTimeout is left,
 * so a function that cannot be reached is not a long silence. When init gives up, the command's
 * error ends with the core's hint (which metadata field says where the function is). Thread-safe.
 */
final class InitProgress implements InitListener {
  private final Console console;
  private final String prefix;
  private final boolean offersInitTimeout;
  private final AtomicBoolean retried = new AtomicBoolean();

  /**
   * @param command the command's name, such as {@code dapr-compute invoke}
   * @param offersInitTimeout whether the command takes {@code --init-timeout}, to mention it
   */
  InitProgress(Console console, String command, boolean offersInitTimeout) {
    this.console = console;
    this.prefix = command + ": ";
    this.offersInitTimeout = offersInitTimeout;
  }

  @Override
  public void retrying(InitRetry attempt) {
    boolean first = retried.compareAndSet(false, true);
    if (first) {
      console.note(
          prefix
              + "init of component '"
              + attempt.component()
              + "' ("
              + attempt.type()
              + ") retries until"
              + " its initTimeout of "
              + GoDuration.format(attempt.initTimeout())
              + (offersInitTimeout ? " (--init-timeout waits less)" : ""));
    }
    console.note(
        prefix
            + "attempt "
            + attempt.attempt()
            + " failed ("
            + attempt.check()
            + "): "
            + Failures.message(attempt.failure())
            + "; next in "
            + shown(attempt.nextAttemptIn())
            + ", "
            + shown(attempt.remaining())
            + " left");
  }

  /** After init succeeded: a closing line, when there were retries to close. */
  void ready(InitReport report) {
    if (retried.get()) {
      console.note(
          prefix + "ready after " + report.attempts() + " attempts in " + shown(report.elapsed()));
    }
  }

  /** A duration to a tenth of a second: what a person reads. */
  private static String shown(Duration duration) {
    long tenths = Math.round(duration.toMillis() / 100.0);
    return GoDuration.format(Duration.ofMillis(tenths * 100));
  }
}
