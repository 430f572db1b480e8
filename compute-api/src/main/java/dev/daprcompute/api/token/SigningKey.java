package dev.daprcompute.api.token;

/** STUB: replaced by the token work. */
public final class SigningKey {
  private SigningKey() {}

  public static SigningKey parse(String text) {
    throw new UnsupportedOperationException("stub");
  }

  public static SigningKey generateEd25519() {
    throw new UnsupportedOperationException("stub");
  }

  public String algorithm() {
    throw new UnsupportedOperationException("stub");
  }

  public String keyId() {
    throw new UnsupportedOperationException("stub");
  }

  public String publicKeyPem() {
    throw new UnsupportedOperationException("stub");
  }

  public String publicJwk() {
    throw new UnsupportedOperationException("stub");
  }

  public String publicJwkSet() {
    throw new UnsupportedOperationException("stub");
  }

  public String privateKeyPem() {
    throw new UnsupportedOperationException("stub");
  }
}
