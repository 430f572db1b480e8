package dev.daprcompute.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The platform or the network failed, so the function never answered: the function is not deployed,
 * the platform refused our credentials, throttled, timed out, or the connection broke. {@link
 * #retryAfter()} says how long the platform asked to wait.
 *
 * <p>Retryable, as {@code init} treats it, except when only an operator can fix it: a function that
 * is not deployed ({@link Reason#NOT_DEPLOYED}) and refused platform credentials ({@link
 * Reason#PLATFORM_CREDENTIALS}), which fail {@code init} at once. PubSub deliveries are RETRY
 * whatever the reason: nothing is lost, and Dapr's resiliency policy and dead-letter topic decide
 * (protocol section 4).
 */
public class ComputeUnavailableException extends ComputeException {
  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final @Nullable Integer platformStatus;
  private final @Nullable Duration retryAfter;

  /**
   * @param platformStatus the HTTP status the platform answered with, or {@code null} when it did
   *     not answer (a timeout, a broken connection)
   * @param retryAfter how long the platform asked to wait, or {@code null}
   */
  public ComputeUnavailableException(
      Reason reason,
      String message,
      @Nullable Integer platformStatus,
      @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason == null");
    this.platformStatus = platformStatus;
    this.retryAfter = retryAfter;
  }

  /** A failure without a platform answer. */
  public ComputeUnavailableException(Reason reason, String message, @Nullable Throwable cause) {
    this(reason, message, null, null, cause);
  }

  /** What failed. */
  public Reason reason() {
    return reason;
  }

  /** The HTTP status the platform answered with, if it answered. */
  public OptionalInt platformStatus() {
    return platformStatus == null ? OptionalInt.empty() : OptionalInt.of(platformStatus);
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
      case CONNECTION_FAILED,
          PLATFORM_ERROR,
          NOT_DEPLOYED,
          PLATFORM_CREDENTIALS,
          FUNCTION_CRASHED ->
          platformStatus != null && platformStatus == 503 ? 503 : 502;
    };
  }

  /**
   * False for {@link Reason#NOT_DEPLOYED} and {@link Reason#PLATFORM_CREDENTIALS}, which an
   * operator must fix (init fails on them at once); true for the rest, which may pass.
   */
  @Override
  public boolean isRetryable() {
    return reason != Reason.NOT_DEPLOYED && reason != Reason.PLATFORM_CREDENTIALS;
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
