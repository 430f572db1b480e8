package dev.daprcompute.api.token;

import dev.daprcompute.protocol.keys.Pem;
import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Key pairs made by the JDK, and PEM encodings of them, for tests. */
final class TestKeys {
  private TestKeys() {}

  static KeyPair generate(String algorithm) {
    try {
      return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** PKCS#8 {@code PRIVATE KEY}. */
  static String pkcs8(KeyPair pair) {
    return Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  /** SPKI {@code PUBLIC KEY}. */
  static String spki(KeyPair pair) {
    return Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  /**
   * What BouncyCastle writes for an object: {@code EC PRIVATE KEY}/{@code RSA PRIVATE KEY} for key
   * pairs.
   */
  static String bcPem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return text.toString();
  }

  /** SEC1 {@code EC PRIVATE KEY} as openssl writes it: with the curve and the public key. */
  static String sec1(KeyPair pair) {
    try {
      PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
      ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
      int bits =
          ((java.security.interfaces.ECPrivateKey) pair.getPrivate())
              .getParams()
              .getOrder()
              .bitLength();
      ECPrivateKey sec1 =
          new ECPrivateKey(
              bits,
              inner.getKey(),
              spki.getPublicKeyData(),
              pkcs8.getPrivateKeyAlgorithm().getParameters());
      return Pem.encode("EC PRIVATE KEY", sec1.getEncoded());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static final Pattern MATERIAL = Pattern.compile("[A-Za-z0-9+/_-]{12,}");

  /** Every run of base64-ish characters long enough to be key material. */
  static List<String> materialIn(String keyText) {
    List<String> runs = new ArrayList<>();
    Matcher matcher = MATERIAL.matcher(keyText);
    while (matcher.find()) {
      runs.add(matcher.group());
    }
    return runs;
  }
}
