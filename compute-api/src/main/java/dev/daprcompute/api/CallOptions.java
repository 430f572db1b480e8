package dev.daprcompute.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Per-call settings.
 *
 * @param timeout the deadline for the whole call (connect, send, wait, read), or {@code null} for
 *     the component's {@code timeout} metadata
 */
public record CallOptions(@Nullable Duration timeout) {

  private static final CallOptions DEFAULTS = new CallOptions(null);

  public CallOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** The component's defaults. */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  /** A call that must finish within {@code timeout}. */
  public static CallOptions timeout(Duration timeout) {
    return new CallOptions(Objects.requireNonNull(timeout, "timeout == null"));
  }

  /** The timeout, if one was set. */
  public Optional<Duration> timeoutIfSet() {
    return Optional.ofNullable(timeout);
  }
}
