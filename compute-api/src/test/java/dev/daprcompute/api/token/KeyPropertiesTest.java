package dev.daprcompute.api.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.internal.ProtocolSettings;
import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.Strings;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.keys.JwsPublicKey;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Private keys in every form a component takes (PKCS#8, SEC1 and PKCS#1 PEM, private JWKs), damaged
 * at random: each ends in a key or a {@link KeyFormatException}, and no message shows key material.
 */
@DisplayName("signing keys: any text ends in a key or a clear error that shows no key material")
class KeyPropertiesTest {
  /** A key text and the pieces of it that are secret. */
  record Case(String text, Set<String> secrets) {
    @Override
    public String toString() {
      return text;
    }
  }

  private static final KeyPair ED25519 = TestKeys.generate("Ed25519");
  private static final KeyPair P256 = TestKeys.ec("secp256r1");
  private static final KeyPair RSA = TestKeys.rsa(2048);

  static final List<Case> SEEDS = seeds();

  static final List<String> DICTIONARY =
      List.of(
          "-----BEGIN PRIVATE KEY-----",
          "-----END PRIVATE KEY-----",
          "-----BEGIN EC PRIVATE KEY-----",
          "-----END RSA PRIVATE KEY-----",
          "-----BEGIN PUBLIC KEY-----",
          "-----BEGIN ENCRYPTED PRIVATE KEY-----",
          "-----BEGIN CERTIFICATE-----",
          "Proc-Type: 4,ENCRYPTED\n",
          "\n",
          "=",
          "==",
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          "\"",
          "\"kty\":\"OKP\"",
          "\"kty\":\"EC\"",
          "\"kty\":\"RSA\"",
          "\"kty\":\"oct\"",
          "\"crv\":\"Ed25519\"",
          "\"crv\":\"X25519\"",
          "\"crv\":\"P-384\"",
          "\"alg\":\"PS256\"",
          "\"alg\":\"none\"",
          "\"alg\":7",
          "\"use\":\"enc\"",
          "\"d\":\"\"",
          "\"d\":null",
          "\"keys\":[",
          "\"n\":\"AQAB\"",
          "\"e\":\"AAAA\"",
          "MII",
          "AAAA",
          "ssh-ed25519 ",
          "null",
          "-",
          "_",
          "+",
          "/",
          "\u0000");

  private static List<Case> seeds() {
    List<Case> seeds = new ArrayList<>();
    for (KeyPair pair : List.of(ED25519, P256, RSA)) {
      String pem = TestKeys.pkcs8(pair);
      seeds.add(new Case(pem, Contract.pieces(body(pem), 16)));
    }
    String sec1 = TestKeys.sec1(P256);
    seeds.add(new Case(sec1, Contract.pieces(body(sec1), 16)));
    String pkcs1 = TestKeys.bcPem(RSA);
    seeds.add(new Case(pkcs1, Contract.pieces(body(pkcs1), 16)));

    byte[] pkcs8 = ED25519.getPrivate().getEncoded();
    String seed =
        JwsPublicKey.base64Url(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
    ObjectNode okp = jwk(SigningKey.parse(TestKeys.pkcs8(ED25519)).publicJwk()).put("d", seed);
    seeds.add(new Case(okp.toString(), Contract.pieces(seed, 16)));

    ECPublicKey ecPublic = (ECPublicKey) P256.getPublic();
    String d = b64(((ECPrivateKey) P256.getPrivate()).getS());
    ObjectNode ec =
        Json.MAPPER
            .createObjectNode()
            .put("kty", "EC")
            .put("crv", "P-256")
            .put("x", JwsPublicKey.base64Url(JwsPublicKey.fixed(ecPublic.getW().getAffineX(), 32)))
            .put("y", JwsPublicKey.base64Url(JwsPublicKey.fixed(ecPublic.getW().getAffineY(), 32)))
            .put("d", d);
    seeds.add(new Case(ec.toString(), Contract.pieces(d, 16)));

    RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) RSA.getPrivate();
    ObjectNode withoutCrt =
        Json.MAPPER
            .createObjectNode()
            .put("kty", "RSA")
            .put("n", b64(rsa.getModulus()))
            .put("e", b64(rsa.getPublicExponent()))
            .put("d", b64(rsa.getPrivateExponent()));
    Set<String> rsaSecrets = new HashSet<>(Contract.pieces(b64(rsa.getPrivateExponent()), 16));
    seeds.add(new Case(withoutCrt.toString(), rsaSecrets));
    ObjectNode crt =
        withoutCrt
            .deepCopy()
            .put("p", b64(rsa.getPrimeP()))
            .put("q", b64(rsa.getPrimeQ()))
            .put("dp", b64(rsa.getPrimeExponentP()))
            .put("dq", b64(rsa.getPrimeExponentQ()))
            .put("qi", b64(rsa.getCrtCoefficient()))
            .put("alg", "PS256");
    Set<String> crtSecrets = new HashSet<>(rsaSecrets);
    for (BigInteger part :
        List.of(
            rsa.getPrimeP(),
            rsa.getPrimeQ(),
            rsa.getPrimeExponentP(),
            rsa.getPrimeExponentQ(),
            rsa.getCrtCoefficient())) {
      crtSecrets.addAll(Contract.pieces(b64(part), 16));
    }
    seeds.add(new Case(crt.toString(), crtSecrets));
    seeds.add(new Case("{\"keys\":[" + ec + "]}", Contract.pieces(d, 16)));
    // A damaged 4096-bit key without CRT members: d does not belong to n.
    java.util.Random random = new java.util.Random(4096);
    String wrongD = b64(new BigInteger(4090, random).setBit(0));
    seeds.add(
        new Case(
            Json.MAPPER
                .createObjectNode()
                .put("kty", "RSA")
                .put("n", b64(new BigInteger(4096, random).setBit(4095).setBit(0)))
                .put("e", "AQAB")
                .put("d", wrongD)
                .toString(),
            Contract.pieces(wrongD, 16)));
    seeds.add(
        new Case(
            TestKeys.spki(ED25519) + TestKeys.pkcs8(ED25519),
            Contract.pieces(body(TestKeys.pkcs8(ED25519)), 16)));
    return List.copyOf(seeds);
  }

  private static ObjectNode jwk(String json) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String b64(BigInteger value) {
    return JwsPublicKey.base64Url(JwsPublicKey.unsigned(value));
  }

  private static String body(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }

  /** Keys as they come, damaged keys, and text that is no key at all. */
  static final Gen<Case> KEYS =
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
          Strings.tokens(DICTIONARY, 12).map(text -> new Case(text, Set.of())),
          Strings.any(64).map(text -> new Case(text, Set.of())));

  @Test
  @DisplayName(
      "SigningKey.parse ends in a working key or a KeyFormatException, never showing key material")
  void signingKeys() {
    Fuzz.forAll(
        600,
        KEYS,
        key -> {
          Contract.Ending<SigningKey> parsed =
              Contract.resultOr(
                  KeyFormatException.class, key.secrets(), () -> SigningKey.parse(key.text()));
          if (parsed.returned()) {
            SigningKey signing = parsed.get();
            Contract.assertNoSecret(signing.toString(), key.secrets(), "SigningKey.toString");
            assertThat(JwsPublicKey.SIGNATURE_ALGORITHMS).contains(signing.algorithm());
            assertThat(SigningKey.parse(signing.privateKeyPem()).keyId())
                .isEqualTo(signing.keyId());
          }
        });
  }

  @Test
  @DisplayName(
      "a component's key, read with its other settings, is a configuration error that shows no key material")
  void componentKeys() {
    Fuzz.forAll(
        300,
        KEYS,
        key -> {
          ComponentMetadata metadata =
              ComponentMetadata.builder("orders", "compute.http")
                  .source("orders.yaml", 3)
                  .putSecret("key", key.text())
                  .build();
          Contract.resultOr(
              ComputeConfigurationException.class,
              key.secrets(),
              () -> ProtocolSettings.from(metadata));
        });
  }
}
