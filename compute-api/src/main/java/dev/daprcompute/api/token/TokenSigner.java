package dev.daprcompute.api.token;

import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** STUB: replaced by the token work. */
public final class TokenSigner {
  public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
  public static final Duration MAX_LIFETIME = Duration.ofHours(1);

  public TokenSigner(SigningKey key, Clock clock, Duration lifetime) {}

  public String token(String audience, @Nullable String subject) {
    throw new UnsupportedOperationException("stub");
  }

  public SigningKey key() {
    throw new UnsupportedOperationException("stub");
  }
}
