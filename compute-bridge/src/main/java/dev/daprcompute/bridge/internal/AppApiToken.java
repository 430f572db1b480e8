package dev.daprcompute.bridge.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * daprd's app API token ({@code APP_API_TOKEN}), which daprd sends on every call to its app in
 * {@code dapr-api-token}. Compared in constant time; never shown by {@link #toString()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AppApiToken {
  /** The header (HTTP) and metadata key (gRPC) daprd puts the token in. */
  public static final String HEADER = "dapr-api-token";

  private final byte[] digest;

  private AppApiToken(String token) {
    this.digest = sha256(token);
  }

  /**
   * The token daprd will send.
   *
   * @throws IllegalArgumentException when it is empty (daprd sends no header for an empty token)
   */
  public static AppApiToken of(String token) {
    Objects.requireNonNull(token, "token == null");
    if (token.isEmpty()) {
      throw new IllegalArgumentException(
          "the app API token is empty: set APP_API_TOKEN to a non-empty value, or pass none");
    }
    return new AppApiToken(token);
  }

  /**
   * Whether {@code presented} is the token. Both sides are hashed first, so the comparison takes
   * the same time whatever the presented value's length or content.
   */
  public boolean matches(@Nullable String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(presented));
  }

  @Override
  public String toString() {
    return "AppApiToken[redacted]";
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "the JDK has no SHA-256", e); // every Java SE platform must have it
    }
  }
}
