package dev.daprcompute.api;

import org.jspecify.annotations.Nullable;

/**
 * The function answered, but not as the protocol says: malformed JSON, a reply over the size limit,
 * an unsupported protocol version. Fix or upgrade the function (or its SDK).
 */
public class ProtocolViolationException extends ComputeException {
  private static final long serialVersionUID = 1L;

  public ProtocolViolationException(String message) {
    super(message);
  }

  public ProtocolViolationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
