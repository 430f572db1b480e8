package dev.daprcompute.api.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.protocol.keys.JwsPublicKey;
import dev.daprcompute.protocol.keys.Pem;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KeyPair ed25519;
  private static KeyPair p256;
  private static KeyPair rsa2048;

  @BeforeAll
  static void keys() {
    ed25519 = TestKeys.generate("Ed25519");
    p256 = TestKeys.ec("secp256r1");
    rsa2048 = TestKeys.rsa(2048);
  }

  @Nested
  class Parsing {
    @Test
    void an_Ed25519_PKCS8_key_from_the_JDK_signs_EdDSA() {
      SigningKey key = SigningKey.parse(TestKeys.pkcs8(ed25519));

      assertThat(key.algorithm()).isEqualTo("EdDSA");
      assertThat(pemDer(key.publicKeyPem())).isEqualTo(ed25519.getPublic().getEncoded());
    }

    @Test
    void an_EC_P256_PKCS8_key_signs_ES256() {
      SigningKey key = SigningKey.parse(TestKeys.pkcs8(p256));

      assertThat(key.algorithm()).isEqualTo("ES256");
      assertThat(pemDer(key.publicKeyPem())).isEqualTo(p256.getPublic().getEncoded());
    }

    @Test
    void an_RSA_PKCS8_key_signs_RS256() {
      SigningKey key = SigningKey.parse(TestKeys.pkcs8(rsa2048));

      assertThat(key.algorithm()).isEqualTo("RS256");
      assertThat(pemDer(key.publicKeyPem())).isEqualTo(rsa2048.getPublic().getEncoded());
    }

    @Test
    void EC_PRIVATE_KEY_and_RSA_PRIVATE_KEY_blocks_are_tolerated() {
      String sec1 = TestKeys.sec1(p256);
      String pkcs1 = TestKeys.bcPem(rsa2048);
      assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");
      assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");

      assertThat(SigningKey.parse(sec1).keyId())
          .isEqualTo(SigningKey.parse(TestKeys.pkcs8(p256)).keyId());
      assertThat(SigningKey.parse(pkcs1).keyId())
          .isEqualTo(SigningKey.parse(TestKeys.pkcs8(rsa2048)).keyId());
    }

    @Test
    void EC_PARAMETERS_before_the_key_and_text_around_it_are_ignored() {
      String openssl =
          "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
              + TestKeys.sec1(p256)
              + "trailing words\n";

      assertThat(SigningKey.parse(openssl).algorithm()).isEqualTo("ES256");
    }

    @Test
    void a_key_with_its_certificate_in_one_file_is_read() throws Exception {
      String bundle = TestKeys.pkcs8(p256) + TestKeys.bcPem(certificate(p256));

      assertThat(SigningKey.parse(bundle).algorithm()).isEqualTo("ES256");
    }

    @Test
    void a_generated_key_reads_back_from_its_private_PEM() {
      SigningKey key = SigningKey.generateEd25519();

      SigningKey again = SigningKey.parse(key.privateKeyPem());

      assertThat(again.keyId()).isEqualTo(key.keyId());
      assertThat(again.publicKeyPem()).isEqualTo(key.publicKeyPem());
      assertThat(SigningKey.generateEd25519().keyId()).isNotEqualTo(key.keyId());
    }

    @Test
    void the_generated_private_PEM_is_PKCS8_the_JDK_reads() throws Exception {
      SigningKey key = SigningKey.generateEd25519();

      java.security.PrivateKey jdkPrivate =
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(
                  new java.security.spec.PKCS8EncodedKeySpec(pemDer(key.privateKeyPem())));
      java.security.PublicKey jdkPublic =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(pemDer(key.publicKeyPem())));
      assertThat(jdkPrivate.getAlgorithm()).isIn("EdDSA", "Ed25519");

      // The JDK's reading of the private PEM signs what the public PEM verifies: one key pair ...
      byte[] message = "dapr-compute".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.security.Signature signing = java.security.Signature.getInstance("Ed25519");
      signing.initSign(jdkPrivate);
      signing.update(message);
      java.security.Signature verifying = java.security.Signature.getInstance("Ed25519");
      verifying.initVerify(jdkPublic);
      verifying.update(message);
      assertThat(verifying.verify(signing.sign()))
          .as("a signature of the JDK-read private key")
          .isTrue();
      // ... and the one the key signs tokens with.
      String[] token = new TokenSigner(key).token("fn", null).split("\\.");
      verifying.initVerify(jdkPublic);
      verifying.update(
          (token[0] + "." + token[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(verifying.verify(Base64.getUrlDecoder().decode(token[2])))
          .as("a token the key signed")
          .isTrue();
      assertThat(SigningKey.parse(key.privateKeyPem()).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void an_Ed25519_JWK_with_d() throws Exception {
      OctetKeyPair jwk = ed25519Jwk();

      SigningKey key = SigningKey.parse(jwk.toJSONString());

      assertThat(key.algorithm()).isEqualTo("EdDSA");
      assertThat(key.keyId()).isEqualTo(jwk.toPublicJWK().computeThumbprint().toString());
    }

    @Test
    void an_EC_P256_JWK_with_d() throws Exception {
      ECKey jwk =
          new ECKey.Builder(Curve.P_256, (ECPublicKey) p256.getPublic())
              .privateKey((ECPrivateKey) p256.getPrivate())
              .build();

      SigningKey key = SigningKey.parse(jwk.toJSONString());

      assertThat(key.algorithm()).isEqualTo("ES256");
      assertThat(key.keyId()).isEqualTo(jwk.toPublicJWK().computeThumbprint().toString());
    }

    @Test
    void an_RSA_JWK_with_d() throws Exception {
      RSAKey jwk = rsaJwk(rsa2048);

      SigningKey key = SigningKey.parse(jwk.toJSONString());

      assertThat(key.algorithm()).isEqualTo("RS256");
      assertThat(key.keyId()).isEqualTo(jwk.toPublicJWK().computeThumbprint().toString());
    }

    @Test
    void an_RSA_JWK_without_CRT_members_and_one_asking_for_PS256() throws Exception {
      ObjectNode jwk = (ObjectNode) JSON.readTree(rsaJwk(rsa2048).toJSONString());
      jwk.remove(List.of("p", "q", "dp", "dq", "qi"));
      jwk.put("alg", "PS256");

      SigningKey key = SigningKey.parse(jwk.toString());

      assertThat(key.algorithm()).isEqualTo("PS256");
      assertThat(key.keyId()).isEqualTo(SigningKey.parse(TestKeys.pkcs8(rsa2048)).keyId());
      assertThat(SigningKey.parse(key.privateKeyPem()).keyId())
          .as("exports complete PKCS#8")
          .isEqualTo(key.keyId());
    }

    @Test
    void surrounding_whitespace_and_CRLF_are_ignored() {
      assertThat(SigningKey.parse("\n  " + TestKeys.pkcs8(ed25519) + "\n\n").algorithm())
          .isEqualTo("EdDSA");
      assertThat(SigningKey.parse(TestKeys.pkcs8(p256).replace("\n", "\r\n")).algorithm())
          .isEqualTo("ES256");
    }
  }

  @Nested
  class KeyId {
    @Test
    void is_the_RFC_7638_thumbprint_nimbus_computes_for_every_key_type() throws Exception {
      for (KeyPair pair : List.of(ed25519, p256, rsa2048)) {
        SigningKey key = SigningKey.parse(TestKeys.pkcs8(pair));

        JWK publicJwk = JWK.parse(key.publicJwk());

        assertThat(key.keyId()).isEqualTo(publicJwk.computeThumbprint().toString());
        assertThat(key.keyId()).matches("[A-Za-z0-9_-]{43}");
      }
    }

    @Test
    void matches_the_RFC_7638_section_3_1_example() throws Exception {
      JsonNode jwk =
          JSON.readTree(
              "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4"
                  + "cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6C"
                  + "f0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTW"
                  + "hAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\","
                  + "\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}");

      assertThat(JwsPublicKey.fromJwk(jwk, "test").thumbprint())
          .isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }
  }

  @Nested
  class PublicForms {
    @Test
    void the_public_JWK_has_the_public_members_kid_alg_and_use_but_no_d() throws Exception {
      SigningKey key = SigningKey.parse(TestKeys.pkcs8(p256));

      JsonNode jwk = JSON.readTree(key.publicJwk());

      assertThat(jwk.get("kty").asText()).isEqualTo("EC");
      assertThat(jwk.get("crv").asText()).isEqualTo("P-256");
      assertThat(jwk.has("x")).isTrue();
      assertThat(jwk.has("y")).isTrue();
      assertThat(jwk.has("d")).isFalse();
      assertThat(jwk.get("kid").asText()).isEqualTo(key.keyId());
      assertThat(jwk.get("alg").asText()).isEqualTo("ES256");
      assertThat(jwk.get("use").asText()).isEqualTo("sig");
      assertThat(JWK.parse(key.publicJwk()).toECKey().toECPublicKey()).isEqualTo(p256.getPublic());
    }

    @Test
    void the_Ed25519_public_JWK_is_OKP() throws Exception {
      SigningKey key = SigningKey.parse(TestKeys.pkcs8(ed25519));

      JsonNode jwk = JSON.readTree(key.publicJwk());

      assertThat(jwk.get("kty").asText()).isEqualTo("OKP");
      assertThat(jwk.get("crv").asText()).isEqualTo("Ed25519");
      assertThat(Base64.getUrlDecoder().decode(jwk.get("x").asText())).hasSize(32);
      assertThat(jwk.get("alg").asText()).isEqualTo("EdDSA");
    }

    @Test
    void the_public_JWK_Set_holds_the_one_public_key() throws Exception {
      SigningKey key = SigningKey.parse(TestKeys.pkcs8(rsa2048));

      JWKSet set = JWKSet.parse(key.publicJwkSet());

      assertThat(set.getKeys()).hasSize(1);
      assertThat(set.getKeys().get(0).getKeyID()).isEqualTo(key.keyId());
      assertThat(set.getKeys().get(0).isPrivate()).isFalse();
      assertThat(set.getKeys().get(0).toRSAKey().toRSAPublicKey()).isEqualTo(rsa2048.getPublic());
    }

    @Test
    void toString_shows_algorithm_and_kid_only() {
      SigningKey key = SigningKey.parse(TestKeys.pkcs8(ed25519));

      assertThat(key.toString()).isEqualTo("SigningKey[EdDSA, kid=" + key.keyId() + "]");
    }
  }

  @Nested
  @DisplayName("bad keys give a KeyFormatException that says what to do and shows no key material")
  class BadKeys {
    @Test
    void not_PEM_or_JWK_at_all() {
      assertRejected(
          "this is not a key", "neither PEM nor a JWK", "openssl genpkey -algorithm ed25519");
      assertRejected("   ", "is empty", "PKCS#8");
    }

    @Test
    void bare_base64_without_PEM_lines() {
      String bare = Base64.getEncoder().encodeToString(ed25519.getPrivate().getEncoded());
      assertRejected(bare, "bare base64", "-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void corrupt_base64_in_the_body() {
      String pem = TestKeys.pkcs8(rsa2048);
      int body = pem.indexOf('\n') + 10;
      String corrupt = pem.substring(0, body) + "*" + pem.substring(body + 1);
      assertRejected(corrupt, "corrupt PEM block 'PRIVATE KEY'", "Copy the whole file again");
    }

    @Test
    void truncated_DER() {
      byte[] der = rsa2048.getPrivate().getEncoded();
      byte[] cut = java.util.Arrays.copyOf(der, der.length / 2 / 3 * 3);
      assertRejected(
          Pem.encode("PRIVATE KEY", cut), "corrupt PEM block 'PRIVATE KEY'", "damaged or cut off");
    }

    @Test
    void a_missing_END_line() {
      String pem = TestKeys.pkcs8(ed25519);
      assertRejected(
          pem.substring(0, pem.indexOf("-----END")), "cut off", "Copy the whole file again");
    }

    @Test
    void a_public_key_where_the_private_key_belongs() {
      assertRejected(
          TestKeys.spki(ed25519),
          "public key (PUBLIC KEY) where a private key belongs",
          "the function gets the public key");
      assertRejected(
          SigningKey.generateEd25519().publicJwk(),
          "public JWK (it has no 'd')",
          "the function gets the public key");
      assertRejected(
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDHfB3S8ZdoOuOOjHZWeoZDeaZvU7hGDmeqXQ2Ab1cDE me@host",
          "OpenSSH public key",
          "the function gets the public key");
    }

    @Test
    void a_certificate_where_the_private_key_belongs() throws Exception {
      assertRejected(
          TestKeys.bcPem(certificate(p256)),
          "certificate (CERTIFICATE)",
          "the function gets the public key");
    }

    @Test
    void EC_P384() {
      KeyPair p384 = TestKeys.ec("secp384r1");
      assertRejected(
          TestKeys.pkcs8(p384), "EC key on curve secp384r1 (ES256 needs P-256)", "ed25519");
      assertRejected(TestKeys.sec1(p384), "secp384r1", "ed25519");
      assertRejected(TestKeys.bcPem(p384), "does not name its curve", "ed25519");
    }

    @Test
    void an_EC_P384_JWK() throws Exception {
      KeyPair p384 = TestKeys.ec("secp384r1");
      String jwk =
          new ECKey.Builder(Curve.P_384, (ECPublicKey) p384.getPublic())
              .privateKey((ECPrivateKey) p384.getPrivate())
              .build()
              .toJSONString();
      assertRejected(jwk, "an EC P-384 key", "ed25519");
    }

    @Test
    void DSA() {
      assertRejected(TestKeys.pkcs8(TestKeys.generate("DSA")), "a DSA key", "ed25519");
    }

    @Test
    void X25519_is_for_key_agreement() {
      assertRejected(
          TestKeys.pkcs8(TestKeys.generate("X25519")),
          "X25519 key (for key agreement, not signatures)",
          "ed25519");
    }

    @Test
    void Ed448() {
      assertRejected(TestKeys.pkcs8(TestKeys.generate("Ed448")), "an Ed448 key", "ed25519");
    }

    @Test
    void RSA_below_2048_bits() throws Exception {
      KeyPair rsa1024 = TestKeys.rsa(1024);
      assertRejected(TestKeys.pkcs8(rsa1024), "RSA key of 1024 bits", "at least 2048 bits");
      assertRejected(rsaJwk(rsa1024).toJSONString(), "RSA key of 1024 bits", "at least 2048 bits");
    }

    @Test
    void OpenSSH_private_key_format() throws Exception {
      byte[] blob =
          OpenSSHPrivateKeyUtil.encodePrivateKey(
              new Ed25519PrivateKeyParameters(new SecureRandom()));
      assertRejected(
          Pem.encode("OPENSSH PRIVATE KEY", blob), "OpenSSH's own format", "openssl genpkey");
    }

    @Test
    void encrypted_PKCS8() throws Exception {
      JcaPKCS8Generator generator =
          new JcaPKCS8Generator(
              p256.getPrivate(),
              new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                  .setProvider(new BouncyCastleProvider())
                  .setPassword("secret".toCharArray())
                  .build());
      assertRejected(
          TestKeys.bcPem(generator), "encrypted PKCS#8 key", "openssl pkey -in encrypted.pem");
    }

    @Test
    void encrypted_traditional_PEM() throws Exception {
      JcaMiscPEMGenerator generator =
          new JcaMiscPEMGenerator(
              rsa2048.getPrivate(),
              new JcePEMEncryptorBuilder("AES-128-CBC")
                  .setProvider(new BouncyCastleProvider())
                  .build("secret".toCharArray()));
      assertRejected(
          TestKeys.bcPem(generator), "encrypted RSA PRIVATE KEY", "openssl pkey -in encrypted.pem");
    }

    @Test
    void two_private_keys() {
      assertRejected(
          TestKeys.pkcs8(ed25519) + TestKeys.pkcs8(p256), "2 private keys", "exactly one");
    }

    @Test
    void JWK_problems() throws Exception {
      OctetKeyPair okp = ed25519Jwk();
      String d = okp.getD().toString();

      assertRejected(
          "{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"}",
          "symmetric JWK",
          "openssl genpkey");
      assertRejected(
          "{\"keys\":[" + okp.toJSONString() + "]}", "is a JWK Set", "single key object");
      assertRejected(
          "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"" + d + "\",",
          "not valid JSON",
          "whole JWK");
      assertRejected(
          "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" + okp.getX() + "\",\"d\":\"" + d + "\"}",
          "X25519",
          "openssl genpkey");
      assertRejected(
          "{\"crv\":\"Ed25519\",\"x\":\"" + okp.getX() + "\",\"d\":\"" + d + "\"}",
          "without the required member 'kty'",
          "kty");
      assertRejected(
          "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
              + okp.getX()
              + "\",\"d\":\""
              + d
              + "\",\"alg\":\"ES256\"}",
          "the algorithm 'ES256'",
          "Fix or remove 'alg'");
      assertRejected(
          "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
              + okp.getX()
              + "\",\"d\":\""
              + d
              + "\",\"use\":\"enc\"}",
          "use 'enc'",
          "\"use\":\"sig\"");
      assertRejected(
          "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
              + okp.getX()
              + "\",\"d\":\""
              + d
              + "=x\"}",
          "'d' is not base64url",
          "base64");
    }

    @Test
    void key_material_in_the_use_alg_kty_or_crv_member_is_not_shown() {
      // Found by KeyPropertiesTest: a damaged JWK whose 'use' held part of 'd' had it quoted in the
      // message.
      OctetKeyPair okp = ed25519Jwk();
      String piece = okp.getD().toString().substring(0, 20);
      String x = "\"x\":\"" + okp.getX() + "\"";
      assertRejected(
          "{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," + x + ",\"use\":\"" + piece + "\"}",
          "for use other than signing",
          "\"use\":\"sig\"");
      assertRejected(
          "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
              + x
              + ",\"d\":\""
              + okp.getD()
              + "\",\"alg\":\""
              + piece
              + "\"}",
          "names the algorithm wrongly",
          "Fix or remove 'alg'");
      assertRejected(
          "{\"kty\":\"" + piece + "\"," + x + "}", "kty unknown to JOSE", "openssl genpkey");
      assertRejected(
          "{\"kty\":\"OKP\",\"crv\":\"" + piece + "\"," + x + "}",
          "curve unknown to JOSE",
          "openssl genpkey");
      assertRejected(
          "{\"kty\":\"EC\",\"crv\":\"" + piece + "\"," + x + "}",
          "a curve unknown to JOSE",
          "openssl genpkey");
    }

    @Test
    void a_large_RSA_JWK_whose_d_does_not_belong_to_n_is_rejected_without_trying_to_factor_n() {
      // Found by KeyPropertiesTest: a damaged 8192-bit JWK without its CRT members took 35 s (every
      // one of 198 attempts to factor n was a full-size modPow); 4096 bits took 10 s.
      java.util.Random random = new java.util.Random(7);
      BigInteger n = new BigInteger(8192, random).setBit(8191).setBit(0);
      BigInteger d = new BigInteger(8180, random).setBit(0);
      String jwk =
          "{\"kty\":\"RSA\",\"n\":\"" + b64(n) + "\",\"e\":\"AQAB\",\"d\":\"" + b64(d) + "\"}";
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          java.time.Duration.ofSeconds(10),
          () -> assertRejected(jwk, "is inconsistent", "Export the key again"));
    }

    @Test
    void an_RSA_JWK_with_a_member_far_larger_than_n_is_rejected_at_once() {
      // Found by KeyPropertiesTest: a 'q' of 17,534 characters (a part pasted many times) went into
      // the
      // key, and signing the self-test with it ran for minutes.
      java.security.interfaces.RSAPrivateCrtKey rsa =
          (java.security.interfaces.RSAPrivateCrtKey) TestKeys.rsa(2048).getPrivate();
      String q = b64(rsa.getPrimeQ());
      String jwk =
          "{\"kty\":\"RSA\",\"n\":\""
              + b64(rsa.getModulus())
              + "\",\"e\":\"AQAB\",\"d\":\""
              + b64(rsa.getPrivateExponent())
              + "\",\"p\":\""
              + b64(rsa.getPrimeP())
              + "\",\"q\":\""
              + q.repeat(100)
              + "\",\"dp\":\""
              + b64(rsa.getPrimeExponentP())
              + "\",\"dq\":\""
              + b64(rsa.getPrimeExponentQ())
              + "\",\"qi\":\""
              + b64(rsa.getCrtCoefficient())
              + "\"}";
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          java.time.Duration.ofSeconds(10),
          () ->
              assertRejected(
                  jwk, "private members do not form a valid key", "Export the key again"));
    }

    @Test
    void a_JWK_mixing_two_keys() {
      OctetKeyPair one = ed25519Jwk();
      OctetKeyPair two = ed25519Jwk();
      String mixed =
          "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
              + one.getX()
              + "\",\"d\":\""
              + two.getD()
              + "\"}";
      assertRejected(mixed, "do not belong to its private member 'd'", "Export the key again");
    }

    @Test
    void an_RSA_JWK_whose_d_does_not_match() throws Exception {
      ObjectNode jwk = (ObjectNode) JSON.readTree(rsaJwk(rsa2048).toJSONString());
      jwk.remove(List.of("p", "q", "dp", "dq", "qi"));
      jwk.put("d", Base64URL.encode(BigInteger.valueOf(65537).pow(40)).toString());
      assertRejected(jwk.toString(), "inconsistent", "Export the key again");
    }
  }

  // --- helpers ---

  static void assertRejected(String keyText, String what, String fix) {
    assertThatThrownBy(() -> SigningKey.parse(keyText))
        .isInstanceOf(KeyFormatException.class)
        .isInstanceOf(
            ComputeConfigurationException.class) // one root: a configuration problem like any other
        .satisfies(
            e -> {
              String message = e.getMessage();
              assertThat(message).as("the message says what is wrong").contains(what);
              assertThat(message).as("the message says how to fix it").containsIgnoringCase(fix);
              for (String material : TestKeys.materialIn(keyText)) {
                assertThat(message.contains(material))
                    .as("the message contains key material")
                    .isFalse();
              }
              assertThat(e.getCause()).isNull();
            });
  }

  static byte[] pemDer(String pem) {
    return Pem.parse(pem, "test").get(0).der();
  }

  static OctetKeyPair ed25519Jwk() {
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
    return new OctetKeyPair.Builder(
            Curve.Ed25519, Base64URL.encode(key.generatePublicKey().getEncoded()))
        .d(Base64URL.encode(key.getEncoded()))
        .build();
  }

  static RSAKey rsaJwk(KeyPair pair) {
    return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
        .privateKey((RSAPrivateKey) pair.getPrivate())
        .build();
  }

  static java.security.cert.X509Certificate certificate(KeyPair pair) throws Exception {
    X500Name name = new X500Name("CN=dapr-compute test");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new JcaX509CertificateConverter()
        .getCertificate(
            new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.ONE,
                    Date.from(now),
                    Date.from(now.plus(1, ChronoUnit.DAYS)),
                    name,
                    pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }

  static String b64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
