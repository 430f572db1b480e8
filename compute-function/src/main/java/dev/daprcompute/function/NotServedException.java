package dev.daprcompute.function;

/**
 * The handler does not serve this call: the router answers {@code 404} with the protocol marker, as
 * a Dapr app that does not serve a route. For a topic event that is Dapr's DROP: the event is gone
 * for good, so this is a signal only the SDK's defaults and code that means it send (no exception
 * from a handler's own code is ever read as "not served"; every other exception is a {@code 500},
 * which Dapr retries).
 *
 * <p>{@link FunctionHandler}'s defaults throw it; a handler that serves some calls and not others
 * throws it, or calls the default ({@code FunctionHandler.super.onInvoke(request)}), for the
 * others. Its message is the {@code error} of the 404's JSON body, which goes back to the caller:
 * put nothing secret in it.
 */
public final class NotServedException extends FunctionException {
  private static final long serialVersionUID = 1L;

  /** Not served, for the reason {@code message} (sent to the caller). */
  public NotServedException(String message) {
    super(java.util.Objects.requireNonNull(message, "message == null"), null, false);
  }
}
