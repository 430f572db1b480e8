package dev.daprcompute.function.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds tokens by hand, good or bad, for the verifier's tests. */
final class Forge {
  private Forge() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The header our component writes. */
  static Map<String, Object> header(String algorithm, String kid) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", algorithm);
    header.put("typ", "JWT");
    header.put("kid", kid);
    return header;
  }

  /** The claims our component writes, issued at {@code iat}, valid for 60 s. */
  static Map<String, Object> claims(String audience, Instant iat) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "dapr.io/compute");
    claims.put("aud", audience);
    claims.put("sub", "checkout");
    claims.put("iat", iat.getEpochSecond());
    claims.put("nbf", iat.getEpochSecond());
    claims.put("exp", iat.getEpochSecond() + 60);
    claims.put("jti", "AAECAwQFBgcICQoLDA0ODw");
    return claims;
  }

  /** A compact JWS over {@code header} and {@code claims}, signed by {@code signer}. */
  static String jws(Map<String, Object> header, Object claims, Function<byte[], byte[]> signer) {
    String input =
        b64(json(header)) + "." + b64(claims instanceof String text ? text : json(claims));
    return input + "." + b64(signer.apply(input.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Signed with {@code key} using the header's own algorithm. */
  static String jws(Map<String, Object> header, Object claims, TestKey key) {
    return jws(header, claims, input -> key.sign((String) header.get("alg"), input));
  }

  static Function<byte[], byte[]> hmacSha256(byte[] secret) {
    return input -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(input);
      } catch (java.security.GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static final String BASE64URL_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /**
   * The same bytes in another base64url text: the last character with one of its unused low bits
   * set. Lenient decoders (Java's among them) read both alike.
   *
   * @throws IllegalArgumentException when the text has no unused bits (its length is a multiple of
   *     4)
   */
  static String nonCanonical(String base64url) {
    int rest = base64url.length() % 4;
    if (rest != 2 && rest != 3) {
      throw new IllegalArgumentException(
          "no unused bits in a base64url text of length " + base64url.length());
    }
    int last = BASE64URL_ALPHABET.indexOf(base64url.charAt(base64url.length() - 1));
    return base64url.substring(0, base64url.length() - 1) + BASE64URL_ALPHABET.charAt(last | 1);
  }

  /**
   * A compact JWS of exactly these two encoded parts, signed as they are with the header's
   * algorithm.
   */
  static String jwsOfParts(
      String encodedHeader, String encodedPayload, String algorithm, TestKey key) {
    String input = encodedHeader + "." + encodedPayload;
    return input + "." + b64(key.sign(algorithm, input.getBytes(StandardCharsets.US_ASCII)));
  }
}
