package dev.daprcompute.function.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.Strings;
import dev.daprcompute.protocol.keys.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The function's public-key setting in every form (SPKI and PKCS#1 PEM, JWK, JWK Set), damaged at
 * random, and private keys given by mistake: each ends in a verifier or a {@link
 * PublicKeyException} that shows no private key material.
 */
@DisplayName("public keys: any text ends in keys or a clear error that shows no private key")
class PublicKeysPropertiesTest {
  /** A key setting, and the pieces of it that are private. */
  record Case(String text, Set<String> secrets) {
    @Override
    public String toString() {
      return text;
    }
  }

  private static final TestKey ED25519 = TestKey.ed25519();
  private static final TestKey ES256 = TestKey.es256();
  private static final TestKey RS256 = TestKey.rs256();

  private static final List<String> DICTIONARY =
      List.of(
          "-----BEGIN PUBLIC KEY-----",
          "-----END PUBLIC KEY-----",
          "-----BEGIN RSA PUBLIC KEY-----",
          "-----BEGIN EC PARAMETERS-----",
          "-----BEGIN PRIVATE KEY-----",
          "-----BEGIN CERTIFICATE-----",
          "\n",
          "=",
          "{",
          "}",
          "[",
          "]",
          ",",
          "\"",
          "\"keys\":",
          "\"kid\":",
          "\"kid\":\"a\"",
          "\"use\":\"enc\"",
          "\"alg\":\"HS256\"",
          "\"alg\":\"RS256\"",
          "\"kty\":\"oct\"",
          "\"k\":\"c2VjcmV0\"",
          "\"d\":\"AA\"",
          "null",
          "MII",
          "AAAA",
          "ssh-rsa ",
          "-",
          "_");

  private static final List<Case> SEEDS = seeds();

  private static List<Case> seeds() {
    List<Case> seeds = new ArrayList<>();
    for (TestKey key : List.of(ED25519, ES256, RS256)) {
      seeds.add(new Case(key.publicKeyPem(), Set.of()));
      seeds.add(new Case(key.signingKey().publicJwk(), Set.of()));
      seeds.add(new Case(key.signingKey().publicJwkSet(), Set.of()));
    }
    RSAPublicKey rsa = (RSAPublicKey) RS256.pair().getPublic();
    try {
      seeds.add(
          new Case(
              Pem.encode(
                  "RSA PUBLIC KEY",
                  new org.bouncycastle.asn1.pkcs.RSAPublicKey(
                          rsa.getModulus(), rsa.getPublicExponent())
                      .getEncoded()),
              Set.of()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    seeds.add(
        new Case(
            "{\"keys\":["
                + ED25519
                    .signingKey()
                    .publicJwk()
                    .replaceFirst("\"kid\":\"[^\"]*\"", "\"kid\":\"a\"")
                + ","
                + ES256.signingKey().publicJwk().replaceFirst("\"kid\":\"[^\"]*\"", "\"kid\":\"b\"")
                + "]}",
            Set.of()));
    seeds.add(
        new Case(
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + ES256.publicKeyPem(),
            Set.of()));
    String privatePem = ED25519.privateKeyPem();
    seeds.add(
        new Case(privatePem, Contract.pieces(privatePem.replaceAll("-----[A-Z ]+-----", ""), 16)));
    byte[] pkcs8 = ED25519.pair().getPrivate().getEncoded();
    String d =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
    seeds.add(
        new Case(
            ED25519.signingKey().publicJwk().replace("}", ",\"d\":\"" + d + "\"}"),
            Contract.pieces(d, 16)));
    BigInteger huge = new BigInteger(20_000, new Random(20_000)).setBit(19_999).setBit(0);
    seeds.add(
        new Case(
            "{\"kty\":\"RSA\",\"n\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(huge.toByteArray())
                + "\",\"e\":\"AQAB\"}",
            Set.of()));
    return List.copyOf(seeds);
  }

  private static final Gen<Case> KEYS =
      Gen.oneOf(
          Gen.elementOf(SEEDS),
          Gen.elementOf(SEEDS)
              .flatMap(
                  seed ->
                      Strings.mutate(Gen.constant(seed.text()), DICTIONARY)
                          .map(text -> new Case(text, seed.secrets()))),
          Gen.elementOf(SEEDS)
              .flatMap(
                  seed ->
                      Strings.mutate(Gen.constant(seed.text()), DICTIONARY)
                          .map(text -> new Case(text, seed.secrets()))),
          Strings.tokens(DICTIONARY, 12).map(text -> new Case(text, Set.of())));

  @Test
  @DisplayName(
      "TokenVerifier.Builder.publicKeys ends in usable keys or a PublicKeyException without private material")
  void publicKeys() {
    Fuzz.forAll(
        500,
        KEYS,
        key -> {
          Contract.Ending<TokenVerifier.Builder> read =
              Contract.resultOr(
                  PublicKeyException.class,
                  key.secrets(),
                  () -> TokenVerifier.builder().publicKeys(key.text()));
          if (read.returned()) {
            TokenVerifier verifier = read.get().audience("orders").build();
            assertThat(verifier.keyIds()).isNotEmpty().doesNotHaveDuplicates();
            Contract.assertNoSecret(verifier.toString(), key.secrets(), "TokenVerifier.toString");
          }
        });
  }
}
