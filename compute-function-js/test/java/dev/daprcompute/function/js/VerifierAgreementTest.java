package dev.daprcompute.function.js;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.token.TokenRejectedException;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.keys.Pem;
import dev.daprcompute.testkit.NodeJs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Java verifier (compute-function) and the JavaScript SDK's verifier agree: one table of
 * requests, made here with the Java {@link TokenSigner} and by hand, is judged by both. Each case
 * states whether it must be accepted; Java must meet that, and JavaScript (under Node) must give
 * exactly Java's answer, rejection text included.
 */
@DisplayName("the Java and JavaScript token verifiers agree")
class VerifierAgreementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final long T = NOW.getEpochSecond();

  private static Key ed;
  private static Key rotated;
  private static Key unknown;
  private static Key ec;
  private static Key rsa;

  /** A key pair with the component's view of it. */
  private record Key(KeyPair pair, SigningKey signingKey, String algorithm) {
    static Key generate(String jdkAlgorithm, String jwsAlgorithm) throws GeneralSecurityException {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(jdkAlgorithm);
      if (jdkAlgorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else if (jdkAlgorithm.equals("RSA")) {
        generator.initialize(2048);
      }
      KeyPair pair = generator.generateKeyPair();
      return new Key(
          pair,
          SigningKey.parse(Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded())),
          jwsAlgorithm);
    }

    String kid() {
      return signingKey.keyId();
    }

    byte[] sign(byte[] input) {
      try {
        Signature signature =
            Signature.getInstance(
                switch (algorithm) {
                  case "EdDSA" -> "Ed25519";
                  case "ES256" -> "SHA256withECDSAinP1363Format";
                  default -> "SHA256withRSA";
                });
        signature.initSign(pair.getPrivate());
        signature.update(input);
        return signature.sign();
      } catch (GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }
  }

  @BeforeAll
  static void keys() throws GeneralSecurityException {
    ed = Key.generate("Ed25519", "EdDSA");
    rotated = Key.generate("Ed25519", "EdDSA");
    unknown = Key.generate("Ed25519", "EdDSA");
    ec = Key.generate("EC", "ES256");
    rsa = Key.generate("RSA", "RS256");
  }

  /** One request: which verifier judges it, its headers, and whether it must pass. */
  private record Case(String name, String verifier, Map<String, String> headers, boolean accept) {}

  @Test
  void on_every_case_of_the_table() throws Exception {
    NodeJs node = NodeJs.require("the Java/JavaScript verifier agreement test", false);
    Map<String, TokenVerifier> verifiers = new LinkedHashMap<>();
    Map<String, ObjectNode> settings = new LinkedHashMap<>();
    String keySet =
        "{\"keys\":["
            + String.join(
                ",",
                ed.signingKey().publicJwk(),
                rotated.signingKey().publicJwk(),
                ec.signingKey().publicJwk(),
                rsa.signingKey().publicJwk())
            + "]}";
    verifier(verifiers, settings, "set", keySet, "orders");
    verifier(verifiers, settings, "single", ed.signingKey().publicKeyPem(), "orders");
    verifier(
        verifiers, settings, "two-audiences", ed.signingKey().publicJwkSet(), "orders", "payments");

    List<Case> cases = cases();
    ArrayNode table = JSON.createArrayNode();
    List<String> javaSurprises = new ArrayList<>();
    for (Case c : cases) {
      Metadata.Builder headers = Metadata.builder();
      c.headers().forEach(headers::add);
      ObjectNode row = table.addObject().put("name", c.name()).put("verifier", c.verifier());
      row.set("headers", JSON.valueToTree(c.headers()));
      ObjectNode java = row.putObject("java");
      try {
        verifiers.get(c.verifier()).verify(headers.build());
        java.put("ok", true);
      } catch (TokenRejectedException e) {
        java.put("ok", false).put("description", e.description());
      }
      if (java.get("ok").asBoolean() != c.accept()) {
        javaSurprises.add(
            c.name()
                + ": Java "
                + (c.accept()
                    ? "rejected it: " + java.get("description").asText()
                    : "accepted it"));
      }
    }
    assertThat(javaSurprises).as("cases where the Java verifier broke the protocol").isEmpty();

    ObjectNode document = JSON.createObjectNode().put("now", NOW.toEpochMilli());
    document.set("verifiers", JSON.valueToTree(settings));
    document.set("cases", table);
    Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    Path file = basedir.resolve("target/verifier-agreement/table.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));

    NodeJs.Result result =
        node.node(
            List.of("test/support/agreement.js", file.toString()),
            basedir,
            "",
            Duration.ofSeconds(60));
    assertThat(result.exitCode()).as("node test/support/agreement.js\n%s", result.shown()).isZero();
    JsonNode answers = JSON.readTree(result.stdout());
    List<String> disagreements = new ArrayList<>();
    for (JsonNode row : table) {
      JsonNode js = answers.get(row.get("name").asText());
      if (js == null || !js.equals(row.get("java"))) {
        disagreements.add(
            row.get("name").asText()
                + "\n    Java:       "
                + row.get("java")
                + "\n    JavaScript: "
                + js);
      }
    }
    assertThat(disagreements).as("cases the verifiers judge differently").isEmpty();
    assertThat(answers.size()).isEqualTo(table.size());
  }

  private static void verifier(
      Map<String, TokenVerifier> verifiers,
      Map<String, ObjectNode> settings,
      String name,
      String publicKeys,
      String... audiences) {
    verifiers.put(
        name,
        TokenVerifier.builder().publicKeys(publicKeys).audience(audiences).clock(CLOCK).build());
    ObjectNode setting = JSON.createObjectNode().put("publicKeys", publicKeys);
    setting.set("audience", JSON.valueToTree(audiences));
    settings.put(name, setting);
  }

  private static List<Case> cases() throws Exception {
    List<Case> cases = new ArrayList<>();
    TokenSigner signer = new TokenSigner(ed.signingKey(), CLOCK, Duration.ofSeconds(60));
    String good = signer.token("orders", "checkout");

    // what the Java component sends
    cases.add(bearer("component token", "set", good, true));
    cases.add(bearer("component token, single PEM key", "single", good, true));
    cases.add(
        new Case(
            "component token in Dapr-Authorization",
            "set",
            Map.of(
                "Dapr-Authorization",
                "Bearer " + good,
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=x"),
            true));
    cases.add(
        new Case(
            "lower-case bearer scheme", "set", Map.of("Authorization", "bearer " + good), true));
    cases.add(
        bearer(
            "rotated key",
            "set",
            new TokenSigner(rotated.signingKey(), CLOCK, Duration.ofMinutes(5))
                .token("orders", null),
            true));
    cases.add(
        bearer(
            "ES256 key",
            "set",
            new TokenSigner(ec.signingKey(), CLOCK, Duration.ofSeconds(60)).token("orders", "a"),
            true));
    cases.add(
        bearer(
            "RS256 key",
            "set",
            new TokenSigner(rsa.signingKey(), CLOCK, Duration.ofSeconds(60)).token("orders", "a"),
            true));
    cases.add(bearer("second audience", "two-audiences", signer.token("payments", null), true));
    cases.add(
        bearer(
            "unknown kid",
            "set",
            new TokenSigner(unknown.signingKey(), CLOCK, Duration.ofSeconds(60))
                .token("orders", null),
            false));
    cases.add(
        bearer(
            "expired",
            "set",
            new TokenSigner(
                    ed.signingKey(),
                    Clock.offset(CLOCK, Duration.ofHours(-2)),
                    Duration.ofSeconds(60))
                .token("orders", null),
            false));
    cases.add(bearer("wrong audience", "set", signer.token("payments", null), false));
    String wrongAudience = signer.token("payments", null);
    String[] parts = good.split("\\.", -1);
    cases.add(
        bearer(
            "tampered payload",
            "set",
            parts[0] + "." + wrongAudience.split("\\.", -1)[1] + "." + parts[2],
            false));
    cases.add(
        bearer(
            "tampered signature",
            "set",
            parts[0] + "." + parts[1] + "." + flipFirst(parts[2]),
            false));
    cases.add(
        bearer(
            "non-canonical signature",
            "set",
            good.substring(0, good.length() - 1) + twin(good.charAt(good.length() - 1)),
            false));
    cases.add(
        bearer(
            "signature too short",
            "set",
            parts[0] + "." + parts[1] + "." + parts[2].substring(4),
            false));

    // times, around the 60 s skew and the 1 h lifetime
    cases.add(
        forged("expired 59 s ago: within the skew", true, c -> times(c, T - 119, T - 119, T - 59)));
    cases.add(forged("expired 60 s ago", false, c -> times(c, T - 120, T - 120, T - 60)));
    cases.add(forged("nbf 60 s ahead: within the skew", true, c -> times(c, T, T + 60, T + 120)));
    cases.add(forged("nbf 61 s ahead", false, c -> times(c, T, T + 61, T + 120)));
    cases.add(forged("iat 61 s ahead", false, c -> times(c, T + 61, T, T + 120)));
    cases.add(forged("lifetime exactly 1 h", true, c -> times(c, T, T, T + 3600)));
    cases.add(forged("lifetime 1 h and 1 s", false, c -> times(c, T, T, T + 3601)));
    cases.add(forged("lifetime over 1 h from nbf", false, c -> times(c, T, T - 10, T + 3595)));
    cases.add(forged("exp equals iat", false, c -> times(c, T, T - 5, T)));
    cases.add(
        forged(
            "fractional times",
            true,
            c -> {
              c.put("iat", T + 0.5);
              c.put("nbf", T + 0.5);
              c.put("exp", T + 60.25);
            }));
    cases.add(
        forged(
            "fractional expiry just past",
            false,
            c -> {
              c.put("iat", T - 100.5);
              c.put("nbf", T - 100.5);
              c.put("exp", T - 60.000001);
            }));
    cases.add(forged("exp as text", false, c -> c.put("exp", Long.toString(T + 60))));
    cases.add(forged("exp far beyond 9999", false, c -> c.put("exp", 1e20)));
    cases.add(forged("negative iat", false, c -> c.put("iat", -1)));
    cases.add(forged("no nbf is fine", true, c -> c.remove("nbf")));
    cases.add(forged("null nbf", false, c -> c.putNull("nbf")));

    // claims
    cases.add(forged("wrong issuer", false, c -> c.put("iss", "dapr.io/cloudflare")));
    cases.add(forged("no iss", false, c -> c.remove("iss")));
    cases.add(forged("no aud", false, c -> c.remove("aud")));
    cases.add(forged("aud array with ours", true, c -> c.putArray("aud").add("x").add("orders")));
    cases.add(forged("empty aud array", false, c -> c.putArray("aud")));
    cases.add(
        forged("aud array with a number", false, c -> c.putArray("aud").add("orders").add(7)));
    cases.add(
        forged(
            "six wrong audiences, one non-ASCII",
            false,
            c -> c.putArray("aud").add("a").add("b\u00e9").add("c").add("d").add("e").add("f")));
    cases.add(forged("no exp", false, c -> c.remove("exp")));
    cases.add(forged("no iat", false, c -> c.remove("iat")));
    cases.add(forged("no jti", false, c -> c.remove("jti")));
    cases.add(forged("numeric sub", false, c -> c.put("sub", 7)));
    cases.add(forged("no sub is fine", true, c -> c.remove("sub")));

    // headers
    cases.add(header("alg none", false, h -> h.put("alg", "none")));
    cases.add(header("alg HS256", false, h -> h.put("alg", "HS256")));
    cases.add(header("alg PS384", false, h -> h.put("alg", "PS384")));
    cases.add(header("no alg", false, h -> h.remove("alg")));
    cases.add(header("numeric alg", false, h -> h.put("alg", 1)));
    cases.add(header("EdDSA under the ES256 key's kid", false, h -> h.put("kid", ec.kid())));
    cases.add(header("jwk in the header", false, h -> h.putObject("jwk").put("kty", "OKP")));
    cases.add(header("jku in the header", false, h -> h.put("jku", "https://keys.example/jwks")));
    cases.add(header("x5u in the header", false, h -> h.put("x5u", "https://keys.example/cert")));
    cases.add(header("x5c in the header", false, h -> h.putArray("x5c").add("MIIB")));
    cases.add(header("x5t in the header", false, h -> h.put("x5t", "abc")));
    cases.add(header("crit", false, h -> h.putArray("crit").add("exp").add("b64")));
    cases.add(header("empty crit", false, h -> h.putArray("crit")));
    cases.add(header("typ JOSE", false, h -> h.put("typ", "JOSE")));
    cases.add(header("null typ", false, h -> h.putNull("typ")));
    cases.add(header("typ application/jwt", true, h -> h.put("typ", "application/jwt")));
    cases.add(header("no typ is fine", true, h -> h.remove("typ")));
    cases.add(header("no kid with several keys", false, h -> h.remove("kid")));
    cases.add(header("numeric kid", false, h -> h.put("kid", 42)));
    cases.add(header("kid with quotes and a newline", false, h -> h.put("kid", "a\"b\nc")));
    cases.add(
        new Case(
            "no kid with one key",
            "single",
            Map.of(
                "Authorization",
                "Bearer " + jws(JSON.createObjectNode().put("alg", "EdDSA"), claims(), ed)),
            true));
    cases.add(bearer("HMAC-signed", "set", hmacToken(), false));

    // raw JSON and base64url
    String kid = ed.kid();
    cases.add(
        raw(
            "repeated alg in the header",
            "{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"alg\":\"EdDSA\"}",
            claims().toString(),
            false));
    cases.add(
        raw(
            "repeated aud in the claims",
            header().toString(),
            claims().toString().replaceFirst("\\{", "{\"aud\":\"payments\","),
            false));
    cases.add(raw("claims are an array", header().toString(), "[1,2]", false));
    cases.add(raw("claims are not JSON", header().toString(), "{\"iss\":", false));
    cases.add(
        raw("trailing content after the claims", header().toString(), claims() + " {}", false));
    cases.add(bearer("two parts", "set", parts[0] + "." + parts[1], false));
    cases.add(bearer("five parts", "set", "a.b.c.d.e", false));
    cases.add(bearer("padded header", "set", parts[0] + "=." + parts[1] + "." + parts[2], false));
    cases.add(bearer("empty payload part", "set", parts[0] + ".." + parts[2], false));
    cases.add(
        bearer(
            "standard base64 characters",
            "set",
            parts[0] + "." + parts[1].replace('-', '+') + "+." + parts[2],
            false));
    cases.add(bearer("too long", "set", "a".repeat(16 * 1024 + 1), false));

    // the Authorization header itself
    cases.add(new Case("no token", "set", Map.of(), false));
    cases.add(
        new Case("Basic credential", "set", Map.of("Authorization", "Basic dXNlcjpwYXNz"), false));
    cases.add(new Case("token without scheme", "set", Map.of("Authorization", good), false));
    cases.add(
        new Case("Bearer without token", "set", Map.of("Dapr-Authorization", "Bearer"), false));
    cases.add(
        new Case(
            "Basic in Dapr-Authorization",
            "set",
            Map.of("Dapr-Authorization", "Basic eA=="),
            false));
    return cases;
  }

  private static Case bearer(String name, String verifier, String token, boolean accept) {
    return new Case(name, verifier, Map.of("Authorization", "Bearer " + token), accept);
  }

  private static Case forged(String name, boolean accept, Consumer<ObjectNode> change)
      throws Exception {
    ObjectNode claims = claims();
    change.accept(claims);
    return bearer(name, "set", jws(header(), claims, ed), accept);
  }

  private static Case header(String name, boolean accept, Consumer<ObjectNode> change)
      throws Exception {
    ObjectNode header = header();
    change.accept(header);
    return bearer(name, "set", jws(header, claims(), ed), accept);
  }

  private static Case raw(String name, String header, String claims, boolean accept) {
    String input =
        b64(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64(claims.getBytes(StandardCharsets.UTF_8));
    return bearer(
        name, "set", input + "." + b64(ed.sign(input.getBytes(StandardCharsets.US_ASCII))), accept);
  }

  private static ObjectNode header() {
    return JSON.createObjectNode().put("alg", "EdDSA").put("typ", "JWT").put("kid", ed.kid());
  }

  private static ObjectNode claims() {
    return JSON.createObjectNode()
        .put("iss", "dapr.io/compute")
        .put("aud", "orders")
        .put("sub", "checkout")
        .put("iat", T)
        .put("nbf", T)
        .put("exp", T + 60)
        .put("jti", "AAECAwQFBgcICQoLDA0ODw");
  }

  private static void times(ObjectNode claims, long iat, long nbf, long exp) {
    claims.put("iat", iat).put("nbf", nbf).put("exp", exp);
  }

  private static String jws(ObjectNode header, ObjectNode claims, Key key) throws Exception {
    String input = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
    return input + "." + b64(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String hmacToken() throws Exception {
    ObjectNode header = header().put("alg", "HS256");
    String input =
        b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            ed.signingKey().publicJwk().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String flipFirst(String part) {
    char c = part.charAt(0);
    return (c == 'A' ? 'B' : 'A') + part.substring(1);
  }

  /**
   * The character that differs from {@code c} only in a bit the last character of 64 bytes does not
   * use.
   */
  private static char twin(char c) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    return alphabet.charAt(alphabet.indexOf(c) ^ 1);
  }
}
