package dev.daprcompute.api.token;

/**
 * A key could not be used: it is not PEM or a JWK, it is damaged, it is the wrong half of a key
 * pair, or of a type tokens cannot use. The message says what is wrong and how to fix it, and
 * never contains key material.
 */
public final class KeyFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** {@code message} must not contain key material. */
  public KeyFormatException(String message) {
    super(message);
  }
}
