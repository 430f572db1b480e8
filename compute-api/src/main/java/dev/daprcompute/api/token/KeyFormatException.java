package dev.daprcompute.api.token;

/** STUB: replaced by the token work. */
public final class KeyFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public KeyFormatException(String message) {
    super(message);
  }
}
