package dev.daprcompute.protocol.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.internal.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.jspecify.annotations.Nullable;

/**
 * Reads the public keys a function verifies tokens with: SPKI PEM blocks, a JWK or a JWK Set.
 * Refuses private keys, certificates and anything else with an {@link UnusableKeyException} that
 * says what was found and what to give instead. Thread-safe; stateless.
 */
public final class PublicKeys {
  private PublicKeys() {}

  private static final String WHAT = "The public key setting";
  private static final String FORMATS =
      "Give the component's public key as PEM ('-----BEGIN PUBLIC KEY-----'),"
          + " a JWK or a JWK Set ({\"keys\":[...]}).";
  private static final String PRIVATE_HALF =
      "The function needs only the public key: keep the private key in"
          + " the component, and give the function its public half (SigningKey.publicKeyPem() or publicJwkSet(),"
          + " or 'openssl pkey -in key.pem -pubout').";
  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "k");

  /**
   * One configured key and the ids a token may name it by.
   *
   * @param key the key
   * @param declaredKid the {@code kid} its JWK declares, if any
   * @param algorithms the JWS algorithms it may verify (its JWK's {@code alg} narrows them)
   */
  public record Key(JwsPublicKey key, @Nullable String declaredKid, Set<String> algorithms) {
    /** The key's own {@code kid} when its JWK has one, else its thumbprint. */
    public String id() {
      return declaredKid != null ? declaredKid : key.thumbprint();
    }

    /** Its thumbprint and its declared {@code kid}, if any. */
    public Set<String> ids() {
      Set<String> ids = new LinkedHashSet<>();
      ids.add(key.thumbprint());
      if (declaredKid != null) {
        ids.add(declaredKid);
      }
      return ids;
    }
  }

  /**
   * The keys in {@code text}, at least one, with distinct ids.
   *
   * @throws UnusableKeyException when the text holds no usable public key; the message says why
   */
  public static List<Key> parse(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new UnusableKeyException(WHAT + " is empty. " + FORMATS);
    }
    List<Key> keys;
    if (trimmed.startsWith("{")) {
      keys = fromJson(trimmed);
    } else if (Pem.containsPem(trimmed)) {
      keys = fromPem(trimmed);
    } else if (trimmed.startsWith("ssh-") || trimmed.startsWith("ecdsa-sha2-")) {
      throw new UnusableKeyException(WHAT + " is an OpenSSH public key line. " + FORMATS);
    } else {
      throw new UnusableKeyException(
          WHAT
              + " is neither PEM nor a JWK. "
              + FORMATS
              + " If the setting names a file or a secret, give its content instead.");
    }
    Map<String, Key> byId = new LinkedHashMap<>();
    for (Key key : keys) {
      for (String id : key.ids()) {
        Key previous = byId.put(id, key);
        if (previous != null) {
          throw new UnusableKeyException(
              WHAT
                  + " holds two keys with the id '"
                  + Messages.quote(id)
                  + "' (the same key twice, or a reused 'kid'). Give each key once, with a distinct 'kid'.");
        }
      }
    }
    return List.copyOf(keys);
  }

  private static List<Key> fromPem(String text) {
    List<Key> keys = new ArrayList<>();
    for (Pem.Block block : Pem.parse(text, WHAT)) {
      String label = block.label();
      if (label.equals("PUBLIC KEY")) {
        JwsPublicKey key = JwsPublicKey.fromSpki(block.der(), WHAT);
        keys.add(new Key(key, null, key.algorithms()));
      } else if (label.equals("RSA PUBLIC KEY")) {
        keys.add(pkcs1(block));
      } else if (label.contains("PRIVATE KEY")) {
        throw new UnusableKeyException(
            WHAT + " holds a private key (" + label + "). " + PRIVATE_HALF);
      } else if (label.contains("CERTIFICATE")) {
        throw new UnusableKeyException(
            WHAT
                + " holds a certificate ("
                + label
                + "); give the public key it"
                + " holds instead: 'openssl x509 -in cert.pem -pubkey -noout'.");
      } else if (!label.equals("EC PARAMETERS")) {
        throw new UnusableKeyException(
            WHAT + " holds a PEM block '" + label + "', which is not a public key. " + FORMATS);
      }
    }
    if (keys.isEmpty()) {
      throw new UnusableKeyException(WHAT + " holds no PUBLIC KEY block. " + FORMATS);
    }
    return keys;
  }

  private static Key pkcs1(Pem.Block block) {
    RSAPublicKey rsa;
    try {
      rsa = RSAPublicKey.getInstance(block.der());
    } catch (RuntimeException e) {
      throw Pem.corrupt(WHAT, block.label(), "its content is not a valid RSA public key");
    }
    JwsPublicKey key = JwsPublicKey.rsa(rsa.getModulus(), rsa.getPublicExponent(), WHAT);
    return new Key(key, null, key.algorithms());
  }

  private static List<Key> fromJson(String text) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UnusableKeyException(
          WHAT
              + " starts with '{' but is not valid JSON. Check that the whole JWK"
              + " or JWK Set was copied.");
    }
    if (json == null || !json.isObject()) {
      throw new UnusableKeyException(WHAT + " is not a JSON object. " + FORMATS);
    }
    if (!json.has("keys")) {
      return List.of(fromJwk(json, WHAT));
    }
    JsonNode array = json.get("keys");
    if (!array.isArray() || array.isEmpty()) {
      throw new UnusableKeyException(
          WHAT + " is a JWK Set without keys ('keys' must be a non-empty array). " + FORMATS);
    }
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode jwk = array.get(i);
      String what = "Key " + (i + 1) + " of the JWK Set";
      if (!jwk.isObject()) {
        throw new UnusableKeyException(what + " is not a JSON object.");
      }
      keys.add(fromJwk(jwk, what));
    }
    return keys;
  }

  private static Key fromJwk(JsonNode jwk, String what) {
    for (String member : PRIVATE_MEMBERS) {
      if (jwk.has(member) && !jwk.path("kty").asText().equals("oct")) {
        throw new UnusableKeyException(
            what + " holds a private JWK (it has '" + member + "'). " + PRIVATE_HALF);
      }
    }
    JwsPublicKey key = JwsPublicKey.fromJwk(jwk, what);
    JsonNode use = jwk.get("use");
    if (use != null && !"sig".equals(use.asText())) {
      throw new UnusableKeyException(
          what
              + " holds a JWK for use "
              + Messages.joseName(use.asText(), "other than signing")
              + "; verifying tokens needs a signature key (\"use\":\"sig\", or no 'use').");
    }
    Set<String> algorithms = key.algorithms();
    JsonNode alg = jwk.get("alg");
    if (alg != null) {
      if (!alg.isTextual() || !key.algorithms().contains(alg.textValue())) {
        throw new UnusableKeyException(
            what
                + " holds "
                + key.describe()
                + " whose JWK names the algorithm "
                + Messages.joseName(alg.asText(), "wrongly")
                + "; that key verifies "
                + String.join(" or ", key.algorithms().stream().sorted().toList())
                + ". Fix or remove 'alg'.");
      }
      algorithms = Set.of(alg.textValue());
    }
    String kid = null;
    JsonNode kidNode = jwk.get("kid");
    if (kidNode != null) {
      if (!kidNode.isTextual() || kidNode.textValue().isEmpty()) {
        throw new UnusableKeyException(what + " hold a JWK whose 'kid' is not a non-empty string.");
      }
      kid = kidNode.textValue();
    }
    return new Key(key, kid, algorithms);
  }
}
