package dev.daprcompute.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link Compute#init} failed. {@link #failedCheck()} names the check (deployed, credentials, auth,
 * protocol, version, ...) and the message says why, with the last cause when init gave up after
 * retrying until {@code initTimeout}.
 */
public class ComputeInitException extends ComputeException {
  private static final long serialVersionUID = 1L;

  private final String failedCheck;
  private final List<InitCheck> checks;
  private final boolean retryable;

  public ComputeInitException(
      String failedCheck,
      String message,
      List<InitCheck> checks,
      boolean retryable,
      @Nullable Throwable cause) {
    super(message, cause);
    this.failedCheck = Objects.requireNonNull(failedCheck, "failedCheck == null");
    this.checks = List.copyOf(checks);
    this.retryable = retryable;
  }

  /** The name of the check that failed, as in {@link InitCheck#name()}. */
  public String failedCheck() {
    return failedCheck;
  }

  /** Every check that ran, the failed one last. */
  public List<InitCheck> checks() {
    return checks;
  }

  /** True when init gave up on a platform or network failure that may pass. */
  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
