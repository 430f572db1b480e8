package dev.daprcompute.function;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The root of every error the function side reports. Unchecked; the subclass says what happened:
 *
 * <ul>
 *   <li>{@link dev.daprcompute.function.token.TokenRejectedException}: a request's token is not
 *       acceptable (the router answers {@code 401}).
 *   <li>{@link dev.daprcompute.function.token.PublicKeyException}: the public keys given to the
 *       verifier cannot be used; fix the function's configuration.
 *   <li>{@link NotServedException}: a handler does not serve a call (the router answers {@code
 *       404}).
 * </ul>
 *
 * <p>Programmer errors (a missing verifier, a blank audience) are the JDK's {@link
 * IllegalArgumentException}, {@link IllegalStateException} and {@link NullPointerException}.
 */
public class FunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FunctionException(String message) {
    super(Objects.requireNonNull(message, "message == null"));
  }

  public FunctionException(String message, @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message == null"), cause);
  }

  /** For exceptions that are signals, not failures: no stack trace, no suppression. */
  protected FunctionException(
      String message, @Nullable Throwable cause, boolean writableStackTrace) {
    super(Objects.requireNonNull(message, "message == null"), cause, false, writableStackTrace);
  }

  /** The message, never null: every constructor requires one. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }
}
