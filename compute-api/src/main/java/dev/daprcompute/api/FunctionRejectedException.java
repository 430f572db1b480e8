package dev.daprcompute.api;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The function itself answered and refused: an error status to a binding event or to a subscription
 * request, or a 401 that rejects our token ({@link #tokenRejection()} then says why, from the
 * function's {@code WWW-Authenticate} {@code error_description}).
 */
public class FunctionRejectedException extends ComputeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String tokenRejection;

  public FunctionRejectedException(String message, int status, @Nullable String tokenRejection) {
    super(message);
    this.status = status;
    this.tokenRejection = tokenRejection;
  }

  /** The function's HTTP status. */
  public int status() {
    return status;
  }

  /** Why the function rejected our token, if that is what happened. */
  public Optional<String> tokenRejection() {
    return Optional.ofNullable(tokenRejection);
  }
}
