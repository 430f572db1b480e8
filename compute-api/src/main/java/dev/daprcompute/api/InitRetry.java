package dev.daprcompute.api;

import java.time.Duration;
import java.util.Objects;

/**
 * An attempt of {@link Compute#init} that failed and will be retried, as an {@link InitListener}
 * hears of it.
 *
 * @param component the component's name ({@code metadata.name})
 * @param type the component's type, such as {@code compute.http}
 * @param attempt which attempt failed, from 1
 * @param check the check that failed, as in {@link InitCheck#name()}: {@code deployed} (the info
 *     call) or a platform's own check
 * @param failure what failed: a {@link ComputeUnavailableException} (the platform or the network),
 *     or a {@link FunctionRejectedException} for a server error of the function; its message names
 *     no secret
 * @param nextAttemptIn how long init waits before the next attempt
 * @param remaining how much of {@code initTimeout} is left now, the wait included
 * @param initTimeout the component's whole bound on init ({@code spec.initTimeout})
 */
public record InitRetry(
    String component,
    String type,
    int attempt,
    String check,
    ComputeException failure,
    Duration nextAttemptIn,
    Duration remaining,
    Duration initTimeout) {

  public InitRetry {
    Objects.requireNonNull(component, "component == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(check, "check == null");
    Objects.requireNonNull(failure, "failure == null");
    Objects.requireNonNull(nextAttemptIn, "nextAttemptIn == null");
    Objects.requireNonNull(remaining, "remaining == null");
    Objects.requireNonNull(initTimeout, "initTimeout == null");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more: " + attempt);
    }
  }
}
