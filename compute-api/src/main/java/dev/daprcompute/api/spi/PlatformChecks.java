package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.InitCheck;
import java.util.List;

/**
 * A platform's own init checks for the plain HTTP transport ({@code HttpTransport.Builder#checks}):
 * what {@link PlatformTransport#checkPlatform} does for a platform that writes no transport of its
 * own (Azure Functions' admin API, say). Thread-safe.
 */
@FunctionalInterface
public interface PlatformChecks {

  /**
   * Runs the checks, as {@link PlatformTransport#checkPlatform} does.
   *
   * @param transport the transport the checks belong to, for {@link
   *     PlatformFailures#ofPlatformCall}
   * @param attempt the attempt: its deadline above all
   * @return the checks that ran
   * @throws ComputeUnavailableException when the platform failed (see {@link
   *     PlatformTransport#checkPlatform})
   * @throws ComputeInitException when a check failed for good
   */
  List<InitCheck> run(PlatformTransport transport, InitAttempt attempt);
}
