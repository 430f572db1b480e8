package dev.daprcompute.function.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.keys.Pem;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;

/**
 * A key pair made by the JDK, the {@link SigningKey} the component would parse from it, and a raw
 * signer for forging tokens by hand.
 */
record TestKey(String algorithm, KeyPair pair, SigningKey signingKey) {
  static TestKey ed25519() {
    KeyPair pair = generate("Ed25519", null);
    return new TestKey("EdDSA", pair, SigningKey.parse(pkcs8(pair)));
  }

  static TestKey es256() {
    KeyPair pair = generate("EC", 256);
    return new TestKey("ES256", pair, SigningKey.parse(pkcs8(pair)));
  }

  static TestKey rs256() {
    KeyPair pair = generate("RSA", 2048);
    return new TestKey("RS256", pair, SigningKey.parse(pkcs8(pair)));
  }

  /** An RSA key whose private JWK says {@code "alg":"PS256"}. */
  static TestKey ps256() {
    KeyPair pair = generate("RSA", 2048);
    RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
    ObjectNode jwk =
        new ObjectMapper()
            .createObjectNode()
            .put("kty", "RSA")
            .put("n", b64(key.getModulus()))
            .put("e", b64(key.getPublicExponent()))
            .put("d", b64(key.getPrivateExponent()))
            .put("alg", "PS256");
    return new TestKey("PS256", pair, SigningKey.parse(jwk.toString()));
  }

  String kid() {
    return signingKey.keyId();
  }

  String publicKeyPem() {
    return signingKey.publicKeyPem();
  }

  String privateKeyPem() {
    return pkcs8(pair);
  }

  /** Signs {@code input} with {@code algorithm}, whatever the token's header says. */
  byte[] sign(String algorithm, byte[] input) {
    try {
      PrivateKey key = pair.getPrivate();
      Signature signature =
          switch (algorithm) {
            case "EdDSA" -> Signature.getInstance("Ed25519");
            case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case "RS256" -> Signature.getInstance("SHA256withRSA");
            case "PS256" -> {
              Signature pss = Signature.getInstance("RSASSA-PSS");
              pss.setParameter(
                  new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
              yield pss;
            }
            default -> throw new IllegalArgumentException(algorithm);
          };
      signature.initSign(key);
      signature.update(input);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String pkcs8(KeyPair pair) {
    return Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  private static KeyPair generate(String algorithm, Integer size) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else if (size != null) {
        generator.initialize(size);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static String b64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return algorithm;
  }
}
