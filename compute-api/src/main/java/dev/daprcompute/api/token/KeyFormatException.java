package dev.daprcompute.api.token;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;

/**
 * A signing key could not be used: it is not PEM or a JWK, it is damaged, it is the wrong half of a
 * key pair, or of a type tokens cannot use. A configuration problem like any other: the message
 * says what is wrong and how to fix it, and never contains key material.
 */
public final class KeyFormatException extends ComputeConfigurationException {
  private static final long serialVersionUID = 1L;

  /** {@code message} must not contain key material. */
  public KeyFormatException(String message) {
    super(ConfigurationProblem.of(null, null, message, ""));
  }
}
