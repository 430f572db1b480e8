package dev.daprcompute.function.token;

import dev.daprcompute.function.FunctionException;

/**
 * The public keys given to a {@link TokenVerifier} cannot be used: the text is not PEM, a JWK or a
 * JWK Set, a key is damaged or of a type tokens cannot use, or it is a private key given by
 * mistake. The message says what is wrong and how to fix it, and never contains key material.
 */
public final class PublicKeyException extends FunctionException {
  private static final long serialVersionUID = 1L;

  /** {@code message} must not contain key material. */
  public PublicKeyException(String message) {
    super(message);
  }
}
