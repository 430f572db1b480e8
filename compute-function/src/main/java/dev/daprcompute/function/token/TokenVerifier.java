package dev.daprcompute.function.token;

import dev.daprcompute.api.Metadata;

/** TEMPORARY STUB until the token branch lands. */
public final class TokenVerifier {
  public static Builder builder() {
    return new Builder();
  }

  public VerifiedToken verify(Metadata headers) {
    throw new TokenRejectedException("stub");
  }

  public static final class Builder {
    public Builder publicKeys(String text) {
      return this;
    }

    public Builder audience(String... accepted) {
      return this;
    }

    public TokenVerifier build() {
      return new TokenVerifier();
    }
  }
}
