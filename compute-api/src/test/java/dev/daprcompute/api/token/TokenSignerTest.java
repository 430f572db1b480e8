package dev.daprcompute.api.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import dev.daprcompute.protocol.keys.JwsPublicKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static SigningKey ed25519;
  private static SigningKey p256;
  private static SigningKey rsa;

  @BeforeAll
  static void keys() {
    ed25519 = SigningKey.generateEd25519();
    p256 = SigningKey.parse(TestKeys.pkcs8(TestKeys.ec("secp256r1")));
    rsa = SigningKey.parse(TestKeys.pkcs8(TestKeys.rsa(2048)));
  }

  @Nested
  class Contents {
    @Test
    void header_and_claims_follow_the_protocol() throws Exception {
      TokenSigner signer =
          new TokenSigner(
              ed25519, Clock.fixed(T0, java.time.ZoneOffset.UTC), Duration.ofSeconds(60));

      String token = signer.token("orders-function", "checkout");

      JsonNode header = part(token, 0);
      assertThat(header.get("alg").asText()).isEqualTo("EdDSA");
      assertThat(header.get("typ").asText()).isEqualTo("JWT");
      assertThat(header.get("kid").asText()).isEqualTo(ed25519.keyId());
      assertThat(header.size()).isEqualTo(3);
      JsonNode claims = part(token, 1);
      assertThat(claims.get("iss").asText()).isEqualTo("dapr.io/compute");
      assertThat(claims.get("aud").isTextual()).as("aud is a single string").isTrue();
      assertThat(claims.get("aud").asText()).isEqualTo("orders-function");
      assertThat(claims.get("sub").asText()).isEqualTo("checkout");
      assertThat(claims.get("iat").asLong()).isEqualTo(T0.getEpochSecond());
      assertThat(claims.get("nbf").asLong()).isEqualTo(T0.getEpochSecond());
      assertThat(claims.get("exp").asLong()).isEqualTo(T0.getEpochSecond() + 60);
      assertThat(Base64.getUrlDecoder().decode(claims.get("jti").asText())).hasSize(16);
      assertThat(claims.get("jti").asText()).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void no_sub_without_a_subject() throws Exception {
      String token = new TokenSigner(ed25519).token("orders", null);

      assertThat(part(token, 1).has("sub")).isFalse();
    }

    @Test
    void times_are_whole_seconds_and_the_lifetime_is_rounded_up() throws Exception {
      MutableClock clock = new MutableClock(T0.plusMillis(700));
      TokenSigner signer = new TokenSigner(ed25519, clock, Duration.ofMillis(1500));

      JsonNode claims = part(signer.token("orders", null), 1);

      assertThat(signer.lifetime()).isEqualTo(Duration.ofSeconds(2));
      assertThat(claims.get("iat").isIntegralNumber()).isTrue();
      assertThat(claims.get("iat").asLong()).isEqualTo(T0.getEpochSecond());
      assertThat(claims.get("exp").asLong()).isEqualTo(T0.getEpochSecond() + 2);
    }

    @Test
    void EdDSA_signatures_verify_with_the_JDK_and_BouncyCastle() throws Exception {
      String token = new TokenSigner(ed25519).token("orders", null);
      String[] parts = token.split("\\.");
      byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
      byte[] signature = Base64.getUrlDecoder().decode(parts[2]);

      PublicKey jdkKey =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(
                  new X509EncodedKeySpec(SigningKeyTest.pemDer(ed25519.publicKeyPem())));
      Signature jdk = Signature.getInstance("Ed25519");
      jdk.initVerify(jdkKey);
      jdk.update(input);

      assertThat(jdk.verify(signature)).isTrue();
      assertThat(
              JwsPublicKey.fromSpki(SigningKeyTest.pemDer(ed25519.publicKeyPem()), "test")
                  .verify("EdDSA", input, signature))
          .isTrue();
    }

    @Test
    void ES256_and_RS256_signatures_verify_with_nimbus() throws Exception {
      for (SigningKey key : List.of(p256, rsa)) {
        SignedJWT jwt = SignedJWT.parse(new TokenSigner(key).token("orders", "app"));
        JWK jwk = JWK.parse(key.publicJwk());
        JWSVerifier verifier =
            key.algorithm().equals("ES256")
                ? new ECDSAVerifier(jwk.toECKey())
                : new RSASSAVerifier(jwk.toRSAKey());

        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(key.algorithm());
        assertThat(jwt.verify(verifier)).as(key.algorithm()).isTrue();
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("orders");
      }
    }

    @Test
    void a_PS256_JWK_signs_PS256() throws Exception {
      com.fasterxml.jackson.databind.node.ObjectNode jwk =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              JSON.readTree(SigningKeyTest.rsaJwk(TestKeys.rsa(2048)).toJSONString());
      jwk.put("alg", "PS256");
      SigningKey key = SigningKey.parse(jwk.toString());

      SignedJWT jwt = SignedJWT.parse(new TokenSigner(key).token("orders", null));

      assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("PS256");
      assertThat(jwt.verify(new RSASSAVerifier(JWK.parse(key.publicJwk()).toRSAKey()))).isTrue();
    }
  }

  @Nested
  class Reuse {
    @Test
    void the_same_token_until_half_its_lifetime_then_a_fresh_one() throws Exception {
      MutableClock clock = new MutableClock(T0);
      TokenSigner signer = new TokenSigner(ed25519, clock, Duration.ofSeconds(60));

      String first = signer.token("orders", "app");
      clock.advance(Duration.ofSeconds(29));
      String reused = signer.token("orders", "app");
      clock.advance(Duration.ofSeconds(1));
      String fresh = signer.token("orders", "app");
      clock.advance(Duration.ofSeconds(29));
      String freshReused = signer.token("orders", "app");

      assertThat(reused).isEqualTo(first);
      assertThat(fresh).isNotEqualTo(first);
      assertThat(part(fresh, 1).get("iat").asLong()).isEqualTo(T0.getEpochSecond() + 30);
      assertThat(part(fresh, 1).get("jti").asText())
          .isNotEqualTo(part(first, 1).get("jti").asText());
      assertThat(freshReused).isEqualTo(fresh);
    }

    @Test
    void one_token_per_audience_and_subject() {
      TokenSigner signer = new TokenSigner(ed25519, new MutableClock(T0), Duration.ofSeconds(60));

      Set<String> tokens =
          Set.of(
              signer.token("orders", "app"),
              signer.token("orders", null),
              signer.token("orders", "other"),
              signer.token("billing", "app"));

      assertThat(tokens).hasSize(4);
      assertThat(signer.token("orders", null)).isEqualTo(signer.token("orders", null));
    }

    @Test
    void a_clock_that_goes_back_gets_a_fresh_token() {
      MutableClock clock = new MutableClock(T0);
      TokenSigner signer = new TokenSigner(ed25519, clock, Duration.ofSeconds(60));

      String first = signer.token("orders", null);
      clock.set(T0.minusSeconds(5));

      assertThat(signer.token("orders", null)).isNotEqualTo(first);
    }

    @Test
    void the_cache_is_bounded() {
      MutableClock clock = new MutableClock(T0);
      TokenSigner signer = new TokenSigner(ed25519, clock, Duration.ofSeconds(60));

      for (int i = 0; i < TokenSigner.MAX_CACHED * 2 + 10; i++) {
        signer.token("audience-" + i, null);
      }

      assertThat(signer.cachedCount()).isLessThanOrEqualTo(TokenSigner.MAX_CACHED);
      clock.advance(Duration.ofSeconds(30));
      signer.token("late", null);
      assertThat(signer.cachedCount()).isLessThanOrEqualTo(TokenSigner.MAX_CACHED);
    }

    @Test
    void concurrent_callers_share_one_signature_per_audience() throws Exception {
      TokenSigner signer = new TokenSigner(ed25519, new MutableClock(T0), Duration.ofSeconds(60));
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      Set<String> tokens = ConcurrentHashMap.newKeySet();
      try {
        List<Future<?>> futures = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    assertThat(start.await(30, TimeUnit.SECONDS)).as("the start signal").isTrue();
                    for (int i = 0; i < 500; i++) {
                      tokens.add(signer.token("audience-" + (i % 4), null));
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          future.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(tokens).hasSize(4);
      for (String token : tokens) {
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience().get(0))
            .startsWith("audience-");
      }
    }

    @Test
    void concurrent_callers_with_a_moving_clock_always_get_valid_fresh_tokens() throws Exception {
      MutableClock clock = new MutableClock(T0);
      TokenSigner signer = new TokenSigner(p256, clock, Duration.ofSeconds(4));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 300; i++) {
                      Instant now = clock.instant();
                      JsonNode claims = part(signer.token("orders", null), 1);
                      // never older than half the lifetime, relative to the time before the call
                      assertThat(claims.get("iat").asLong())
                          .isGreaterThanOrEqualTo(now.getEpochSecond() - 2);
                    }
                    return null;
                  }));
        }
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    clock.advance(Duration.ofSeconds(1));
                    Thread.onSpinWait();
                  }
                  return null;
                }));
        for (Future<?> future : futures) {
          future.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class Validation {
    @Test
    void lifetimes_out_of_range_are_rejected() {
      MutableClock clock = new MutableClock(T0);
      for (Duration bad :
          List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofHours(1).plusSeconds(1))) {
        assertThatThrownBy(() -> new TokenSigner(ed25519, clock, bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("lifetime");
      }
      assertThat(new TokenSigner(ed25519, clock, TokenSigner.MAX_LIFETIME).lifetime())
          .isEqualTo(Duration.ofHours(1));
      assertThat(TokenSigner.DEFAULT_LIFETIME).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void a_blank_audience_is_rejected() {
      TokenSigner signer = new TokenSigner(ed25519);

      assertThatThrownBy(() -> signer.token(" ", null))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toString_names_the_key_only() {
      assertThat(new TokenSigner(ed25519).toString()).contains(ed25519.keyId()).contains("60 s");
    }
  }

  static JsonNode part(String token, int index) throws java.io.IOException {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
  }
}
