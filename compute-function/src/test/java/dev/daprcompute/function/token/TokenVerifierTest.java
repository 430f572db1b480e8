package dev.daprcompute.function.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.protocol.Metadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static TestKey ed25519;
  private static TestKey es256;
  private static TestKey rs256;
  private static TestKey ps256;
  private static TestKey other;

  private MutableClock clock;
  private TokenVerifier verifier;

  @BeforeAll
  static void keys() {
    ed25519 = TestKey.ed25519();
    es256 = TestKey.es256();
    rs256 = TestKey.rs256();
    ps256 = TestKey.ps256();
    other = TestKey.ed25519();
  }

  @BeforeEach
  void verifier() {
    clock = new MutableClock(T0);
    verifier = verifierFor(ed25519.publicKeyPem());
  }

  private TokenVerifier verifierFor(String publicKeys) {
    return TokenVerifier.builder().publicKeys(publicKeys).audience("orders").clock(clock).build();
  }

  private String sign(TestKey key, String audience) {
    return new TokenSigner(key.signingKey(), clock, Duration.ofSeconds(60))
        .token(audience, "checkout");
  }

  static Stream<TestKey> allKeys() {
    return Stream.of(ed25519, es256, rs256, ps256);
  }

  @Nested
  class RoundTrip {
    @ParameterizedTest
    @MethodSource("dev.daprcompute.function.token.TokenVerifierTest#allKeys")
    void a_Java_signed_token_verifies(TestKey key) {
      TokenVerifier verifier = verifierFor(key.publicKeyPem());

      VerifiedToken token = verifier.verifyToken(sign(key, "orders"));

      assertThat(token.issuer()).isEqualTo("dapr.io/compute");
      assertThat(token.audience()).containsExactly("orders");
      assertThat(token.subject()).isEqualTo("checkout");
      assertThat(token.issuedAt()).isEqualTo(T0);
      assertThat(token.notBefore()).isEqualTo(T0);
      assertThat(token.expiresAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(token.keyId()).isEqualTo(key.kid());
      assertThat(token.algorithm()).isEqualTo(key.algorithm());
      assertThat(token.jwtId()).matches("[A-Za-z0-9_-]{22}");
    }

    @ParameterizedTest
    @MethodSource("dev.daprcompute.function.token.TokenVerifierTest#allKeys")
    void the_public_key_may_be_a_JWK_or_a_JWK_Set(TestKey key) {
      String token = sign(key, "orders");

      assertThat(verifierFor(key.signingKey().publicJwk()).verifyToken(token).keyId())
          .isEqualTo(key.kid());
      assertThat(verifierFor(key.signingKey().publicJwkSet()).verifyToken(token).keyId())
          .isEqualTo(key.kid());
    }

    @Test
    void the_default_allowed_algorithms_are_those_of_the_keys() {
      assertThat(verifierFor(ed25519.publicKeyPem()).allowedAlgorithms()).containsExactly("EdDSA");
      assertThat(verifierFor(es256.publicKeyPem()).allowedAlgorithms()).containsExactly("ES256");
      assertThat(verifierFor(rs256.publicKeyPem()).allowedAlgorithms())
          .containsExactlyInAnyOrder("RS256", "PS256");
      assertThat(verifierFor(ps256.signingKey().publicJwk()).allowedAlgorithms())
          .containsExactly("PS256");
    }

    @Test
    void any_accepted_audience_will_do_and_aud_may_be_an_array() {
      TokenVerifier verifier =
          TokenVerifier.builder()
              .publicKeys(ed25519.publicKeyPem())
              .audience("orders", "orders-v2")
              .clock(clock)
              .build();
      Map<String, Object> claims = Forge.claims("x", T0);
      claims.put("aud", List.of("elsewhere", "orders-v2"));

      assertThat(verifier.verifyToken(sign(ed25519, "orders-v2")).audience())
          .containsExactly("orders-v2");
      assertThat(
              verifier
                  .verifyToken(Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519))
                  .audience())
          .containsExactly("elsewhere", "orders-v2");
    }

    @Test
    void a_token_without_sub_nbf_or_kid_verifies_with_a_single_key() {
      Map<String, Object> header = Forge.header("EdDSA", "ignored");
      header.remove("kid");
      header.remove("typ");
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.remove("sub");
      claims.remove("nbf");

      VerifiedToken token = verifier.verifyToken(Forge.jws(header, claims, ed25519));

      assertThat(token.subject()).isNull();
      assertThat(token.notBefore()).isEqualTo(T0);
      assertThat(token.keyId()).isEqualTo(ed25519.kid());
    }

    @Test
    void fractional_times_are_read() {
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.put("iat", T0.getEpochSecond() + 0.5);

      assertThat(
              verifier
                  .verifyToken(Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519))
                  .issuedAt())
          .isEqualTo(T0.plusMillis(500));
    }
  }

  @Nested
  class Headers {
    @Test
    void Authorization_Bearer_with_any_case() {
      String token = sign(ed25519, "orders");

      assertThat(verifier.verify(Metadata.of("Authorization", "Bearer " + token)).keyId())
          .isEqualTo(ed25519.kid());
      assertThat(verifier.verify(Metadata.of("authorization", "bearer  " + token)).keyId())
          .isEqualTo(ed25519.kid());
      assertThat(verifier.verify(Metadata.of("AUTHORIZATION", "BEARER " + token)).keyId())
          .isEqualTo(ed25519.kid());
    }

    @Test
    void Dapr_Authorization_comes_first() {
      String token = sign(ed25519, "orders");

      assertThat(
              verifier
                  .verify(
                      Metadata.of(
                          "Authorization",
                          "AWS4-HMAC-SHA256 Credential=...",
                          "Dapr-Authorization",
                          "Bearer " + token))
                  .audience())
          .containsExactly("orders");
      assertRejected(
          () ->
              verifier.verify(
                  Metadata.of(
                      "Authorization",
                      "Bearer " + token,
                      "Dapr-Authorization",
                      "Bearer " + sign(ed25519, "billing"))),
          "wrong audience 'billing'; this function accepts 'orders'");
    }

    @Test
    void no_token() {
      assertRejected(
          () -> verifier.verify(Metadata.empty()),
          "no token: send it as 'Authorization: Bearer <token>' or 'Dapr-Authorization: Bearer <token>'");
      assertRejected(
          () -> verifier.verify(Metadata.of("Authorization", "Bearer ")),
          "no token: Authorization says Bearer but holds no token");
    }

    @Test
    void another_scheme_is_named_with_a_hint() {
      assertRejected(
          () -> verifier.verify(Metadata.of("Authorization", "Basic dXNlcjpwYXNz")),
          "no token: Authorization holds a 'Basic' credential, not 'Bearer <token>'; if the platform uses"
              + " Authorization itself, have the component send its token in Dapr-Authorization");
      assertRejected(
          () -> verifier.verify(Metadata.of("Dapr-Authorization", "Token abc")),
          "no token: Dapr-Authorization holds a 'Token' credential, not 'Bearer <token>'");
    }

    @Test
    void a_bare_token_without_scheme_is_not_echoed() {
      String token = sign(ed25519, "orders");

      assertRejected(
          () -> verifier.verify(Metadata.of("Dapr-Authorization", token)),
          "no token: Dapr-Authorization holds a credential without the 'Bearer ' scheme, not 'Bearer <token>'");
    }

    @Test
    void a_bare_credential_is_not_echoed_even_when_it_looks_like_a_scheme() {
      // Found by TokenVerifierPropertiesTest: a one-word value such as an API key was quoted as the
      // scheme.
      assertRejected(
          () -> verifier.verify(Metadata.of("Authorization", "s3cretKey123")),
          "no token: Authorization holds a credential without the 'Bearer ' scheme, not 'Bearer <token>'; if the"
              + " platform uses Authorization itself, have the component send its token in Dapr-Authorization");
      assertRejected(
          () -> verifier.verify(Metadata.of("Dapr-Authorization", "s3cretKey123 s3cretKey123")),
          "no token: Dapr-Authorization holds a credential without the 'Bearer ' scheme, not 'Bearer <token>'");
    }

    @Test
    void two_headers_are_refused() {
      String token = sign(ed25519, "orders");
      Metadata twice =
          Metadata.builder()
              .add("Authorization", "Bearer " + token)
              .add("Authorization", "Bearer " + token)
              .build();

      assertRejected(
          () -> verifier.verify(twice),
          "malformed request: 2 Authorization headers; send exactly one");
    }
  }

  @Nested
  class Rejections {
    @Test
    void a_segment_spelt_with_unused_bits_set_is_rejected() {
      // Found by TokenVerifierPropertiesTest: base64url decoding ignores the unused low bits of the
      // last
      // character, so a different token string with the same signature bytes verified.
      String token = sign(ed25519, "orders");
      String signature = token.substring(token.lastIndexOf('.') + 1);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      char last = signature.charAt(signature.length() - 1);
      String changed =
          token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);

      assertThat(changed).isNotEqualTo(token);
      assertRejected(
          changed,
          "malformed token: the signature is not canonical base64url (unused bits set in its last character)");
    }

    @Test
    void expired() {
      String token = sign(ed25519, "orders");
      clock.set(T0.plusSeconds(119));
      verifier.verifyToken(token);

      clock.set(T0.plusSeconds(120));
      assertRejected(
          token,
          "token expired at 2026-11-27T10:01:00Z (now 2026-11-27T10:02:00Z, allowed clock skew 60 s)");
    }

    @Test
    void expired_without_skew() {
      TokenVerifier strict =
          TokenVerifier.builder()
              .publicKeys(ed25519.publicKeyPem())
              .audience("orders")
              .clock(clock)
              .clockSkew(Duration.ZERO)
              .build();
      String token = sign(ed25519, "orders");
      clock.set(T0.plusSeconds(60));

      assertRejected(
          () -> strict.verifyToken(token),
          "token expired at 2026-11-27T10:01:00Z (now 2026-11-27T10:01:00Z, allowed clock skew 0 s)");
    }

    @Test
    void not_yet_valid() {
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.put("nbf", T0.getEpochSecond() + 61);
      claims.put("exp", T0.getEpochSecond() + 120);
      Map<String, Object> withinSkew = Forge.claims("orders", T0);
      withinSkew.put("nbf", T0.getEpochSecond() + 60);

      verifier.verifyToken(Forge.jws(Forge.header("EdDSA", ed25519.kid()), withinSkew, ed25519));
      assertRejected(
          Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519),
          "token not yet valid: nbf is 2026-11-27T10:01:01Z (now 2026-11-27T10:00:00Z, allowed clock skew 60 s);"
              + " check the clocks of component and function");
    }

    @Test
    void issued_in_the_future() {
      String token = sign(ed25519, "orders");
      clock.set(T0.minusSeconds(61));

      assertRejected(
          token,
          "token not yet valid: nbf is 2026-11-27T10:00:00Z (now 2026-11-27T09:58:59Z, allowed"
              + " clock skew 60 s); check the clocks of component and function");
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.remove("nbf");
      assertRejected(
          Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519),
          "token issued in the future: iat is 2026-11-27T10:00:00Z (now 2026-11-27T09:58:59Z, allowed clock skew"
              + " 60 s); check the clocks of component and function");
    }

    @Test
    void wrong_audience() {
      assertRejected(
          sign(ed25519, "billing"), "wrong audience 'billing'; this function accepts 'orders'");
    }

    @Test
    void wrong_issuer() {
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.put("iss", "https://evil.example");

      assertRejected(
          Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519),
          "wrong issuer 'https://evil.example'; expected 'dapr.io/compute'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "aud", "exp", "iat", "jti"})
    void missing_required_claims(String claim) {
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.remove(claim);

      assertRejected(
          Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519),
          "missing claim '" + claim + "'");
    }

    @Test
    void tampered_payload() {
      String token = sign(ed25519, "billing");
      String[] parts = token.split("\\.");
      String payload =
          new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
              .replace("\"billing\"", "\"orders\"");
      String tampered = parts[0] + "." + Forge.b64(payload) + "." + parts[2];

      assertRejected(
          tampered,
          "bad signature: the token was not signed by key '"
              + ed25519.kid()
              + "' or was changed after signing");
    }

    @Test
    void tampered_signature() {
      String token = sign(ed25519, "orders");
      int middle = token.lastIndexOf('.') + 20;
      char flipped = token.charAt(middle) == 'A' ? 'B' : 'A';
      String tampered = token.substring(0, middle) + flipped + token.substring(middle + 1);

      assertRejected(
          tampered,
          "bad signature: the token was not signed by key '"
              + ed25519.kid()
              + "' or was changed after signing");
    }

    @ParameterizedTest
    @MethodSource("dev.daprcompute.function.token.TokenVerifierTest#allKeys")
    void signed_by_another_key_under_the_right_kid(TestKey key) {
      TestKey impostor =
          switch (key.algorithm()) {
            case "EdDSA" -> other;
            case "ES256" -> TestKey.es256();
            default -> rs256 == key ? ps256 : rs256;
          };
      String forged =
          Forge.jws(
              Forge.header(key.algorithm(), key.kid()),
              Forge.claims("orders", T0),
              input -> impostor.sign(key.algorithm(), input));

      assertRejected(
          () -> verifierFor(key.publicKeyPem()).verifyToken(forged),
          "bad signature: the token was not signed by key '"
              + key.kid()
              + "' or was changed after signing");
    }

    @Test
    void alg_none() {
      Map<String, Object> header = Map.of("alg", "none", "typ", "JWT");
      String unsigned =
          Forge.b64(Forge.json(header))
              + "."
              + Forge.b64(Forge.json(Forge.claims("orders", T0)))
              + ".";

      assertRejected(unsigned, "alg none: unsigned tokens are never accepted");
      assertRejected(
          unsigned.replace(Forge.b64(Forge.json(header)), Forge.b64("{\"alg\":\"NONE\"}")),
          "alg none: unsigned tokens are never accepted");
    }

    @Test
    void HS256_signed_with_the_public_key_as_the_secret() {
      for (byte[] secret :
          List.of(
              ed25519.publicKeyPem().getBytes(StandardCharsets.US_ASCII),
              java.util.Base64.getUrlDecoder()
                  .decode(
                      ed25519
                          .signingKey()
                          .publicJwk()
                          .replaceAll(".*\"x\":\"([^\"]+)\".*", "$1")))) {
        String forged =
            Forge.jws(
                Forge.header("HS256", ed25519.kid()),
                Forge.claims("orders", T0),
                Forge.hmacSha256(secret));

        assertRejected(
            forged,
            "alg HS256: HMAC (shared-secret) tokens are never accepted; tokens must be signed"
                + " with the component's private key");
      }
    }

    @Test
    void an_algorithm_that_is_not_allowed() {
      String rsaToken =
          Forge.jws(Forge.header("RS256", ed25519.kid()), Forge.claims("orders", T0), rs256);
      String es512 =
          Forge.jws(
              Forge.header("ES512", ed25519.kid()),
              Forge.claims("orders", T0),
              input -> new byte[132]);

      assertRejected(rsaToken, "algorithm 'RS256' is not allowed (allowed: EdDSA)");
      assertRejected(es512, "algorithm 'ES512' is not allowed (allowed: EdDSA)");
    }

    @Test
    void allowed_algorithms_can_be_narrowed() {
      TokenVerifier onlyRs256 =
          TokenVerifier.builder()
              .publicKeys(rs256.publicKeyPem())
              .audience("orders")
              .allowedAlgorithms(Set.of("RS256"))
              .clock(clock)
              .build();
      String pss = Forge.jws(Forge.header("PS256", rs256.kid()), Forge.claims("orders", T0), rs256);

      onlyRs256.verifyToken(sign(rs256, "orders"));
      assertRejected(
          () -> onlyRs256.verifyToken(pss), "algorithm 'PS256' is not allowed (allowed: RS256)");
    }

    @Test
    void an_algorithm_that_does_not_fit_the_key_its_kid_names() {
      TokenVerifier two =
          TokenVerifier.builder()
              .publicKeys(ed25519.publicKeyPem() + rs256.publicKeyPem())
              .audience("orders")
              .clock(clock)
              .build();
      String token =
          Forge.jws(Forge.header("RS256", ed25519.kid()), Forge.claims("orders", T0), rs256);

      assertRejected(
          () -> two.verifyToken(token),
          "algorithm RS256 does not match key '"
              + ed25519.kid()
              + "' (an Ed25519 key, which verifies EdDSA)");
    }

    @Test
    void unknown_kid_in_a_two_key_set() {
      TokenVerifier two = verifierFor(jwkSet(ed25519, es256));

      assertRejected(
          () -> two.verifyToken(sign(other, "orders")),
          "unknown key id '"
              + other.kid()
              + "': no configured public key has it (a new component key? add its public key to the function's keys)");
    }

    @Test
    void no_kid_with_two_keys() {
      TokenVerifier two = verifierFor(jwkSet(ed25519, es256));
      Map<String, Object> header = Forge.header("EdDSA", "");
      header.remove("kid");

      assertRejected(
          () -> two.verifyToken(Forge.jws(header, Forge.claims("orders", T0), ed25519)),
          "no key id: the token has no 'kid' and the function has 2 public keys");
    }

    @Test
    void a_kid_that_is_not_the_single_key() {
      assertRejected(
          sign(other, "orders"),
          "unknown key id '"
              + other.kid()
              + "': no configured public key has it (a new component key? add its public key to the function's keys)");
    }

    @Test
    void a_lifetime_of_two_hours() {
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.put("exp", T0.getEpochSecond() + 7200);

      assertRejected(
          Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519),
          "token lifetime 7200 s (exp - iat) exceeds the maximum of 3600 s");
    }

    @Test
    void a_lifetime_over_the_maximum_counted_from_nbf() {
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.put("nbf", T0.getEpochSecond() - 3000);
      claims.put("exp", T0.getEpochSecond() + 1000);
      Map<String, Object> exactlyOneHour = Forge.claims("orders", T0);
      exactlyOneHour.put("exp", T0.getEpochSecond() + 3600);

      verifier.verifyToken(
          Forge.jws(Forge.header("EdDSA", ed25519.kid()), exactlyOneHour, ed25519));
      assertRejected(
          Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519),
          "token lifetime 4000 s (exp - nbf) exceeds the maximum of 3600 s");
    }

    @Test
    void a_smaller_maximum_lifetime() {
      TokenVerifier strict =
          TokenVerifier.builder()
              .publicKeys(ed25519.publicKeyPem())
              .audience("orders")
              .maxLifetime(Duration.ofSeconds(30))
              .clock(clock)
              .build();

      assertRejected(
          () -> strict.verifyToken(sign(ed25519, "orders")),
          "token lifetime 60 s (exp - iat) exceeds the maximum of 30 s");
    }

    @Test
    void expires_before_it_was_issued() {
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.put("exp", T0.getEpochSecond() + 10);
      claims.put("iat", T0.getEpochSecond() + 20);
      claims.remove("nbf");

      assertRejected(
          Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519),
          "token expires before it was issued (exp 2026-11-27T10:00:10Z, iat 2026-11-27T10:00:20Z)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256"})
    void a_key_embedded_in_the_header(String parameter) {
      Map<String, Object> header = Forge.header("EdDSA", other.kid());
      Object value =
          switch (parameter) {
            case "jwk" ->
                Map.of(
                    "kty",
                    "OKP",
                    "crv",
                    "Ed25519",
                    "x",
                    "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
            case "x5c" -> List.of("MIIBszCCAVmgAwIBAgIU");
            default -> "https://evil.example/keys";
          };
      header.put(parameter, value);
      String forged = Forge.jws(header, Forge.claims("orders", T0), other);

      assertRejected(
          forged,
          "the token carries a key in its header ('"
              + parameter
              + "'); keys are never taken from"
              + " the token, only from the function's configuration");
    }

    @Test
    void the_embedded_jwk_attack_with_the_attackers_own_key() {
      Map<String, Object> header = Forge.header("EdDSA", other.kid());
      header.put("jwk", Forge.map(other.signingKey().publicJwk()));

      assertRejected(
          Forge.jws(header, Forge.claims("orders", T0), other),
          "the token carries a key in its header ('jwk'); keys are never taken from the token, only from the"
              + " function's configuration");
    }

    @Test
    void crit_headers_are_not_understood() {
      Map<String, Object> header = Forge.header("EdDSA", ed25519.kid());
      header.put("crit", List.of("b64"));
      header.put("b64", false);

      assertRejected(
          Forge.jws(header, Forge.claims("orders", T0), ed25519),
          "critical header parameter 'b64' not understood");
    }

    @Test
    void an_unexpected_typ() {
      Map<String, Object> header = Forge.header("EdDSA", ed25519.kid());
      header.put("typ", "at+jwt");

      assertRejected(
          Forge.jws(header, Forge.claims("orders", T0), ed25519),
          "unexpected typ 'at+jwt'; expected JWT");
    }

    @Test
    void malformed_tokens() {
      String good = sign(ed25519, "orders");
      String[] parts = good.split("\\.");

      assertRejected(
          "not-a-token", "malformed token: expected three base64url parts separated by dots");
      assertRejected(
          parts[0] + "." + parts[1],
          "malformed token: expected three base64url parts separated by dots");
      assertRejected(
          "a.b.c.d.e", "malformed token: an encrypted JWE (five parts); expected a signed JWS");
      assertRejected(
          Forge.b64("not json") + "." + parts[1] + "." + parts[2],
          "malformed token: the header is not one JSON object (valid JSON, no repeated members)");
      assertRejected(
          parts[0] + "=." + parts[1] + "." + parts[2],
          "malformed token: the header is not base64url");
      assertRejected(
          parts[0] + "." + parts[1] + "." + parts[2] + "+",
          "malformed token: the signature is not base64url");
      assertRejected(
          Forge.b64("{\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2],
          "malformed token: the header has no 'alg'");
      assertRejected("x".repeat(20_000), "malformed token: longer than 16384 characters");
      assertRejected(" ", "no token: the token is empty");
    }

    @Test
    void non_canonical_base64url_signature_is_refused_though_it_decodes_to_the_same_bytes() {
      String[] parts = sign(ed25519, "orders").split("\\.");
      String mutated = Forge.nonCanonical(parts[2]);

      assertThat(java.util.Base64.getUrlDecoder().decode(mutated))
          .isEqualTo(java.util.Base64.getUrlDecoder().decode(parts[2]));
      assertRejected(
          parts[0] + "." + parts[1] + "." + mutated,
          "malformed token: the signature is not canonical base64url (unused bits set in its last character)");
    }

    @Test
    void non_canonical_base64url_header_or_payload_is_refused_even_when_signed_as_it_is() {
      Map<String, Object> header = Forge.header("EdDSA", ed25519.kid());
      Map<String, Object> claims = Forge.claims("orders", T0);
      while (Forge.b64(Forge.json(header)).length() % 4 < 2) {
        header.put("pad", header.getOrDefault("pad", "") + "x");
      }
      while (Forge.b64(Forge.json(claims)).length() % 4 < 2) {
        claims.put("pad", claims.getOrDefault("pad", "") + "x");
      }
      String encodedHeader = Forge.b64(Forge.json(header));
      String encodedClaims = Forge.b64(Forge.json(claims));
      assertThat(
              verifier
                  .verifyToken(Forge.jwsOfParts(encodedHeader, encodedClaims, "EdDSA", ed25519))
                  .audience())
          .containsExactly("orders");

      assertRejected(
          Forge.jwsOfParts(Forge.nonCanonical(encodedHeader), encodedClaims, "EdDSA", ed25519),
          "malformed token: the header is not canonical base64url (unused bits set in its last character)");
      assertRejected(
          Forge.jwsOfParts(encodedHeader, Forge.nonCanonical(encodedClaims), "EdDSA", ed25519),
          "malformed token: the payload is not canonical base64url (unused bits set in its last character)");
    }

    @Test
    void a_token_accepted_before_is_still_checked_against_the_clock() {
      String token = sign(ed25519, "orders");
      assertThat(verifier.verifyToken(token).audience()).containsExactly("orders");
      assertThat(verifier.verifyToken(token).audience()).containsExactly("orders");

      clock.advance(Duration.ofSeconds(121));

      assertThat(catchRejection(() -> verifier.verifyToken(token)).description())
          .startsWith("token expired at ");
    }

    @Test
    void malformed_payloads_behind_a_valid_signature() {
      Map<String, Object> header = Forge.header("EdDSA", ed25519.kid());
      String duplicate =
          "{\"iss\":\"dapr.io/compute\",\"aud\":\"evil\",\"aud\":\"orders\",\"iat\":"
              + T0.getEpochSecond()
              + ",\"exp\":"
              + (T0.getEpochSecond() + 60)
              + ",\"jti\":\"x\"}";
      Map<String, Object> textExp = Forge.claims("orders", T0);
      textExp.put("exp", "tomorrow");
      Map<String, Object> numberAud = Forge.claims("orders", T0);
      numberAud.put("aud", 42);

      assertRejected(
          Forge.jws(header, "[1,2]", ed25519),
          "malformed token: the payload is not one JSON object (valid JSON, no repeated members)");
      assertRejected(
          Forge.jws(header, duplicate, ed25519),
          "malformed token: the payload is not one JSON object (valid JSON, no repeated members)");
      assertRejected(
          Forge.jws(header, textExp, ed25519),
          "malformed token: claim 'exp' is not a number of seconds");
      assertRejected(
          Forge.jws(header, numberAud, ed25519),
          "malformed token: claim 'aud' is neither a string nor a non-empty array of strings");
    }

    @Test
    void untrusted_values_are_cut_and_cleaned_in_descriptions() {
      Map<String, Object> claims = Forge.claims("orders", T0);
      claims.put("aud", "evil\r\nSet-Cookie: x=\"y\"" + "z".repeat(100));

      TokenRejectedException e =
          catchRejection(
              () ->
                  verifier.verifyToken(
                      Forge.jws(Forge.header("EdDSA", ed25519.kid()), claims, ed25519)));

      assertThat(e.description())
          .isEqualTo(
              "wrong audience 'evil??Set-Cookie: x=\"y\""
                  + "z".repeat(41)
                  + "...'; this function accepts 'orders'");
      assertThat(e.wwwAuthenticate())
          .isEqualTo(
              "Bearer error=\"invalid_token\", error_description=\"wrong audience"
                  + " 'evil??Set-Cookie: x=\\\"y\\\""
                  + "z".repeat(41)
                  + "...'; this function accepts 'orders'\"");
    }
  }

  @Nested
  class Rotation {
    @Test
    void a_JWK_Set_with_two_keys_verifies_tokens_of_both() {
      TokenVerifier rotating = verifierFor(jwkSet(ed25519, es256));

      assertThat(rotating.verifyToken(sign(ed25519, "orders")).keyId()).isEqualTo(ed25519.kid());
      assertThat(rotating.verifyToken(sign(es256, "orders")).keyId()).isEqualTo(es256.kid());
      assertThat(rotating.keyIds()).containsExactly(ed25519.kid(), es256.kid());
      assertThat(rotating.allowedAlgorithms()).containsExactlyInAnyOrder("EdDSA", "ES256");
    }

    @Test
    void two_PEM_blocks_verify_tokens_of_both() {
      TokenVerifier rotating = verifierFor(ed25519.publicKeyPem() + "\n" + other.publicKeyPem());

      assertThat(rotating.verifyToken(sign(ed25519, "orders")).keyId()).isEqualTo(ed25519.kid());
      assertThat(rotating.verifyToken(sign(other, "orders")).keyId()).isEqualTo(other.kid());
    }

    @Test
    void a_JWK_with_its_own_kid_is_found_by_that_kid_or_its_thumbprint() {
      String jwk = ed25519.signingKey().publicJwk().replace(ed25519.kid(), "2026-11");
      TokenVerifier custom =
          verifierFor("{\"keys\":[" + jwk + "," + other.signingKey().publicJwk() + "]}");
      String byName =
          Forge.jws(Forge.header("EdDSA", "2026-11"), Forge.claims("orders", T0), ed25519);

      assertThat(custom.verifyToken(byName).keyId()).isEqualTo("2026-11");
      assertThat(custom.verifyToken(sign(ed25519, "orders")).keyId()).isEqualTo(ed25519.kid());
    }
  }

  @Nested
  class Configuration {
    @Test
    void keys_and_audience_are_required() {
      assertThatThrownBy(() -> TokenVerifier.builder().audience("orders").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("publicKeys(...) is required");
      assertThatThrownBy(() -> TokenVerifier.builder().publicKeys(ed25519.publicKeyPem()).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("audience(...) is required");
      assertThatThrownBy(() -> TokenVerifier.builder().audience())
          .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "HS512", "RS512", "ES384"})
    void only_public_key_algorithms_can_be_allowed(String algorithm) {
      assertThatThrownBy(
              () -> TokenVerifier.builder().allowedAlgorithms(Set.of("EdDSA", algorithm)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("can never be allowed");
    }

    @Test
    void allowed_algorithms_must_fit_a_key() {
      assertThatThrownBy(
              () ->
                  TokenVerifier.builder()
                      .publicKeys(ed25519.publicKeyPem())
                      .audience("orders")
                      .allowedAlgorithms(Set.of("ES256"))
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "no allowed algorithm [ES256] fits the configured keys, which verify [EdDSA]");
    }

    @Test
    void skew_and_lifetime_have_ceilings() {
      TokenVerifier.Builder builder = TokenVerifier.builder();

      assertThatThrownBy(() -> builder.clockSkew(Duration.ofSeconds(61)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.clockSkew(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.maxLifetime(Duration.ofHours(2)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.maxLifetime(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      builder.clockSkew(Duration.ofSeconds(60)).maxLifetime(Duration.ofHours(1));
    }

    @Test
    void a_different_issuer_can_be_required() {
      TokenVerifier custom =
          TokenVerifier.builder()
              .publicKeys(ed25519.publicKeyPem())
              .audience("orders")
              .issuer("my-issuer")
              .clock(clock)
              .build();

      assertRejected(
          () -> custom.verifyToken(sign(ed25519, "orders")),
          "wrong issuer 'dapr.io/compute'; expected 'my-issuer'");
    }

    @Test
    void bad_public_keys_are_explained_without_key_material() {
      String privatePem = ed25519.privateKeyPem();
      String privateJwk =
          SigningKey.parse(privatePem).publicJwk().replace("\"kid\"", "\"d\":\"c2VjcmV0\",\"kid\"");

      assertBadKeys(
          privatePem, "holds a private key (PRIVATE KEY)", "keep the private key in the component");
      assertBadKeys(
          privateJwk, "holds a private JWK (it has 'd')", "keep the private key in the component");
      assertBadKeys("hello", "neither PEM nor a JWK", "-----BEGIN PUBLIC KEY-----");
      assertBadKeys("{\"keys\":[]}", "JWK Set without keys", "JWK Set");
      assertBadKeys(
          "{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQ\"}", "symmetric JWK", "Ed25519");
      assertBadKeys(jwkSet(ed25519, ed25519), "two keys with the id", "distinct 'kid'");
      String pem = ed25519.publicKeyPem();
      assertBadKeys(pem.substring(0, pem.indexOf("-----END")), "cut off", "Copy the whole");
      assertBadKeys(
          "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
          "certificate",
          "openssl x509 -in cert.pem -pubkey -noout");
    }

    @Test
    void PKCS1_RSA_PUBLIC_KEY_blocks_are_read() throws Exception {
      java.security.interfaces.RSAPublicKey key =
          (java.security.interfaces.RSAPublicKey) rs256.pair().getPublic();
      byte[] pkcs1 =
          new org.bouncycastle.asn1.pkcs.RSAPublicKey(key.getModulus(), key.getPublicExponent())
              .getEncoded();

      TokenVerifier pkcs1Verifier =
          verifierFor(dev.daprcompute.protocol.keys.Pem.encode("RSA PUBLIC KEY", pkcs1));

      assertThat(pkcs1Verifier.verifyToken(sign(rs256, "orders")).keyId()).isEqualTo(rs256.kid());
    }

    @Test
    void toString_shows_no_key_material() {
      assertThat(verifier.toString())
          .isEqualTo(
              "TokenVerifier[keys=["
                  + ed25519.kid()
                  + "], audiences=[orders], issuer=dapr.io/compute, algorithms=[EdDSA]]");
    }
  }

  @Test
  void the_challenge_escapes_quotes_and_backslashes() {
    TokenRejectedException e = new TokenRejectedException("say \"hi\" \\ here\r\n");

    assertThat(e.description()).isEqualTo("say \"hi\" \\ here\r\n");
    assertThat(e.wwwAuthenticate())
        .isEqualTo(
            "Bearer error=\"invalid_token\", error_description=\"say \\\"hi\\\" \\\\ here??\"");
    assertThat(e.getMessage()).isEqualTo("token rejected: say \"hi\" \\ here\r\n");
  }

  @Test
  void one_verifier_serves_many_threads() throws Exception {
    TokenVerifier shared = verifierFor(jwkSet(ed25519, es256));
    List<String> tokens = List.of(sign(ed25519, "orders"), sign(es256, "orders"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  int verified = 0;
                  for (int i = 0; i < 200; i++) {
                    verified += shared.verifyToken(tokens.get(i % 2)).audience().size();
                  }
                  return verified;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // --- helpers ---

  private void assertRejected(String token, String description) {
    assertRejected(() -> verifier.verifyToken(token), description);
  }

  static void assertRejected(ThrowingCallable call, String description) {
    TokenRejectedException e = catchRejection(call);
    assertThat(e.description()).isEqualTo(description);
    assertThat(e.wwwAuthenticate())
        .isEqualTo(
            "Bearer error=\"invalid_token\", error_description=\""
                + description.replace("\"", "\\\"")
                + "\"");
    assertThat(e.description()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}");
  }

  static TokenRejectedException catchRejection(ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).as("a TokenRejectedException").isInstanceOf(TokenRejectedException.class);
    return (TokenRejectedException) thrown;
  }

  private static void assertBadKeys(String text, String what, String fix) {
    assertThatThrownBy(() -> TokenVerifier.builder().publicKeys(text))
        .isInstanceOf(PublicKeyException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage()).contains(what).contains(fix);
              java.util.regex.Matcher material =
                  java.util.regex.Pattern.compile("[A-Za-z0-9+/_-]{12,}").matcher(text);
              while (material.find()) {
                if (material.group().equals(ed25519.kid())) {
                  continue; // a key id is a hash of a public key: fine to name
                }
                assertThat(e.getMessage().contains(material.group()))
                    .as("key material in the message")
                    .isFalse();
              }
            });
  }

  static String jwkSet(TestKey... keys) {
    return "{\"keys\":["
        + String.join(",", Stream.of(keys).map(k -> k.signingKey().publicJwk()).toList())
        + "]}";
  }
}
