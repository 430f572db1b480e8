package dev.daprcompute.function.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.JsonText;
import dev.daprcompute.protocol.fuzz.Sample;
import dev.daprcompute.protocol.fuzz.Strings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The token verifier against an attacker: valid tokens of every algorithm, changed at random (bits
 * flipped, segments swapped, cut or re-encoded, algorithms switched, claims altered and signed
 * again with another key, keys smuggled into the header), are never accepted; any claims or header
 * under a valid signature end in a token that obeys every rule or a {@link TokenRejectedException};
 * and no rejection shows the token.
 */
@DisplayName(
    "token verification: changed tokens are never accepted, and any token ends in a verdict")
class TokenVerifierPropertiesTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final TestKey ED25519 = TestKey.ed25519();
  private static final TestKey ES256 = TestKey.es256();
  private static final TestKey RS256 = TestKey.rs256();
  private static final TestKey PS256 = TestKey.ps256();
  private static final List<TestKey> KEYS = List.of(ED25519, ES256, RS256, PS256);

  /** The attacker's keys, one of each type; the function never trusts them. */
  private static final Map<String, TestKey> ATTACKER =
      Map.of(
          "EdDSA",
          TestKey.ed25519(),
          "ES256",
          TestKey.es256(),
          "RS256",
          TestKey.rs256(),
          "PS256",
          TestKey.ps256());

  /** One verifier per key, and one that trusts all four (tokens pick theirs by kid). */
  private static final Map<TestKey, TokenVerifier> SINGLE = new LinkedHashMap<>();

  private static final TokenVerifier ALL;

  static {
    StringBuilder pems = new StringBuilder();
    for (TestKey key : KEYS) {
      SINGLE.put(key, verifier(key.publicKeyPem()));
      pems.append(key.publicKeyPem());
    }
    ALL = verifier(pems.toString());
  }

  private static TokenVerifier verifier(String keys) {
    return TokenVerifier.builder().publicKeys(keys).audience("orders").clock(CLOCK).build();
  }

  private static final ObjectMapper EXACT =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  /** A token a component signed, and what an attacker made of it. */
  record Forgery(TestKey key, String original, String forged, String how) {
    Forgery with(String changed, String what) {
      return new Forgery(key, original, changed, how.isEmpty() ? what : how + ", then " + what);
    }

    @Override
    public String toString() {
      return key + " token, " + how + ": " + forged;
    }
  }

  private static String sign(TestKey key) {
    return new TokenSigner(key.signingKey(), CLOCK, Duration.ofSeconds(60))
        .token("orders", "checkout");
  }

  private static final List<String> ALGORITHMS =
      List.of(
          "none",
          "None",
          "NONE",
          "HS256",
          "HS384",
          "HS512",
          "hs256",
          "EdDSA",
          "eddsa",
          "EDDSA",
          "Ed25519",
          "ES256",
          "es256",
          "ES384",
          "ES256K",
          "RS256",
          "RS512",
          "PS256",
          "PS384",
          "RSA-OAEP",
          "dir",
          "",
          " EdDSA",
          "EdDSA ");

  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** The ways an attacker changes a token; each returns the changed token and what was done. */
  private static final List<Function<Random, Function<Forgery, Forgery>>> ATTACKS =
      List.of(
          r -> f -> f.with(replaceChar(f.forged(), r, BASE64URL), "a character replaced"),
          r ->
              f ->
                  f.with(
                      replaceChar(f.forged(), r, ".=+/ \t\n\0\u00e9\u2024%"),
                      "a foreign character put in"),
          r -> f -> f.with(deleteChar(f.forged(), r), "a character removed"),
          r -> f -> f.with(f.forged().substring(0, r.nextInt(f.forged().length())), "cut off"),
          r ->
              f ->
                  f.with(
                      f.forged() + Strings.of(BASE64URL + ".", 1, 8).next(r), "something appended"),
          r ->
              f ->
                  f.with(
                      flipBit(f.forged(), r.nextInt(3), r), "a bit flipped in a decoded segment"),
          r -> f -> f.with(nonCanonical(f.forged(), r), "a segment re-encoded non-canonically"),
          r ->
              f ->
                  f.with(
                      reencode(f.forged(), r),
                      "a segment re-encoded with padding or the standard alphabet"),
          r -> f -> f.with(rearrange(f.forged(), r), "segments rearranged"),
          r ->
              f ->
                  f.with(
                      withAlgorithm(
                          f.forged(),
                          ALGORITHMS.get(r.nextInt(ALGORITHMS.size())),
                          r.nextBoolean()),
                      "the header's alg changed"),
          r ->
              f ->
                  f.with(
                      hmacWithPublicKey(f.key(), f.forged(), r),
                      "HS256 with the public key as the secret"),
          r ->
              f ->
                  f.with(
                      resignedClaims(f.key(), f.forged(), r),
                      "claims changed and signed with another key"),
          r ->
              f ->
                  f.with(
                      smuggledKey(f.key(), f.forged(), r), "the attacker's key put in the header"),
          r -> f -> f.with(otherKid(f.key(), f.forged(), r), "the kid of another trusted key"));

  private static final Gen<Forgery> FORGERIES =
      random -> {
        TestKey key = KEYS.get(random.nextInt(KEYS.size()));
        String token = sign(key);
        Forgery forgery = new Forgery(key, token, token, "");
        int attacks = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        for (int i = 0; i < attacks; i++) {
          forgery = ATTACKS.get(random.nextInt(ATTACKS.size())).apply(random).apply(forgery);
        }
        return Sample.of(forgery);
      };

  @Test
  @DisplayName(
      "a token changed in any way is rejected, by a verifier of its own key and by one trusting several")
  void forgeriesAreRejected() {
    Fuzz.forAll(
        1_500,
        FORGERIES,
        forgery -> {
          Set<String> secrets = new HashSet<>();
          String[] parts = forgery.original().split("\\.");
          secrets.addAll(Contract.pieces(parts[1], 24));
          secrets.addAll(Contract.pieces(parts[2], 24));
          boolean unchanged = forgery.forged().strip().equals(forgery.original());
          for (TokenVerifier verifier : List.of(SINGLE.get(forgery.key()), ALL)) {
            Contract.Ending<VerifiedToken> verdict =
                Contract.resultOr(
                    TokenRejectedException.class,
                    secrets,
                    () -> verifier.verifyToken(forgery.forged()));
            assertThat(verdict.returned()).as("accepted: %s", forgery).isEqualTo(unchanged);
            if (!verdict.returned()) {
              Contract.assertNoSecret(
                  ((TokenRejectedException) verdict.error()).wwwAuthenticate(),
                  secrets,
                  "WWW-Authenticate");
            }
            Contract.Ending<VerifiedToken> viaHeader =
                Contract.resultOr(
                    TokenRejectedException.class,
                    secrets,
                    () ->
                        verifier.verify(
                            Metadata.of("authorization", "Bearer " + forgery.forged())));
            assertThat(viaHeader.returned()).isEqualTo(unchanged);
          }
        });
  }

  // ------------------------------------------------------------------ any claims, any header,
  // validly signed

  private static final long T = NOW.getEpochSecond();

  private static Gen<String> claim(String... values) {
    return Gen.oneOf(Gen.elementOf(List.of(values)), JsonText.value(1, List.of("iss", "aud")));
  }

  private static final Map<String, Gen<String>> CLAIMS =
      Map.of(
          "iss",
              claim(
                  "\"dapr.io/compute\"",
                  "\"other\"",
                  "\"\"",
                  "7",
                  "null",
                  "[\"dapr.io/compute\"]",
                  "\"DAPR.IO/COMPUTE\""),
          "aud",
              claim(
                  "\"orders\"",
                  "[\"orders\"]",
                  "[\"x\",\"orders\"]",
                  "[]",
                  "[\"x\"]",
                  "[7]",
                  "[null]",
                  "\"ORDERS\"",
                  "{\"aud\":\"orders\"}"),
          "exp",
              claim(
                  String.valueOf(T + 60),
                  String.valueOf(T + 30),
                  String.valueOf(T - 59),
                  String.valueOf(T - 61),
                  String.valueOf(T + 3600),
                  String.valueOf(T + 3601),
                  "1e400",
                  "-1",
                  "253402300799",
                  "253402300800",
                  T + 60 + ".5",
                  "9223372036854775807",
                  "\"" + (T + 60) + "\"",
                  "0"),
          "iat",
              claim(
                  String.valueOf(T),
                  String.valueOf(T + 61),
                  String.valueOf(T + 59),
                  String.valueOf(T - 3600),
                  "0",
                  "-0.0",
                  T + ".999999999999",
                  "1e-400"),
          "nbf", claim(String.valueOf(T), String.valueOf(T + 61), String.valueOf(T - 10), "null"),
          "jti", claim("\"AAECAwQFBgcICQoLDA0ODw\"", "\"\"", "7", "null"),
          "sub", claim("\"checkout\"", "7", "null", "\"\""));

  private static final Gen<String> CLAIMS_JSON =
      random -> {
        List<Sample<String>> members = new ArrayList<>();
        for (String name : List.of("iss", "aud", "exp", "iat", "nbf", "jti", "sub")) {
          if (random.nextInt(8) != 0) {
            members.add(CLAIMS.get(name).sample(random).map(v -> JsonText.quote(name) + ":" + v));
          }
        }
        if (random.nextInt(10) == 0 && !members.isEmpty()) {
          members.add(members.get(random.nextInt(members.size()))); // a member twice
        }
        return Sample.list(members, 0).map(list -> "{" + String.join(",", list) + "}");
      };

  @Test
  @DisplayName(
      "any claims under a valid signature end in a token that keeps every rule, or a rejection")
  void anyClaims() {
    Fuzz.forAll(
        1_200,
        Gen.zip(Gen.elementOf(KEYS), CLAIMS_JSON, Map::entry),
        signed -> {
          TestKey key = signed.getKey();
          Map<String, Object> header = Forge.header(key.algorithm(), key.kid());
          String token = Forge.jws(header, signed.getValue(), key);
          Contract.Ending<VerifiedToken> verdict =
              Contract.resultOr(
                  TokenRejectedException.class, Set.of(), () -> ALL.verifyToken(token));
          if (verdict.returned()) {
            JsonNode claims = EXACT.readTree(signed.getValue());
            VerifiedToken accepted = verdict.get();
            assertThat(claims.get("iss").textValue()).isEqualTo("dapr.io/compute");
            assertThat(accepted.audience()).contains("orders");
            BigDecimal now = BigDecimal.valueOf(T);
            BigDecimal exp = claims.get("exp").decimalValue();
            BigDecimal iat = claims.get("iat").decimalValue();
            assertThat(exp).isGreaterThan(now.subtract(BigDecimal.valueOf(60)));
            assertThat(iat).isLessThanOrEqualTo(now.add(BigDecimal.valueOf(60)));
            assertThat(exp.subtract(iat))
                .isLessThanOrEqualTo(BigDecimal.valueOf(3600))
                .isPositive();
            assertThat(claims.get("jti").isTextual()).isTrue();
          }
        });
  }

  @Test
  @DisplayName(
      "any header under a valid signature ends in a verdict, and one carrying a key or crit is rejected")
  void anyHeader() {
    List<String> names =
        List.of(
            "alg", "typ", "kid", "crit", "jwk", "jku", "x5c", "x5u", "x5t", "b64", "cty", "zip");
    Fuzz.forAll(
        800,
        Gen.zip(Gen.elementOf(KEYS), JsonText.objectOf(names, 2, Strings.unicode(10)), Map::entry),
        signed -> {
          TestKey key = signed.getKey();
          JsonNode random = EXACT.readTree(signed.getValue());
          Map<String, Object> header =
              new LinkedHashMap<>(Forge.header(key.algorithm(), key.kid()));
          random
              .fields()
              .forEachRemaining(
                  e -> header.put(e.getKey(), EXACT.convertValue(e.getValue(), Object.class)));
          String token =
              Forge.jws(
                  header, Forge.claims("orders", NOW), input -> key.sign(key.algorithm(), input));
          Contract.Ending<VerifiedToken> verdict =
              Contract.resultOr(
                  TokenRejectedException.class, Set.of(), () -> ALL.verifyToken(token));
          if (verdict.returned()) {
            for (String forbidden : List.of("crit", "jwk", "jku", "x5c", "x5u", "x5t")) {
              assertThat(header).doesNotContainKey(forbidden);
            }
            assertThat(header.get("alg")).isEqualTo(key.algorithm());
          }
        });
  }

  @Test
  @DisplayName(
      "any Authorization header ends in a verdict, and a credential without the Bearer scheme is never shown")
  void anyAuthorizationHeader() {
    String secret = "s3cretCred";
    Gen<String> values =
        Gen.oneOf(
            Strings.any(30),
            Gen.elementOf(
                List.of(
                    secret,
                    "Basic " + secret,
                    "bearer",
                    "Bearer",
                    "Bearer  ",
                    "Token " + secret,
                    "AWS4-HMAC-SHA256 Credential=" + secret,
                    secret + " " + secret,
                    "Bearer " + secret)),
            Strings.mutate(
                Gen.elementOf(List.of("Bearer " + secret, secret)),
                List.of(" ", "Bearer", ".", "\t")));
    Fuzz.forAll(
        1_500,
        Gen.zip(
            Gen.elementOf(List.of("authorization", "dapr-authorization")),
            Gen.lists(values, 1, 2),
            Map::entry),
        header -> {
          Metadata.Builder headers = Metadata.builder();
          header.getValue().forEach(v -> headers.add(header.getKey(), v));
          Contract.Ending<VerifiedToken> verdict =
              Contract.resultOr(
                  TokenRejectedException.class, Set.of(secret), () -> ALL.verify(headers.build()));
          assertThat(verdict.returned()).isFalse();
        });
  }

  // ------------------------------------------------------------------ the attacks

  private static String replaceChar(String token, Random random, String alphabet) {
    if (token.isEmpty()) {
      return token;
    }
    int at = random.nextInt(token.length());
    char c = alphabet.charAt(random.nextInt(alphabet.length()));
    return token.substring(0, at) + c + token.substring(at + 1);
  }

  private static String deleteChar(String token, Random random) {
    if (token.isEmpty()) {
      return token;
    }
    int at = random.nextInt(token.length());
    return token.substring(0, at) + token.substring(at + 1);
  }

  private static String[] parts(String token) {
    return token.split("\\.", -1);
  }

  private static byte[] decode(String part) {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      return part.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String flipBit(String token, int segment, Random random) {
    String[] parts = parts(token);
    if (segment >= parts.length) {
      return token;
    }
    byte[] bytes = decode(parts[segment]);
    if (bytes.length == 0) {
      return token;
    }
    int at = random.nextInt(bytes.length);
    bytes[at] ^= (byte) (1 << random.nextInt(8));
    parts[segment] = encode(bytes);
    return String.join(".", parts);
  }

  /** The same bytes, written with the unused low bits of the last character set. */
  private static String nonCanonical(String token, Random random) {
    String[] parts = parts(token);
    int segment = random.nextInt(parts.length);
    String part = parts[segment];
    int unusedBits =
        switch (part.length() % 4) {
          case 2 -> 4;
          case 3 -> 2;
          default -> 0;
        };
    if (unusedBits == 0 || part.isEmpty()) {
      return token;
    }
    int last = BASE64URL.indexOf(part.charAt(part.length() - 1));
    if (last < 0) {
      return token;
    }
    int changed = last | (1 + random.nextInt((1 << unusedBits) - 1));
    parts[segment] = part.substring(0, part.length() - 1) + BASE64URL.charAt(changed);
    return String.join(".", parts);
  }

  private static String reencode(String token, Random random) {
    String[] parts = parts(token);
    int segment = random.nextInt(parts.length);
    byte[] bytes = decode(parts[segment]);
    parts[segment] =
        random.nextBoolean()
            ? Base64.getUrlEncoder().encodeToString(bytes)
            : Base64.getEncoder().withoutPadding().encodeToString(bytes);
    return String.join(".", parts);
  }

  private static String rearrange(String token, Random random) {
    List<String> parts = new ArrayList<>(List.of(parts(token)));
    switch (random.nextInt(6)) {
      case 0 -> java.util.Collections.swap(parts, 0, Math.min(1, parts.size() - 1));
      case 1 -> parts.add(parts.get(parts.size() - 1));
      case 2 -> parts.remove(parts.size() - 1);
      case 3 -> parts.set(parts.size() - 1, "");
      case 4 -> parts.addAll(List.of("", ""));
      default -> parts.add(0, parts.get(0));
    }
    return String.join(".", parts);
  }

  private static Map<String, Object> header(String token) {
    try {
      return Forge.map(new String(decode(parts(token)[0]), StandardCharsets.UTF_8));
    } catch (AssertionError | RuntimeException notJson) {
      return new LinkedHashMap<>(Map.of("alg", "EdDSA"));
    }
  }

  private static String withAlgorithm(String token, String algorithm, boolean emptySignature) {
    String[] parts = parts(token);
    Map<String, Object> header = new LinkedHashMap<>(header(token));
    header.put("alg", algorithm);
    parts[0] = encode(Forge.json(header).getBytes(StandardCharsets.UTF_8));
    if (emptySignature && parts.length > 2) {
      parts[parts.length - 1] = "";
    }
    return String.join(".", parts);
  }

  private static String hmacWithPublicKey(TestKey key, String token, Random random) {
    String[] parts = parts(token);
    if (parts.length < 2) {
      return token;
    }
    Map<String, Object> header = new LinkedHashMap<>(header(token));
    header.put("alg", "HS256");
    byte[] secret =
        switch (random.nextInt(3)) {
          case 0 -> key.publicKeyPem().getBytes(StandardCharsets.US_ASCII);
          case 1 -> key.pair().getPublic().getEncoded();
          default -> key.kid().getBytes(StandardCharsets.US_ASCII);
        };
    return Forge.jws(
        header, new String(decode(parts[1]), StandardCharsets.UTF_8), Forge.hmacSha256(secret));
  }

  private static String resignedClaims(TestKey key, String token, Random random) {
    String[] parts = parts(token);
    Map<String, Object> claims;
    try {
      claims =
          new LinkedHashMap<>(
              Forge.map(
                  new String(
                      decode(parts[Math.min(1, parts.length - 1)]), StandardCharsets.UTF_8)));
    } catch (AssertionError | RuntimeException notJson) {
      claims = new LinkedHashMap<>(Forge.claims("orders", NOW));
    }
    switch (random.nextInt(5)) {
      case 0 -> claims.put("aud", List.of("orders", "payments"));
      case 1 -> claims.put("exp", NOW.getEpochSecond() + 3600);
      case 2 -> claims.put("sub", "admin");
      case 3 -> claims.remove("nbf");
      default -> {} // the same claims: only the signature is the attacker's
    }
    TestKey attacker = ATTACKER.get(key.algorithm());
    return Forge.jws(Forge.header(key.algorithm(), key.kid()), claims, attacker);
  }

  private static String smuggledKey(TestKey key, String token, Random random) {
    TestKey attacker = ATTACKER.get(key.algorithm());
    Map<String, Object> header = new LinkedHashMap<>(Forge.header(key.algorithm(), attacker.kid()));
    switch (random.nextInt(4)) {
      case 0 -> header.put("jwk", Forge.map(attacker.signingKey().publicJwk()));
      case 1 -> header.put("jku", "https://attacker.example/jwks.json");
      case 2 -> header.put("x5c", List.of("MIIB"));
      default -> header.put("kid", key.kid()); // our kid, the attacker's signature
    }
    return Forge.jws(header, Forge.claims("orders", NOW), attacker);
  }

  private static String otherKid(TestKey key, String token, Random random) {
    TestKey other =
        KEYS.get((KEYS.indexOf(key) + 1 + random.nextInt(KEYS.size() - 1)) % KEYS.size());
    String[] parts = parts(token);
    Map<String, Object> header = new LinkedHashMap<>(header(token));
    header.put("kid", other.kid());
    if (random.nextBoolean()) {
      header.put("alg", other.algorithm());
    }
    parts[0] = encode(Forge.json(header).getBytes(StandardCharsets.UTF_8));
    return String.join(".", parts);
  }
}
