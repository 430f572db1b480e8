package dev.daprcompute.protocol.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.protocol.internal.Messages;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECCurve;
import org.jspecify.annotations.Nullable;

/**
 * A public key that can verify dapr-compute tokens: Ed25519, EC P-256 or RSA of at least 2048 bits.
 * Immutable and thread-safe. Knows its JWK members and RFC 7638 thumbprint, reads SPKI and JWK, and
 * verifies signatures (Ed25519 with BouncyCastle, the others with the JDK).
 */
public final class JwsPublicKey {
  /** Every JWS algorithm a dapr-compute token may use. Never {@code none}, never HMAC. */
  public static final Set<String> SIGNATURE_ALGORITHMS = Set.of("EdDSA", "ES256", "RS256", "PS256");

  /** The smallest RSA modulus accepted. */
  public static final int MIN_RSA_BITS = 2048;

  /** How to get a good key, appended to messages about unsupported keys. */
  public static final String GENERATE_HINT =
      "Generate an Ed25519 key (recommended) with"
          + " 'openssl genpkey -algorithm ed25519 -out key.pem', or use an EC P-256 key (ES256) or an RSA key"
          + " of at least 2048 bits (RS256).";

  /** The key types. */
  @SuppressWarnings("ImmutableEnumChecker") // algorithms is a Set.of, which cannot be modified
  public enum Type {
    ED25519("an Ed25519 key", Set.of("EdDSA")),
    EC_P256("an EC P-256 key", Set.of("ES256")),
    RSA("an RSA key", Set.of("RS256", "PS256"));

    private final String description;
    private final Set<String> algorithms;

    Type(String description, Set<String> algorithms) {
      this.description = description;
      this.algorithms = algorithms;
    }

    /** The JWS algorithms this type of key can verify. */
    public Set<String> algorithms() {
      return algorithms;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  // RFC 8410's algorithm identifiers, written here: BouncyCastle keeps its constants in bcutil,
  // which the function side does not need otherwise.
  private static final ASN1ObjectIdentifier ID_X25519 = new ASN1ObjectIdentifier("1.3.101.110");
  private static final ASN1ObjectIdentifier ID_X448 = new ASN1ObjectIdentifier("1.3.101.111");
  private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
  private static final ASN1ObjectIdentifier ID_ED448 = new ASN1ObjectIdentifier("1.3.101.113");

  private static final X9ECParameters P256 =
      ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1);
  private static final ECParameterSpec P256_SPEC = jdkP256();

  private final Type type;
  private final @Nullable Ed25519PublicKeyParameters ed25519;
  private final @Nullable PublicKey jdkKey;
  private final Map<String, String> members;
  private final String thumbprint;
  private final int bits;

  private JwsPublicKey(
      Type type,
      @Nullable Ed25519PublicKeyParameters ed25519,
      @Nullable PublicKey jdkKey,
      Map<String, String> members,
      int bits) {
    this.type = type;
    this.ed25519 = ed25519;
    this.jdkKey = jdkKey;
    this.members = members;
    this.bits = bits;
    this.thumbprint = thumbprint(members);
  }

  /** An Ed25519 key from its BouncyCastle form. */
  public static JwsPublicKey ed25519(Ed25519PublicKeyParameters key) {
    Map<String, String> members = new LinkedHashMap<>();
    members.put("kty", "OKP");
    members.put("crv", "Ed25519");
    members.put("x", base64Url(key.getEncoded()));
    return new JwsPublicKey(Type.ED25519, key, null, Collections.unmodifiableMap(members), 256);
  }

  /** An Ed25519 key from its 32 raw bytes. */
  public static JwsPublicKey ed25519(byte[] raw, String what) {
    if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new UnusableKeyException(
          what
              + " is not a valid Ed25519 public key: it has "
              + raw.length
              + " bytes instead of 32.");
    }
    try {
      return ed25519(new Ed25519PublicKeyParameters(raw));
    } catch (IllegalArgumentException e) {
      throw new UnusableKeyException(
          what + " is not a valid Ed25519 public key (not a point on the curve).");
    }
  }

