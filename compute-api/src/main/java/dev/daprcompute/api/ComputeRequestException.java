package dev.daprcompute.api;

/**
 * This request cannot be sent, whatever the function would say: a method path that leaves the
 * function's base URL, a header with CR or LF, a body over the size limit, a verb that cannot be
 * delivered. Not retryable: fix the request.
 */
public class ComputeRequestException extends ComputeException {
  private static final long serialVersionUID = 1L;

  public ComputeRequestException(String message) {
    super(message);
  }
}
