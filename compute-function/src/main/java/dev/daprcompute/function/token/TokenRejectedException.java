package dev.daprcompute.function.token;

import dev.daprcompute.function.FunctionException;
import dev.daprcompute.protocol.wire.TokenChallenge;
import java.util.Objects;

/**
 * A request's token was missing or not acceptable. The function answers 401 with {@code
 * WWW-Authenticate: }{@link #wwwAuthenticate()}, so the component can tell its operator exactly why
 * (expired, wrong audience, unknown key...).
 */
public final class TokenRejectedException extends FunctionException {
  private static final long serialVersionUID = 1L;

  private final String description;

  /** {@code description} must be safe to send back: no token, no key material. */
  public TokenRejectedException(String description) {
    super("token rejected: " + Objects.requireNonNull(description, "description == null"));
    this.description = description;
  }

  /** Why the token was rejected; safe to send back, never token or key material. */
  public String description() {
    return description;
  }

  /**
   * The RFC 6750 challenge: {@code Bearer error="invalid_token", error_description="<why>"} ({@link
   * TokenChallenge#write}).
   */
  public String wwwAuthenticate() {
    return TokenChallenge.write(description);
  }
}