  /** An EC P-256 key from its coordinates; checks that the point is on the curve. */
  public static JwsPublicKey ecP256(BigInteger x, BigInteger y, String what) {
    ECCurve curve = P256.getCurve();
    try {
      curve.validatePoint(x, y);
    } catch (IllegalArgumentException e) {
      throw new UnusableKeyException(
          what + " is not a valid EC P-256 public key (not a point on the curve).");
    }
    PublicKey key;
    try {
      key =
          KeyFactory.getInstance("EC")
              .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256_SPEC));
    } catch (GeneralSecurityException e) {
      throw new UnusableKeyException(what + " is not a valid EC P-256 public key.");
    }
    Map<String, String> members = new LinkedHashMap<>();
    members.put("kty", "EC");
    members.put("crv", "P-256");
    members.put("x", base64Url(fixed(x, 32)));
    members.put("y", base64Url(fixed(y, 32)));
    return new JwsPublicKey(Type.EC_P256, null, key, Collections.unmodifiableMap(members), 256);
  }

  /** An RSA key from modulus and exponent; at least 2048 bits. */
  public static JwsPublicKey rsa(BigInteger modulus, BigInteger exponent, String what) {
    if (modulus.signum() <= 0 || exponent.signum() <= 0 || !exponent.testBit(0)) {
      throw new UnusableKeyException(what + " is not a valid RSA public key.");
    }
    int bits = modulus.bitLength();
    if (bits < MIN_RSA_BITS) {
      throw new UnusableKeyException(
          what
              + " is an RSA key of "
              + bits
              + " bits; RSA keys need at least "
              + MIN_RSA_BITS
              + " bits. "
              + GENERATE_HINT);
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    } catch (GeneralSecurityException e) {
      throw new UnusableKeyException(what + " is not a valid RSA public key.");
    }
    Map<String, String> members = new LinkedHashMap<>();
    members.put("kty", "RSA");
    members.put("n", base64Url(unsigned(modulus)));
    members.put("e", base64Url(unsigned(exponent)));
    return new JwsPublicKey(Type.RSA, null, key, Collections.unmodifiableMap(members), bits);
  }

  /** The key in a DER SubjectPublicKeyInfo (what a {@code PUBLIC KEY} PEM block holds). */
  public static JwsPublicKey fromSpki(byte[] der, String what) {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(der);
      Objects.requireNonNull(info);
    } catch (RuntimeException e) {
      throw new UnusableKeyException(
          what
              + " holds a PUBLIC KEY block whose content is not a valid"
              + " SubjectPublicKeyInfo (damaged or cut off?). Copy the whole PEM again.");
    }
    ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
    try {
      if (oid.equals(ID_ED25519)) {
        return ed25519(info.getPublicKeyData().getOctets(), what);
      }
      if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        requireP256(info.getAlgorithm().getParameters(), what);
        ECPublicKey key =
            (ECPublicKey)
                KeyFactory.getInstance("EC")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
        return ecP256(key.getW().getAffineX(), key.getW().getAffineY(), what);
      }
      if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        RSAPublicKey key =
            (RSAPublicKey)
                KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
        return rsa(key.getModulus(), key.getPublicExponent(), what);
      }
    } catch (GeneralSecurityException | ClassCastException | IllegalStateException e) {
      throw new UnusableKeyException(
          what
              + " holds a PUBLIC KEY block whose content is not a valid key"
              + " (damaged or cut off?). Copy the whole PEM again.");
    }
    throw unsupported(what, describeAlgorithm(oid));
  }

  /**
   * The public part of a JWK ({@code kty} {@code OKP}/Ed25519, {@code EC}/P-256 or {@code RSA}).
   * Private members, if any, are ignored here; callers decide whether they are welcome.
   */
  public static JwsPublicKey fromJwk(JsonNode jwk, String what) {
    String kty = text(jwk, "kty", what);
    switch (kty) {
      case "OKP" -> {
        String crv = text(jwk, "crv", what);
        if (!crv.equals("Ed25519")) {
          throw unsupported(what, describeCurve(crv));
        }
        return ed25519(bytes(jwk, "x", what), what);
      }
      case "EC" -> {
        String crv = text(jwk, "crv", what);
        if (!crv.equals("P-256")) {
          throw unsupported(
              what,
              Messages.joseName(crv, "").isEmpty()
                  ? "an EC key on a curve unknown to JOSE"
                  : "an EC " + crv + " key");
        }
        byte[] x = bytes(jwk, "x", what);
        byte[] y = bytes(jwk, "y", what);
        if (x.length != 32 || y.length != 32) {
          throw new UnusableKeyException(
              what + " is not a valid EC P-256 JWK: 'x' and 'y' must be 32 bytes each.");
        }
        return ecP256(new BigInteger(1, x), new BigInteger(1, y), what);
      }
      case "RSA" -> {
        return rsa(
            new BigInteger(1, bytes(jwk, "n", what)),
            new BigInteger(1, bytes(jwk, "e", what)),
            what);
      }
      case "oct" ->
          throw new UnusableKeyException(
              what
                  + " is a symmetric JWK (kty 'oct'): dapr-compute never"
                  + " uses shared secrets (HMAC), only public-key signatures. "
                  + GENERATE_HINT);
      default ->
          throw unsupported(what, "a JWK of kty " + Messages.joseName(kty, "unknown to JOSE"));
    }
  }

  /** The error for a key of a type tokens cannot use. */
  public static UnusableKeyException unsupported(String what, String found) {
    return new UnusableKeyException(
        what + " is " + found + ", which dapr-compute tokens cannot use. " + GENERATE_HINT);
  }

  /**
   * Throws unless {@code parameters} (an algorithm identifier's X9.62 parameters) name the P-256
   * curve.
   */
  public static void requireP256(@Nullable ASN1Encodable parameters, String what) {
    ASN1ObjectIdentifier curve = null;
    try {
      if (parameters != null) {
        X962Parameters x962 = X962Parameters.getInstance(parameters);
        if (x962.isNamedCurve()) {
          curve = ASN1ObjectIdentifier.getInstance(x962.getParameters());
        }
      }
    } catch (IllegalArgumentException e) {
      curve = null;
    }
    if (curve == null) {
      throw unsupported(
          what, "an EC key that does not name its curve (ES256 needs the named curve P-256)");
    }
    if (curve.equals(SECObjectIdentifiers.secp256r1)) {
      return;
    }
    String name = ECNamedCurveTable.getName(curve);
    throw unsupported(
        what,
        "an EC key on curve " + (name == null ? curve.getId() : name) + " (ES256 needs P-256)");
  }

  /** What an algorithm OID of a key is, for messages. */
  public static String describeAlgorithm(ASN1ObjectIdentifier oid) {
    if (oid.equals(ID_X25519)) {
      return "an X25519 key (for key agreement, not signatures)";
    }
    if (oid.equals(ID_ED448)) {
      return "an Ed448 key";
    }
    if (oid.equals(ID_X448)) {
      return "an X448 key (for key agreement, not signatures)";
    }
    if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
      return "a DSA key";
    }
    if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
      return "an RSASSA-PSS-restricted RSA key (use a plain rsaEncryption key)";
    }
    return "a key of algorithm " + oid.getId();
  }

  private static String describeCurve(String crv) {
    return switch (crv) {
      case "X25519", "X448" -> "an " + crv + " key (for key agreement, not signatures)";
      default -> "an OKP key on curve " + Messages.joseName(crv, "unknown to JOSE");
    };
  }

  /** The key's type. */
  public Type type() {
    return type;
  }

  /** The algorithms this key can verify. */
  public Set<String> algorithms() {
    return type.algorithms();
  }

  /** The RFC 7638 JWK thumbprint: base64url of the SHA-256 of the required members. */
  public String thumbprint() {
    return thumbprint;
  }

  /** The public JWK members ({@code kty}, {@code crv}, {@code x}, ...), in conventional order. */
  public Map<String, String> jwkMembers() {
    return members;
  }

  /** The DER SubjectPublicKeyInfo. */
  public byte[] spki() {
    if (ed25519 != null) {
      try {
        return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(ed25519).getEncoded();
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot encode an Ed25519 public key", e);
      }
    }
    return Objects.requireNonNull(jdkKey).getEncoded();
  }

  /** The SubjectPublicKeyInfo as a {@code PUBLIC KEY} PEM block. */
  public String spkiPem() {
    return Pem.encode("PUBLIC KEY", spki());
  }

  /** "an Ed25519 key", "a 3072-bit RSA key". */
  public String describe() {
    return type == Type.RSA ? "a " + bits + "-bit RSA key" : type.toString();
  }

  /**
   * Whether {@code signature} is a valid {@code algorithm} signature of {@code input} by this key.
   * False for an algorithm this type of key cannot verify.
   */
  public boolean verify(String algorithm, byte[] input, byte[] signature) {
    if (!type.algorithms().contains(algorithm)) {
      return false;
    }
    if (ed25519 != null) {
      if (signature.length != 64) {
        return false;
      }
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, ed25519);
      verifier.update(input, 0, input.length);
      return verifier.verifySignature(signature);
    }
    PublicKey key = Objects.requireNonNull(jdkKey);
    try {
      Signature verifier;
      switch (algorithm) {
        case "ES256" -> {
          if (!validEcdsa(signature)) {
            return false;
          }
          verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        }
        case "RS256" -> verifier = Signature.getInstance("SHA256withRSA");
        case "PS256" -> {
          verifier = Signature.getInstance("RSASSA-PSS");
          verifier.setParameter(
              new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        default -> {
          return false;
        }
      }
      verifier.initVerify(key);
      verifier.update(input);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * r and s of a P1363 signature are both in [1, n-1] (the JDK checks too; this guards old JDKs).
   */
  private static boolean validEcdsa(byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    BigInteger n = P256.getN();
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    return r.signum() > 0 && s.signum() > 0 && r.compareTo(n) < 0 && s.compareTo(n) < 0;
  }

  /** For a private key's owner: the JDK form of an EC or RSA key; null for Ed25519. */
  public @Nullable PublicKey jdkKey() {
    return jdkKey;
  }

  /** The P-256 domain parameters in the JDK's form. */
  public static ECParameterSpec p256Spec() {
    return P256_SPEC;
  }

  /** The P-256 domain parameters in BouncyCastle's form. */
  public static X9ECParameters p256() {
    return P256;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JwsPublicKey that && thumbprint.equals(that.thumbprint);
  }

  @Override
  public int hashCode() {
    return thumbprint.hashCode();
  }

  @Override
  public String toString() {
    return describe() + " (kid " + thumbprint + ")";
  }

  // --- helpers ---

  /** RFC 7638: the required members, sorted, as JSON without whitespace, SHA-256, base64url. */
  static String thumbprint(Map<String, String> members) {
    StringBuilder json = new StringBuilder("{");
    new TreeMap<>(members)
        .forEach(
            (name, value) -> {
              if (json.length() > 1) {
                json.append(',');
              }
              json.append('"').append(name).append("\":\"").append(value).append('"');
            });
    json.append('}');
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(json.toString().getBytes(StandardCharsets.UTF_8));
      return base64Url(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Base64url without padding. */
  public static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The minimal unsigned big-endian bytes of a positive number (JWK's base64urlUInt). */
  public static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      return Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return bytes;
  }

  /** Exactly {@code length} unsigned big-endian bytes, left-padded with zeros. */
  public static byte[] fixed(BigInteger value, int length) {
    byte[] bytes = unsigned(value);
    if (bytes.length == length) {
      return bytes;
    }
    if (bytes.length > length) {
      throw new IllegalArgumentException("value too large for " + length + " bytes");
    }
    byte[] padded = new byte[length];
    System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
    return padded;
  }

  /** A required string member of a JWK. */
  public static String text(JsonNode jwk, String name, String what) {
    JsonNode node = jwk.get(name);
    if (node == null || node.isNull()) {
      throw new UnusableKeyException(
          what + " is a JWK without the required member '" + name + "'.");
    }
    if (!node.isTextual()) {
      throw new UnusableKeyException(
          what + " is a JWK whose member '" + name + "' is not a string.");
    }
    return node.textValue();
  }

  /** A required base64url member of a JWK, decoded. */
  public static byte[] bytes(JsonNode jwk, String name, String what) {
    String value = text(jwk, name, what);
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(value);
      if (bytes.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw new UnusableKeyException(
          what
              + " is a JWK whose member '"
              + name
              + "' is not base64url (RFC 7515 base64 with '-' and '_', no padding).");
    }
  }

  private static ECParameterSpec jdkP256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK does not support EC P-256", e);
    }
  }
}
