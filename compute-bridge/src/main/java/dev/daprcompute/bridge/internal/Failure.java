package dev.daprcompute.bridge.internal;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.ProtocolViolationException;
import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * A failed Compute call as daprd's caller should see it: an HTTP status and a gRPC code, one table
 * for both channels.
 *
 * <table>
 *   <caption>How failures map</caption>
 *   <tr><th>cause</th><th>HTTP</th><th>gRPC</th></tr>
 *   <tr><td>{@link ComputeUnavailableException}</td><td>its {@code gatewayStatus()} (502, 503, 504, 429)</td>
 *       <td>that status as daprd maps it ({@link StatusCodes#codeFromHttpStatus})</td></tr>
 *   <tr><td>{@link ComputeRequestException}</td><td>400</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>{@link FunctionRejectedException}, our token refused</td><td>502</td><td>INTERNAL</td></tr>
 *   <tr><td>{@link FunctionRejectedException}, an error status (a binding event)</td><td>that status</td>
 *       <td>that status as daprd maps it</td></tr>
 *   <tr><td>{@link ProtocolViolationException}</td><td>502</td><td>INTERNAL</td></tr>
 *   <tr><td>{@link ComputeConfigurationException}</td><td>500</td><td>FAILED_PRECONDITION</td></tr>
 *   <tr><td>{@link IllegalArgumentException} (a request the SPI's records refuse)</td><td>400</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>{@link IllegalStateException} (the Compute is not initialised, or closed)</td><td>503</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>cancelled</td><td>-</td><td>CANCELLED</td></tr>
 *   <tr><td>anything else</td><td>500</td><td>INTERNAL (UNKNOWN for other {@link ComputeException}s)</td></tr>
 * </table>
 *
 * @param httpStatus the status for the HTTP app channel
 * @param grpcCode the code for the gRPC app channel
 * @param errorCode a Dapr-style error code for JSON error bodies, such as {@code
 *     ERR_COMPUTE_UNAVAILABLE}
 * @param message what happened; ComputeException messages never carry secrets
 * @param retryAfter how long the platform asked callers to wait, if it said
 */
public record Failure(
    int httpStatus,
    Status.Code grpcCode,
    String errorCode,
    String message,
    @Nullable Duration retryAfter) {

  /** The failure {@code cause} stands for; futures' wrappers are looked through. */
  public static Failure of(Throwable cause) {
    Throwable e = unwrap(cause);
    if (e instanceof ComputeUnavailableException u) {
      int status = u.gatewayStatus();
      return new Failure(
          status,
          StatusCodes.codeFromHttpStatus(status),
          "ERR_COMPUTE_UNAVAILABLE",
          message(u),
          u.retryAfter().orElse(null));
    }
    if (e instanceof ComputeRequestException) {
      return new Failure(
          400, Status.Code.INVALID_ARGUMENT, "ERR_COMPUTE_REQUEST", message(e), null);
    }
    if (e instanceof FunctionRejectedException r) {
      if (r.tokenRejection().isPresent() || r.status() < 400 || r.status() > 599) {
        return new Failure(502, Status.Code.INTERNAL, "ERR_COMPUTE_REJECTED", message(e), null);
      }
      return new Failure(
          r.status(),
          StatusCodes.codeFromHttpStatus(r.status()),
          "ERR_FUNCTION_FAILED",
          message(e),
          null);
    }
    if (e instanceof ProtocolViolationException) {
      return new Failure(502, Status.Code.INTERNAL, "ERR_COMPUTE_PROTOCOL", message(e), null);
    }
    if (e instanceof ComputeConfigurationException) {
      return new Failure(
          500, Status.Code.FAILED_PRECONDITION, "ERR_COMPUTE_CONFIGURATION", message(e), null);
    }
    if (e instanceof ComputeException) {
      return new Failure(500, Status.Code.UNKNOWN, "ERR_COMPUTE", message(e), null);
    }
    if (e instanceof CancellationException) { // an IllegalStateException too: test it first
      return new Failure(
          503, Status.Code.CANCELLED, "ERR_CANCELLED", "the call was cancelled", null);
    }
    if (e instanceof IllegalArgumentException) {
      // daprd's message broke a rule of the SPI's records (repeated bulk entry ids, say)
      return new Failure(
          400, Status.Code.INVALID_ARGUMENT, "ERR_MALFORMED_REQUEST", message(e), null);
    }
    if (e instanceof IllegalStateException) {
      return new Failure(503, Status.Code.UNAVAILABLE, "ERR_COMPUTE_NOT_READY", message(e), null);
    }
    // Not ours: the message of an arbitrary exception is not vetted, so only its type is shown.
    return new Failure(
        500,
        Status.Code.INTERNAL,
        "ERR_BRIDGE_INTERNAL",
        "the bridge failed unexpectedly (" + e.getClass().getName() + "); see the bridge's log",
        null);
  }

  /** The gRPC status for this failure, with the message as description. */
  public Status grpcStatus() {
    return Status.fromCode(grpcCode).withDescription(message);
  }

  /** {@link #retryAfter()} as whole seconds, rounded up, for a {@code Retry-After} header. */
  public Optional<String> retryAfterSeconds() {
    return retryAfterSeconds(retryAfter);
  }

  /** {@code retryAfter} as whole seconds, rounded up, for a {@code Retry-After} header. */
  public static Optional<String> retryAfterSeconds(@Nullable Duration retryAfter) {
    if (retryAfter == null || retryAfter.isNegative()) {
      return Optional.empty();
    }
    long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
    return Optional.of(Long.toString(seconds));
  }

  /** {@code cause} without the wrappers futures add. */
  public static Throwable unwrap(Throwable cause) {
    Throwable e = cause;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String message(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
