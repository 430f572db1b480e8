package dev.daprcompute.api.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.internal.Messages;
import dev.daprcompute.protocol.keys.JwsPublicKey;
import dev.daprcompute.protocol.keys.Pem;
import dev.daprcompute.protocol.keys.UnusableKeyException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * The private key a component signs its tokens with, and everything a function needs to verify
 * them: the algorithm, the key id and the public key as PEM, JWK or JWK Set.
 *
 * <p>Ed25519 ({@code EdDSA}) is the default and the recommendation; EC P-256 keys sign {@code
 * ES256}, RSA keys of at least 2048 bits sign {@code RS256} (or {@code PS256} when a JWK says
 * {@code "alg":"PS256"}). Immutable and thread-safe. {@link #toString()} shows the algorithm and
 * key id only.
 */
public final class SigningKey {
  private static final String WHAT = "The signing key";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern BARE_BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]{40,}");
  private static final Set<String> PRIVATE_LABELS =
      Set.of(
          "PRIVATE KEY",
          "EC PRIVATE KEY",
          "RSA PRIVATE KEY",
          "ENCRYPTED PRIVATE KEY",
          "DSA PRIVATE KEY",
          "OPENSSH PRIVATE KEY");
  private static final String FORMATS =
      "Give a PKCS#8 PEM private key ('-----BEGIN PRIVATE KEY-----') or a"
          + " private JWK (a JSON object with 'd').";
  private static final String PUBLIC_HALF =
      "The component signs with the private key; the function gets" + " the public key.";
  private static final String DECRYPT_HINT =
      "The component cannot ask for a passphrase: decrypt it with"
          + " 'openssl pkey -in encrypted.pem -out key.pem' and keep the result in a secret store"
          + " (secretKeyRef).";

  private final String algorithm;
  private final JwsPublicKey publicKey;
  private final JWSSigner signer;
  private final byte[] pkcs8;

  private SigningKey(String algorithm, JwsPublicKey publicKey, JWSSigner signer, byte[] pkcs8) {
    this.algorithm = algorithm;
    this.publicKey = publicKey;
    this.signer = signer;
    this.pkcs8 = pkcs8;
    selfTest();
  }

  /**
   * Reads a private key: PKCS#8 PEM ({@code PRIVATE KEY}; {@code EC PRIVATE KEY} and {@code RSA
   * PRIVATE KEY} are tolerated) or a JWK with its private part ({@code OKP}/Ed25519, {@code
   * EC}/P-256 or {@code RSA}, each with {@code d}).
   *
   * @throws KeyFormatException saying what is wrong and how to fix it, without key material
   */
  public static SigningKey parse(String text) {
    try {
      return read(text);
    } catch (UnusableKeyException e) {
      throw new KeyFormatException(e.getMessage());
    }
  }

  private static SigningKey read(String text) {
    Objects.requireNonNull(text, "text == null");
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new UnusableKeyException(
          WHAT + " is empty. " + FORMATS + " " + JwsPublicKey.GENERATE_HINT);
    }
    if (trimmed.startsWith("{")) {
      return fromJwk(trimmed);
    }
    if (Pem.containsPem(trimmed)) {
      return fromPem(trimmed);
    }
    if (trimmed.startsWith("ssh-") || trimmed.startsWith("ecdsa-sha2-")) {
      throw new UnusableKeyException(
          WHAT
              + " is an OpenSSH public key. "
              + PUBLIC_HALF
              + " "
              + FORMATS
              + " "
              + JwsPublicKey.GENERATE_HINT);
    }
    if (BARE_BASE64.matcher(trimmed).matches()) {
      throw new UnusableKeyException(
          WHAT
              + " looks like bare base64 without PEM lines. "
              + FORMATS
              + " If this is a DER PKCS#8 key, wrap it in '-----BEGIN PRIVATE KEY-----' and"
              + " '-----END PRIVATE KEY-----' lines.");
    }
    throw new UnusableKeyException(
        WHAT
            + " is neither PEM nor a JWK. "
            + FORMATS
            + " If the metadata names a file or a secret, give its content instead. "
            + JwsPublicKey.GENERATE_HINT);
  }

  /** A new random Ed25519 key. */
  public static SigningKey generateEd25519() {
    return ed25519(new Ed25519PrivateKeyParameters(RANDOM));
  }

  /** The JWS algorithm: {@code EdDSA}, {@code ES256}, {@code RS256} or {@code PS256}. */
  public String algorithm() {
    return algorithm;
  }

  /** The key id: the RFC 7638 JWK thumbprint (base64url SHA-256) of the public key. */
  public String keyId() {
    return publicKey.thumbprint();
  }

  /** The public key as a SubjectPublicKeyInfo PEM block ({@code -----BEGIN PUBLIC KEY-----}). */
  public String publicKeyPem() {
    return publicKey.spkiPem();
  }

  /** The public key as a JWK, with {@code kid}, {@code alg} and {@code "use":"sig"}. */
  public String publicJwk() {
    return publicJwkNode().toString();
  }

  /** The public key as a JWK Set with this one key: {@code {"keys":[...]}}. */
  public String publicJwkSet() {
    ObjectNode set = Json.MAPPER.createObjectNode();
    set.putArray("keys").add(publicJwkNode());
    return set.toString();
  }

  /**
   * The private key as a PKCS#8 PEM block. Only for tools that generate keys: anything else has no
   * business reading it.
   */
  public String privateKeyPem() {
    return Pem.encode("PRIVATE KEY", pkcs8);
  }

  /** The algorithm and key id only. */
  @Override
  public String toString() {
    return "SigningKey[" + algorithm + ", kid=" + keyId() + "]";
  }

  /** The nimbus signer for this key; thread-safe. */
  JWSSigner signer() {
    return signer;
  }

  private ObjectNode publicJwkNode() {
    ObjectNode jwk = Json.MAPPER.createObjectNode();
    publicKey.jwkMembers().forEach(jwk::put);
    jwk.put("kid", keyId());
    jwk.put("alg", algorithm);
    jwk.put("use", "sig");
    return jwk;
  }

  // --- PEM ---

  private static SigningKey fromPem(String text) {
    List<Pem.Block> blocks = Pem.parse(text, WHAT);
    List<Pem.Block> keys =
        blocks.stream().filter(block -> PRIVATE_LABELS.contains(block.label())).toList();
    if (keys.isEmpty()) {
      throw notPrivate(blocks);
    }
    if (keys.size() > 1) {
      throw new UnusableKeyException(
          WHAT + " holds " + keys.size() + " private keys; give exactly one.");
    }
    Pem.Block block = keys.get(0);
    String label = block.label();
    switch (label) {
      case "ENCRYPTED PRIVATE KEY" ->
          throw new UnusableKeyException(
              WHAT + " is an encrypted PKCS#8 key (ENCRYPTED PRIVATE KEY). " + DECRYPT_HINT);
      case "OPENSSH PRIVATE KEY" ->
          throw new UnusableKeyException(
              WHAT
                  + " is in OpenSSH's own format"
                  + " (OPENSSH PRIVATE KEY), which is not PKCS#8. "
                  + JwsPublicKey.GENERATE_HINT
                  + " (ssh-keygen -p -m PKCS8 -f FILE converts an RSA or ECDSA key in place.)");
      case "DSA PRIVATE KEY" -> throw JwsPublicKey.unsupported(WHAT, "a DSA key");
      default -> {
        // PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY
      }
    }
    if (block.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
      throw new UnusableKeyException(
          WHAT + " is an encrypted " + label + " (Proc-Type: 4,ENCRYPTED). " + DECRYPT_HINT);
    }
    PrivateKeyInfo info;
    try {
      if (label.equals("EC PRIVATE KEY") || label.equals("RSA PRIVATE KEY")) {
        try (PEMParser parser = new PEMParser(new StringReader(block.text()))) {
          Object parsed = parser.readObject();
          if (!(parsed instanceof PEMKeyPair pair)) {
            throw new IOException("not a key pair");
          }
          info = pair.getPrivateKeyInfo();
        }
      } else {
        info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(block.der()));
      }
      Objects.requireNonNull(info);
    } catch (IOException | RuntimeException e) {
      throw Pem.corrupt(
          WHAT,
          label,
          "its content is not a valid " + label + " structure (the DER is damaged or cut off)");
    }
    return fromPrivateKeyInfo(info, label);
  }

  private static UnusableKeyException notPrivate(List<Pem.Block> blocks) {
    for (Pem.Block block : blocks) {
      String label = block.label();
      if (label.equals("PUBLIC KEY") || label.equals("RSA PUBLIC KEY")) {
        return new UnusableKeyException(
            WHAT
                + " is a public key ("
                + label
                + ") where a private key belongs. "
                + PUBLIC_HALF
                + " "
                + FORMATS);
      }
      if (label.contains("CERTIFICATE")) {
        return new UnusableKeyException(
            WHAT
                + " is a certificate ("
                + label
                + ") where a private key belongs. "
                + PUBLIC_HALF
                + " "
                + FORMATS);
      }
    }
    String labels = String.join(", ", blocks.stream().map(Pem.Block::label).toList());
    return new UnusableKeyException(
        WHAT + " holds PEM blocks (" + labels + ") but no private key. " + FORMATS);
  }

  private static SigningKey fromPrivateKeyInfo(PrivateKeyInfo info, String label) {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    try {
      if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
        return ed25519((Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(info));
      }
      if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        JwsPublicKey.requireP256(info.getPrivateKeyAlgorithm().getParameters(), WHAT);
        BigInteger d =
            org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
        return ecP256(d);
      }
      if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        RSAPrivateKey key =
            (RSAPrivateKey)
                KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        if (!(key instanceof RSAPrivateCrtKey crt)) {
          throw new UnusableKeyException(
              WHAT
                  + " is an RSA key without its public exponent (no CRT"
                  + " parameters). Export the full key with 'openssl pkey -in key.pem -out full.pem'.");
        }
        return rsa(crt, crt.getModulus(), crt.getPublicExponent(), "RS256");
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof UnusableKeyException known) {
        throw known;
      }
      throw Pem.corrupt(WHAT, label, "its key is damaged (the DER is not a valid key of its type)");
    }
    throw JwsPublicKey.unsupported(WHAT, JwsPublicKey.describeAlgorithm(oid));
  }

  // --- JWK ---

  private static SigningKey fromJwk(String text) {
    JsonNode jwk;
    try {
      jwk = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UnusableKeyException(
          WHAT
              + " starts with '{' but is not valid JSON (a JWK is one JSON object)."
              + " Check that the whole JWK was copied, quotes included.");
    }
    if (jwk == null || !jwk.isObject()) {
      throw new UnusableKeyException(WHAT + " is not a JSON object. " + FORMATS);
    }
    if (jwk.has("keys")) {
      throw new UnusableKeyException(
          WHAT
              + " is a JWK Set. The component needs one private JWK: give the"
              + " single key object (with 'd') from inside 'keys'.");
    }
    JwsPublicKey declared = JwsPublicKey.fromJwk(jwk, WHAT);
    JsonNode use = jwk.get("use");
    if (use != null && !"sig".equals(use.asText())) {
      throw new UnusableKeyException(
          WHAT
              + " is a JWK for use "
              + Messages.joseName(use.asText(), "other than signing")
              + "; tokens need a signing key (\"use\":\"sig\", or no 'use').");
    }
    if (!jwk.has("d")) {
      throw new UnusableKeyException(
          WHAT
              + " is a public JWK (it has no 'd'). "
              + PUBLIC_HALF
              + " Give the private JWK, with 'd'.");
    }
    String algorithm = defaultAlgorithm(declared.type());
    JsonNode alg = jwk.get("alg");
    if (alg != null) {
      if (!alg.isTextual() || !declared.algorithms().contains(alg.textValue())) {
        throw new UnusableKeyException(
            WHAT
                + " is "
                + declared.describe()
                + " whose JWK names the algorithm "
                + Messages.joseName(alg.asText(), "wrongly")
                + "; that key signs "
                + String.join(" or ", declared.algorithms().stream().sorted().toList())
                + ". Fix or remove 'alg'.");
      }
      algorithm = alg.textValue();
    }
    byte[] d = JwsPublicKey.bytes(jwk, "d", WHAT);
    SigningKey key =
        switch (declared.type()) {
          case ED25519 -> {
            if (d.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
              throw new UnusableKeyException(
                  WHAT + " is an Ed25519 JWK whose 'd' is not 32 bytes.");
            }
            yield ed25519(new Ed25519PrivateKeyParameters(d));
          }
          case EC_P256 -> ecP256(new BigInteger(1, d));
          case RSA -> rsaFromJwk(jwk, declared, new BigInteger(1, d), algorithm);
        };
    if (!key.publicKey.equals(declared)) {
      throw new UnusableKeyException(
          WHAT
              + " is a JWK whose public members do not belong to its private"
              + " member 'd' (a mix of two keys?). Export the key again.");
    }
    return key;
  }

  private static SigningKey rsaFromJwk(
      JsonNode jwk, JwsPublicKey declared, BigInteger d, String algorithm) {
    BigInteger n = new BigInteger(1, JwsPublicKey.bytes(jwk, "n", WHAT));
    BigInteger e = new BigInteger(1, JwsPublicKey.bytes(jwk, "e", WHAT));
    // A damaged member can be far larger than n (a part pasted twice): signing with it would take
    // minutes. d is below n, the factors multiply to n, the CRT exponents and coefficient are below
    // them.
    UnusableKeyException invalid =
        new UnusableKeyException(
            WHAT
                + " is "
                + declared.describe()
                + " JWK whose private"
                + " members do not form a valid key. Export the key again.");
    if (d.compareTo(n) >= 0) {
      throw invalid;
    }
    KeySpec spec;
    if (jwk.has("p") && jwk.has("q") && jwk.has("dp") && jwk.has("dq") && jwk.has("qi")) {
      BigInteger p = new BigInteger(1, JwsPublicKey.bytes(jwk, "p", WHAT));
      BigInteger q = new BigInteger(1, JwsPublicKey.bytes(jwk, "q", WHAT));
      BigInteger dp = new BigInteger(1, JwsPublicKey.bytes(jwk, "dp", WHAT));
      BigInteger dq = new BigInteger(1, JwsPublicKey.bytes(jwk, "dq", WHAT));
      BigInteger qi = new BigInteger(1, JwsPublicKey.bytes(jwk, "qi", WHAT));
      if (p.bitLength() + q.bitLength() > n.bitLength() + 1
          || !p.multiply(q).equals(n)
          || dp.compareTo(p) >= 0
          || dq.compareTo(q) >= 0
          || qi.compareTo(p) >= 0) {
        throw invalid;
      }
      spec = new RSAPrivateCrtKeySpec(n, e, d, p, q, dp, dq, qi);
    } else {
      spec = crtFromExponents(n, e, d);
    }
    try {
      RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(spec);
      return rsa(key, n, e, algorithm);
    } catch (GeneralSecurityException ex) {
      throw new UnusableKeyException(
          WHAT
              + " is "
              + declared.describe()
              + " JWK whose private members do not"
              + " form a valid key. Export the key again.");
    }
  }

  /**
   * The CRT form of a key given only as (n, e, d), as JWKs may be: the factors follow from
   * d&middot;e - 1 (NIST SP 800-56B, appendix C). The full form signs faster and exports complete
   * PKCS#8. Without a factorisation, (n, d) alone; the self-test then judges the key.
   */
  private static KeySpec crtFromExponents(BigInteger n, BigInteger e, BigInteger d) {
    // One round trip first: when d does not belong to (n, e), as in a damaged copy, factoring would
    // try
    // every g below, each a full-size modPow (35 s for a damaged 8192-bit key).
    BigInteger two = BigInteger.TWO.mod(n);
    if (!two.modPow(e, n).modPow(d, n).equals(two)) {
      throw inconsistent();
    }
    BigInteger k = d.multiply(e).subtract(BigInteger.ONE);
    if (k.signum() > 0 && !k.testBit(0)) {
      int s = k.getLowestSetBit();
      BigInteger t = k.shiftRight(s);
      BigInteger minusOne = n.subtract(BigInteger.ONE);
      for (int g = 2; g < 200; g++) {
        BigInteger x = BigInteger.valueOf(g).modPow(t, n);
        for (int i = 0; i < s && !x.equals(BigInteger.ONE) && !x.equals(minusOne); i++) {
          BigInteger y = x.multiply(x).mod(n);
          if (y.equals(BigInteger.ONE)) {
            BigInteger p = x.subtract(BigInteger.ONE).gcd(n);
            BigInteger q = n.divide(p);
            if (p.compareTo(q) < 0) {
              BigInteger swap = p;
              p = q;
              q = swap;
            }
            return new RSAPrivateCrtKeySpec(
                n,
                e,
                d,
                p,
                q,
                d.mod(p.subtract(BigInteger.ONE)),
                d.mod(q.subtract(BigInteger.ONE)),
                q.modInverse(p));
          }
          x = y;
        }
      }
    }
    return new RSAPrivateKeySpec(n, d);
  }

  private static String defaultAlgorithm(JwsPublicKey.Type type) {
    return switch (type) {
      case ED25519 -> "EdDSA";
      case EC_P256 -> "ES256";
      case RSA -> "RS256";
    };
  }

  // --- construction ---

  private static SigningKey ed25519(Ed25519PrivateKeyParameters key) {
    JwsPublicKey publicKey = JwsPublicKey.ed25519(key.generatePublicKey());
    byte[] pkcs8;
    try {
      pkcs8 =
          new PrivateKeyInfo(
                  new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                  new DEROctetString(key.getEncoded()))
              .getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an Ed25519 private key", e);
    }
    return new SigningKey("EdDSA", publicKey, new BcEd25519JwsSigner(key), pkcs8);
  }

  private static SigningKey ecP256(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(JwsPublicKey.p256().getN()) >= 0) {
      throw new UnusableKeyException(
          WHAT + " is not a valid EC P-256 private key (its scalar is out of range).");
    }
    ECPoint q = JwsPublicKey.p256().getG().multiply(d).normalize();
    JwsPublicKey publicKey =
        JwsPublicKey.ecP256(
            q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger(), WHAT);
    try {
      ECPrivateKey key =
          (ECPrivateKey)
              KeyFactory.getInstance("EC")
                  .generatePrivate(new ECPrivateKeySpec(d, JwsPublicKey.p256Spec()));
      return new SigningKey("ES256", publicKey, new ECDSASigner(key), key.getEncoded());
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("this JDK cannot sign ES256", e);
    }
  }

  private static SigningKey rsa(
      RSAPrivateKey key, BigInteger modulus, BigInteger exponent, String algorithm) {
    JwsPublicKey publicKey = JwsPublicKey.rsa(modulus, exponent, WHAT);
    return new SigningKey(algorithm, publicKey, new RSASSASigner(key), key.getEncoded());
  }

  /** Signs and verifies once: catches a private half that does not match its public half. */
  private void selfTest() {
    byte[] input = "dapr-compute key check".getBytes(StandardCharsets.US_ASCII);
    boolean valid;
    try {
      byte[] signature = signer.sign(new JWSHeader(JWSAlgorithm.parse(algorithm)), input).decode();
      valid = publicKey.verify(algorithm, input, signature);
    } catch (JOSEException | RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw inconsistent();
    }
  }

  private static UnusableKeyException inconsistent() {
    return new UnusableKeyException(
        WHAT
            + " is inconsistent: a signature made with it does not verify"
            + " with its own public key (a mix of two keys?). Export the key again or generate a new one.");
  }
}
