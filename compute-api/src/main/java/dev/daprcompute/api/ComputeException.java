package dev.daprcompute.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The root of every error this library reports. Unchecked; the subclass says what a caller can do:
 *
 * <ul>
 *   <li>{@link ComputeConfigurationException}: fix the component or the resources; retrying won't
 *       help.
 *   <li>{@link ComputeRequestException}: this request cannot be sent; fix the request.
 *   <li>{@link ComputeUnavailableException}: the platform or the network failed; retry, after
 *       {@code Retry-After} when given (unless the function is not deployed or the platform refused
 *       our credentials: an operator must act).
 *   <li>{@link FunctionRejectedException}: the function itself refused (an error status, or our
 *       token).
 *   <li>{@link ProtocolViolationException}: the function's answer breaks the protocol; fix or
 *       upgrade the function.
 *   <li>{@link ComputeInitException}: {@code init} failed; the report says which check and why.
 * </ul>
 *
 * <p>Messages never contain secrets (keys, tokens, credentials). The function side has its own
 * root, {@code dev.daprcompute.function.FunctionException}.
 */
public class ComputeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ComputeException(String message) {
    super(Objects.requireNonNull(message, "message == null"));
  }

  public ComputeException(String message, @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message == null"), cause);
  }

  /** The message, never null: every constructor requires one. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }

  /** Whether the same call may succeed later. */
  public boolean isRetryable() {
    return false;
  }
}
