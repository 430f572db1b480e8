package dev.daprcompute.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The platform or the network failed, so the function never answered: the function is not
 * deployed, the platform refused our credentials, throttled, timed out, or the connection broke.
 * Always retryable; {@link #retryAfter()} says how long the platform asked to wait.
 */
public class ComputeUnavailableException extends ComputeException {
  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final int platformStatus;
  private final @Nullable Duration retryAfter;

  public ComputeUnavailableException(
      Reason reason, String message, int platformStatus, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason == null");
    this.platformStatus = platformStatus;
    this.retryAfter = retryAfter;
  }

  public ComputeUnavailableException(Reason reason, String message, @Nullable Throwable cause) {
    this(reason, message, 0, null, cause);
  }

  /** What failed. */
  public Reason reason() {
    return reason;
  }

  /** The HTTP status the platform answered with, if it answered. */
  public OptionalInt platformStatus() {
    return platformStatus == 0 ? OptionalInt.empty() : OptionalInt.of(platformStatus);
  }

  /** How long the platform asked callers to wait ({@code Retry-After}), if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * The HTTP status to report to a Dapr caller of a service invocation: 502 when the function is
   * missing or the platform failed, 504 on a timeout, 429 or 503 as the platform said.
   */
  public int gatewayStatus() {
    return switch (reason) {
      case TIMEOUT -> 504;
      case THROTTLED -> 429;
      case CONNECTION_FAILED, PLATFORM_ERROR, NOT_DEPLOYED, PLATFORM_CREDENTIALS, FUNCTION_CRASHED ->
          platformStatus == 503 ? 503 : 502;
    };
  }

  @Override
  public boolean isRetryable() {
    return true;
  }

  /** What failed. */
  public enum Reason {
    /** The platform says the function does not exist (a platform 404). */
    NOT_DEPLOYED,
    /** The platform refused the platform credential (a function key, AWS keys, an API token). */
    PLATFORM_CREDENTIALS,
    /** The platform throttled the call (429). */
    THROTTLED,
    /** The platform answered with another error (5xx, cold start, gateway error). */
    PLATFORM_ERROR,
    /** The function crashed before it could answer (Lambda's {@code X-Amz-Function-Error}). */
    FUNCTION_CRASHED,
    /** The call did not finish within its deadline. */
    TIMEOUT,
    /** No connection could be made, or it broke. */
    CONNECTION_FAILED
  }
}
