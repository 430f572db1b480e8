package dev.daprcompute.function.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tokens cross languages: the Java component's tokens verify with jose@6 on Node (what a JavaScript
 * function or the Cloudflare jump worker uses), and jose's tokens verify in Java.
 */
@DisplayName("Java and jose (Node) accept each other's tokens")
class JoseInteropTokenTest {
  private static TestKey ed25519;

  @BeforeAll
  static void key() {
    ed25519 = TestKey.ed25519();
  }

  /** Per test, not per class: surefire counts skipped tests, but not a skipped class. */
  @BeforeEach
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void node() throws Exception {
    NodeJose.setUp();
  }

  static Stream<TestKey> otherKeys() {
    return Stream.of(TestKey.es256(), TestKey.rs256(), TestKey.ps256());
  }

  @Test
  void a_Java_EdDSA_token_verifies_in_jose_with_the_SPKI_PEM() throws Exception {
    SigningKey key = ed25519.signingKey();
    String token = new TokenSigner(key).token("orders", "checkout");

    JsonNode result =
        NodeJose.run(
            "verify.mjs",
            Map.of(
                "key",
                key.publicKeyPem(),
                "token",
                token,
                "audience",
                "orders",
                "algorithms",
                List.of("EdDSA")));

    assertThat(result.get("ok").asBoolean()).as("jose accepted the token: %s", result).isTrue();
    assertThat(result.at("/header/alg").asText()).isEqualTo("EdDSA");
    assertThat(result.at("/header/typ").asText()).isEqualTo("JWT");
    assertThat(result.at("/header/kid").asText()).isEqualTo(key.keyId());
    assertThat(result.at("/payload/iss").asText()).isEqualTo("dapr.io/compute");
    assertThat(result.at("/payload/aud").asText()).isEqualTo("orders");
    assertThat(result.at("/payload/sub").asText()).isEqualTo("checkout");
    assertThat(result.at("/payload/exp").asLong() - result.at("/payload/iat").asLong())
        .isEqualTo(60);
    assertThat(result.get("thumbprint").asText())
        .as("jose's RFC 7638 thumbprint is our kid")
        .isEqualTo(key.keyId());
  }

  @Test
  void a_Java_EdDSA_token_verifies_in_jose_with_the_JWK_Set() throws Exception {
    SigningKey key = ed25519.signingKey();
    TestKey second = TestKey.es256();
    String keySet = TokenVerifierTest.jwkSet(second, ed25519);

    JsonNode result =
        NodeJose.run(
            "verify.mjs",
            Map.of(
                "key",
                keySet,
                "token",
                new TokenSigner(key).token("orders", null),
                "audience",
                "orders"));

    assertThat(result.get("ok").asBoolean()).as("jose accepted the token: %s", result).isTrue();
    assertThat(result.get("thumbprint").asText()).isEqualTo(key.keyId());
    assertThat(result.get("payload").has("sub")).isFalse();
  }

  @ParameterizedTest
  @MethodSource("otherKeys")
  void Java_ES256_RS256_and_PS256_tokens_verify_in_jose(TestKey key) throws Exception {
    JsonNode result =
        NodeJose.run(
            "verify.mjs",
            Map.of(
                "key",
                key.signingKey().publicJwk(),
                "token",
                new TokenSigner(key.signingKey()).token("orders", "checkout"),
                "audience",
                "orders"));

    assertThat(result.get("ok").asBoolean())
        .as("jose accepted the %s token: %s", key, result)
        .isTrue();
    assertThat(result.at("/header/alg").asText()).isEqualTo(key.algorithm());
    assertThat(result.get("thumbprint").asText()).isEqualTo(key.kid());
  }

  @Test
  void jose_rejects_a_Java_token_for_another_audience() throws Exception {
    String token = new TokenSigner(ed25519.signingKey()).token("billing", null);

    JsonNode result =
        NodeJose.run(
            "verify.mjs",
            Map.of("key", ed25519.publicKeyPem(), "token", token, "audience", "orders"));

    assertThat(result.get("ok").asBoolean()).isFalse();
    assertThat(result.get("code").asText()).isEqualTo("ERR_JWT_CLAIM_VALIDATION_FAILED");
    assertThat(result.get("claim").asText()).isEqualTo("aud");
  }

  @Test
  void jose_rejects_a_Java_token_signed_by_another_key() throws Exception {
    String token = new TokenSigner(TestKey.ed25519().signingKey()).token("orders", null);

    JsonNode result =
        NodeJose.run(
            "verify.mjs",
            Map.of("key", ed25519.publicKeyPem(), "token", token, "audience", "orders"));

    assertThat(result.get("ok").asBoolean()).isFalse();
    assertThat(result.get("code").asText()).isEqualTo("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
  }

  @Test
  void a_jose_EdDSA_token_verifies_in_Java_with_the_jose_SPKI_PEM_and_JWK() throws Exception {
    JsonNode signed =
        NodeJose.run(
            "sign.mjs",
            Map.of("alg", "EdDSA", "claims", Map.of("aud", "orders", "sub", "checkout")));
    String token = signed.get("token").asText();

    for (String publicKey :
        List.of(signed.get("publicKeyPem").asText(), signed.get("publicJwk").toString())) {
      VerifiedToken verified =
          TokenVerifier.builder()
              .publicKeys(publicKey)
              .audience("orders")
              .build()
              .verifyToken(token);

      assertThat(verified.algorithm()).isEqualTo("EdDSA");
      assertThat(verified.subject()).isEqualTo("checkout");
      assertThat(verified.keyId()).isEqualTo(signed.get("thumbprint").asText());
    }
  }

  @Test
  void jose_signs_with_the_Java_generated_private_key_and_Java_verifies_with_the_JWK_Set()
      throws Exception {
    SigningKey key = SigningKey.generateEd25519();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("alg", "EdDSA");
    request.put("privateKey", key.privateKeyPem());
    request.put("claims", Map.of("aud", "orders"));

    JsonNode signed = NodeJose.run("sign.mjs", request);

    assertThat(signed.get("thumbprint").asText()).isEqualTo(key.keyId());
    VerifiedToken verified =
        TokenVerifier.builder()
            .publicKeys(key.publicJwkSet())
            .audience("orders")
            .build()
            .verifyToken(signed.get("token").asText());
    assertThat(verified.keyId()).isEqualTo(key.keyId());
  }

  @Test
  void a_jose_ES256_token_verifies_in_Java() throws Exception {
    JsonNode signed =
        NodeJose.run("sign.mjs", Map.of("alg", "ES256", "claims", Map.of("aud", "orders")));

    VerifiedToken verified =
        TokenVerifier.builder()
            .publicKeys(signed.get("publicKeyPem").asText())
            .audience("orders")
            .build()
            .verifyToken(signed.get("token").asText());

    assertThat(verified.algorithm()).isEqualTo("ES256");
    assertThat(verified.keyId()).isEqualTo(signed.get("thumbprint").asText());
  }

  @Test
  void Java_rejects_a_jose_token_for_another_audience() throws Exception {
    JsonNode signed =
        NodeJose.run("sign.mjs", Map.of("alg", "EdDSA", "claims", Map.of("aud", "billing")));
    TokenVerifier verifier =
        TokenVerifier.builder()
            .publicKeys(signed.get("publicKeyPem").asText())
            .audience("orders")
            .build();

    TokenVerifierTest.assertRejected(
        () -> verifier.verifyToken(signed.get("token").asText()),
        "wrong audience 'billing'; this function accepts 'orders'");
  }
}
