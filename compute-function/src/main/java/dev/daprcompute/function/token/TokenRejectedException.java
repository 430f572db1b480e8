package dev.daprcompute.function.token;

/** TEMPORARY STUB until the token branch lands. */
public final class TokenRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TokenRejectedException(String description) {
    super(description);
  }

  public String description() {
    return getMessage();
  }

  public String wwwAuthenticate() {
    return "Bearer error=\"invalid_token\", error_description=\"" + getMessage() + "\"";
  }
}
