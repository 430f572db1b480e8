package dev.daprcompute.protocol.keys;

import java.util.Objects;

/**
 * A key could not be used: it is not PEM or a JWK, it is damaged, it is the wrong half of a key
 * pair, or of a type tokens cannot use. The message says what is wrong and how to fix it, and never
 * contains key material. Each side reports it as its own error: the component as a configuration
 * problem of its {@code key}, the function as a problem of its public keys.
 */
public class UnusableKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** {@code message} must not contain key material. */
  public UnusableKeyException(String message) {
    super(Objects.requireNonNull(message, "message == null"));
  }

  /** The message, never null: the constructor requires one. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }
}
