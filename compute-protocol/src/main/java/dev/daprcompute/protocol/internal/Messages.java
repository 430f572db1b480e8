package dev.daprcompute.protocol.internal;

import java.util.Set;

/** Helpers for putting untrusted text into error messages and headers. */
public final class Messages {
  private Messages() {}

  /** The longest untrusted value a message shows. */
  public static final int MAX_SHOWN = 64;

  /**
   * {@code value} made safe to show: printable ASCII only (anything else becomes {@code ?}, so no
   * CR/LF can reach a header), at most {@value #MAX_SHOWN} characters (longer values end in {@code
   * ...}).
   */
  public static String quote(String value) {
    return quote(value, MAX_SHOWN);
  }

  /** As {@link #quote(String)}, showing at most {@code max} characters. */
  public static String quote(String value, int max) {
    int length = Math.min(value.length(), max);
    StringBuilder shown = new StringBuilder(length + 3);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      shown.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (value.length() > max) {
      shown.append("...");
    }
    return shown.toString();
  }

  /**
   * What {@code failure} says: its message, or the simple name of its class when it has none (ours
   * always have one; the JDK's may not).
   */
  public static String of(Throwable failure) {
    String message = failure.getMessage();
    return message != null ? message : failure.getClass().getSimpleName();
  }

  /**
   * The names JOSE registers for algorithms, key types, curves and key uses (RFC 7518, RFC 8037).
   */
  private static final Set<String> JOSE_NAMES =
      Set.of(
          "sig",
          "enc",
          "OKP",
          "EC",
          "RSA",
          "oct",
          "Ed25519",
          "Ed448",
          "X25519",
          "X448",
          "P-256",
          "P-384",
          "P-521",
          "secp256k1",
          "EdDSA",
          "ES256",
          "ES384",
          "ES512",
          "ES256K",
          "RS256",
          "RS384",
          "RS512",
          "PS256",
          "PS384",
          "PS512",
          "HS256",
          "HS384",
          "HS512",
          "none",
          "RSA1_5",
          "RSA-OAEP",
          "RSA-OAEP-256",
          "A128KW",
          "A192KW",
          "A256KW",
          "dir",
          "ECDH-ES",
          "ECDH-ES+A128KW",
          "ECDH-ES+A192KW",
          "ECDH-ES+A256KW",
          "A128GCMKW",
          "A192GCMKW",
          "A256GCMKW",
          "PBES2-HS256+A128KW",
          "PBES2-HS384+A192KW",
          "PBES2-HS512+A256KW");

  /**
   * {@code value} in quotes when JOSE registers it (an algorithm, key type, curve or key use), else
   * {@code otherwise}. Anything else in such a member of a JWK may be key material that slipped
   * there in a damaged copy, so it is never shown.
   */
  public static String joseName(String value, String otherwise) {
    return JOSE_NAMES.contains(value) ? "'" + value + "'" : otherwise;
  }
}
