package dev.daprcompute.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret from a component's metadata: a private key, a function key, an API token, an AWS key. It
 * never shows itself: {@link #toString()} is {@code ****}; call {@link #reveal()} where the value
 * is used, and nowhere else.
 */
public final class SecretValue {
  private final String value;

  private SecretValue(String value) {
    this.value = value;
  }

  /** Wraps {@code value}. */
  public static SecretValue of(String value) {
    return new SecretValue(Objects.requireNonNull(value, "value == null"));
  }

  /** The secret itself. Don't log it, don't put it in a message. */
  public String reveal() {
    return value;
  }

  /** Whether the secret is empty. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** Constant-time comparison, so the comparison itself leaks nothing. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SecretValue that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0; // a value-derived hash would leak information about the secret
  }

  @Override
  public String toString() {
    return "****";
  }
}
