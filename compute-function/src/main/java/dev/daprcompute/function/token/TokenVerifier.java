package dev.daprcompute.function.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.internal.Messages;
import dev.daprcompute.protocol.keys.JwsPublicKey;
import dev.daprcompute.protocol.keys.PublicKeys;
import dev.daprcompute.protocol.keys.UnusableKeyException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the tokens a component sends with every request (protocol section 2). Immutable and
 * thread-safe; build one per function and share it.
 *
 * <p>A token is accepted only if all of this holds: it is a compact JWS signed with an allowed
 * public-key algorithm (never {@code none}, never HMAC) by one of the configured keys, picked by
 * {@code kid} when there are several; its header carries no key of its own ({@code jwk}, {@code
 * jku}, {@code x5u}, {@code x5c}, {@code x5t}...) and no {@code crit} parameter; {@code iss} is the
 * configured issuer; {@code aud} names one of the accepted audiences; {@code exp}, {@code iat} and
 * {@code jti} are present; {@code exp}, {@code nbf} and {@code iat} hold within the clock skew; and
 * {@code exp} is at most the maximum lifetime after {@code iat} and {@code nbf}. Everything else is
 * a {@link TokenRejectedException} whose description says which rule failed. Every part of the
 * token must be in canonical base64url, so that one token has one text.
 *
 * <p>A token it accepted is remembered (up to {@value #MAX_REMEMBERED}, until it expires): checking
 * it again costs a lookup and the checks against the clock, not a signature check.
 */
public final class TokenVerifier {
  /** The largest clock skew allowed, and the default: 60 s. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

  /** The longest token lifetime allowed, and the default ({@link Protocol#MAX_TOKEN_LIFETIME}). */
  public static final Duration MAX_LIFETIME = Protocol.MAX_TOKEN_LIFETIME;

  /** Tokens longer than this are malformed without further reading. */
  static final int MAX_TOKEN_LENGTH = 16 * 1024;

  /** How many accepted tokens are remembered. */
  static final int MAX_REMEMBERED = 1024;

  /**
   * Header parameters that carry or point to a key: a verifier must never take a key from the
   * token.
   */
  private static final Set<String> KEY_HEADERS =
      Set.of("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256");

  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
  private static final Base64.Encoder BASE64URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

  /**
   * Authorization schemes a rejection may name (IANA's registry and what platforms use), by lower
   * case.
   */
  private static final Map<String, String> KNOWN_SCHEMES =
      knownSchemes(
          "Basic",
          "Digest",
          "Negotiate",
          "NTLM",
          "HOBA",
          "Mutual",
          "OAuth",
          "SCRAM-SHA-1",
          "SCRAM-SHA-256",
          "vapid",
          "DPoP",
          "PrivateToken",
          "Concealed",
          "Token",
          "AWS4-HMAC-SHA256",
          "SharedKey",
          "SharedAccessSignature",
          "ApiKey");

  private static final long MAX_NUMERIC_DATE = 253402300799L; // 9999-12-31T23:59:59Z

  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private final List<PublicKeys.Key> keys;
  private final Map<String, PublicKeys.Key> keysById;
  private final Set<String> audiences;
  private final String issuer;
  private final Set<String> allowedAlgorithms;
  private final Duration clockSkew;
  private final Duration maxLifetime;
  private final Clock clock;

  /**
   * Tokens accepted before, by their exact text, with whether they carried {@code nbf}. A component
   * reuses a token for half its lifetime (protocol section 2), and a host may check a request's
   * token before and after reading its body: a remembered token costs a lookup and the clock
   * checks, not a signature. Sound because the text fixes everything but the time, and the keys,
   * audiences and rules of this verifier never change.
   */
  private final ConcurrentHashMap<String, Accepted> accepted = new ConcurrentHashMap<>();

  private record Accepted(VerifiedToken token, boolean hasNotBefore) {}

  private TokenVerifier(Builder builder, List<PublicKeys.Key> keys, Set<String> allowedAlgorithms) {
    this.keys = keys;
    Map<String, PublicKeys.Key> byId = new LinkedHashMap<>();
    for (PublicKeys.Key key : keys) {
      key.ids().forEach(id -> byId.put(id, key));
    }
    this.keysById = Map.copyOf(byId);
    this.audiences = Set.copyOf(builder.audiences);
    this.issuer = builder.issuer;
    this.allowedAlgorithms = Set.copyOf(allowedAlgorithms);
    this.clockSkew = builder.clockSkew;
    this.maxLifetime = builder.maxLifetime;
    this.clock = builder.clock;
  }

  /** A builder; {@link Builder#publicKeys} and {@link Builder#audience} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies the token of a request: from {@code Dapr-Authorization} when present, else from {@code
   * Authorization}; either as {@code Bearer <token>} (scheme case-insensitive).
   *
   * @throws TokenRejectedException when there is no token or it is not acceptable
   */
  public VerifiedToken verify(Metadata headers) {
    Objects.requireNonNull(headers, "headers == null");
    List<String> dapr = headers.all(Protocol.DAPR_AUTHORIZATION);
    if (!dapr.isEmpty()) {
      return verifyHeader(Protocol.DAPR_AUTHORIZATION, dapr);
    }
    List<String> authorization = headers.all(Protocol.AUTHORIZATION);
    if (!authorization.isEmpty()) {
      return verifyHeader(Protocol.AUTHORIZATION, authorization);
    }
    throw reject(
        "no token: send it as 'Authorization: Bearer <token>' or 'Dapr-Authorization: Bearer <token>'");
  }

  /**
   * Verifies a compact JWS token (without the {@code Bearer} scheme).
   *
   * @throws TokenRejectedException when it is not acceptable
   */
  public VerifiedToken verifyToken(String compactJws) {
    Objects.requireNonNull(compactJws, "compactJws == null");
    String token = compactJws.strip();
    if (token.isEmpty()) {
      throw reject("no token: the token is empty");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw reject("malformed token: longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    Accepted known = accepted.get(token);
    if (known != null) {
      VerifiedToken verified = known.token();
      checkTime(
          verified.expiresAt(),
          known.hasNotBefore() ? verified.notBefore() : null,
          verified.issuedAt());
      return verified;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length == 5) {
      throw reject("malformed token: an encrypted JWE (five parts); expected a signed JWS");
    }
    if (parts.length != 3) {
      throw reject("malformed token: expected three base64url parts separated by dots");
    }

    JsonNode header = json(parts[0], "header");
    String algorithm = checkAlgorithm(header);
    checkHeader(header);
    PublicKeys.Key key = selectKey(header);
    if (!key.algorithms().contains(algorithm)) {
      throw reject(
          "algorithm "
              + algorithm
              + " does not match key '"
              + key.id()
              + "' ("
              + key.key().describe()
              + ", which verifies "
              + String.join(" or ", new TreeSet<>(key.algorithms()))
              + ")");
    }
    byte[] signature = base64Url(parts[2], "signature");
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!key.key().verify(algorithm, input, signature)) {
      throw reject(
          "bad signature: the token was not signed by key '"
              + key.id()
              + "' or was changed after signing");
    }

    JsonNode claims = json(parts[1], "payload");
    VerifiedToken verified =
        checkClaims(
            claims, header.hasNonNull("kid") ? header.get("kid").textValue() : key.id(), algorithm);
    remember(token, new Accepted(verified, claims.has("nbf")));
    return verified;
  }

  private void remember(String token, Accepted verified) {
    if (accepted.size() >= MAX_REMEMBERED) {
      Instant now = clock.instant();
      accepted.values().removeIf(a -> !now.isBefore(a.token().expiresAt().plus(clockSkew)));
      if (accepted.size() >= MAX_REMEMBERED) {
        accepted.clear();
      }
    }
    accepted.put(token, verified);
  }

  /** The algorithms tokens may use. */
  public Set<String> allowedAlgorithms() {
    return allowedAlgorithms;
  }

  /** The accepted audiences. */
  public Set<String> audiences() {
    return audiences;
  }

  /** The ids of the configured keys: each key's {@code kid}, or its thumbprint when it has none. */
  public List<String> keyIds() {
    return keys.stream().map(PublicKeys.Key::id).toList();
  }

  @Override
  public String toString() {
    return "TokenVerifier[keys="
        + keyIds()
        + ", audiences="
        + new TreeSet<>(audiences)
        + ", issuer="
        + issuer
        + ", algorithms="
        + new TreeSet<>(allowedAlgorithms)
        + "]";
  }

  // --- steps ---

  private VerifiedToken verifyHeader(String name, List<String> values) {
    if (values.size() > 1) {
      throw reject(
          "malformed request: " + values.size() + " " + name + " headers; send exactly one");
    }
    String value = values.get(0).strip();
    int space = indexOfWhitespace(value);
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!scheme.equalsIgnoreCase("Bearer")) {
      // Only a scheme everyone knows is named: the first word of an unknown value may be the
      // secret.
      String known = space > 0 ? KNOWN_SCHEMES.get(scheme.toLowerCase(Locale.ROOT)) : null;
      String shown =
          known != null
              ? "a '" + known + "' credential"
              : "a credential without the 'Bearer ' scheme";
      String hint =
          name.equals(Protocol.AUTHORIZATION)
              ? "; if the platform uses Authorization itself, have the component send its token in "
                  + Protocol.DAPR_AUTHORIZATION
              : "";
      throw reject("no token: " + name + " holds " + shown + ", not 'Bearer <token>'" + hint);
    }
    String token = space < 0 ? "" : value.substring(space).strip();
    if (token.isEmpty()) {
      throw reject("no token: " + name + " says Bearer but holds no token");
    }
    return verifyToken(token);
  }

  private String checkAlgorithm(JsonNode header) {
    JsonNode alg = header.get("alg");
    if (alg == null || alg.isNull()) {
      throw reject("malformed token: the header has no 'alg'");
    }
    if (!alg.isTextual()) {
      throw reject("malformed token: the header's 'alg' is not a string");
    }
    String algorithm = alg.textValue();
    if (algorithm.equalsIgnoreCase("none")) {
      throw reject("alg none: unsigned tokens are never accepted");
    }
    if (algorithm.toUpperCase(Locale.ROOT).startsWith("HS")) {
      throw reject(
          "alg "
              + Messages.quote(algorithm)
              + ": HMAC (shared-secret) tokens are never accepted;"
              + " tokens must be signed with the component's private key");
    }
    if (!allowedAlgorithms.contains(algorithm)) {
      throw reject(
          "algorithm '"
              + Messages.quote(algorithm)
              + "' is not allowed (allowed: "
              + String.join(", ", new TreeSet<>(allowedAlgorithms))
              + ")");
    }
    return algorithm;
  }

  private void checkHeader(JsonNode header) {
    for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (KEY_HEADERS.contains(name)) {
        throw reject(
            "the token carries a key in its header ('"
                + name
                + "'); keys are never taken from the"
                + " token, only from the function's configuration");
      }
    }
    JsonNode crit = header.get("crit");
    if (crit != null) {
      if (!crit.isArray() || crit.isEmpty()) {
        throw reject("malformed token: 'crit' must be a non-empty array");
      }
      List<String> names = new ArrayList<>();
      crit.forEach(node -> names.add("'" + Messages.quote(node.asText()) + "'"));
      throw reject("critical header parameter " + String.join(", ", names) + " not understood");
    }
    JsonNode typ = header.get("typ");
    if (typ != null
        && !(typ.isTextual()
            && (typ.textValue().equalsIgnoreCase("JWT")
                || typ.textValue().equalsIgnoreCase("application/jwt")))) {
      throw reject("unexpected typ '" + Messages.quote(typ.asText()) + "'; expected JWT");
    }
  }

  private PublicKeys.Key selectKey(JsonNode header) {
    JsonNode kid = header.get("kid");
    if (kid == null || kid.isNull()) {
      if (keys.size() == 1) {
        return keys.get(0);
      }
      throw reject(
          "no key id: the token has no 'kid' and the function has " + keys.size() + " public keys");
    }
    if (!kid.isTextual()) {
      throw reject("malformed token: the header's 'kid' is not a string");
    }
    PublicKeys.Key key = keysById.get(kid.textValue());
    if (key == null) {
      throw reject(
          "unknown key id '"
              + Messages.quote(kid.textValue())
              + "': no configured public key has it"
              + " (a new component key? add its public key to the function's keys)");
    }
    return key;
  }

  private VerifiedToken checkClaims(JsonNode claims, String keyId, String algorithm) {
    String iss = requiredString(claims, "iss");
    if (!iss.equals(issuer)) {
      throw reject(
          "wrong issuer '" + Messages.quote(iss) + "'; expected '" + Messages.quote(issuer) + "'");
    }
    List<String> aud = audience(claims);
    if (aud.stream().noneMatch(audiences::contains)) {
      throw reject(
          "wrong audience "
              + aud.stream()
                  .map(a -> "'" + Messages.quote(a) + "'")
                  .limit(5)
                  .collect(Collectors.joining(", "))
              + "; this function accepts "
              + audiences.stream()
                  .sorted()
                  .map(a -> "'" + Messages.quote(a) + "'")
                  .collect(Collectors.joining(", ")));
    }
    Instant exp = requiredTime(claims, "exp");
    Instant iat = requiredTime(claims, "iat");
    @Nullable Instant nbfClaim = claims.has("nbf") ? requiredTime(claims, "nbf") : null;
    Instant nbf = nbfClaim != null ? nbfClaim : iat;
    String jti = requiredString(claims, "jti");
    String sub = null;
    if (claims.has("sub")) {
      sub = requiredString(claims, "sub");
    }

    checkTime(exp, nbfClaim, iat);
    if (!exp.isAfter(iat)) {
      throw reject("token expires before it was issued (exp " + exp + ", iat " + iat + ")");
    }
    checkLifetime(Duration.between(iat, exp), "iat");
    checkLifetime(Duration.between(nbf, exp), "nbf");
    return new VerifiedToken(iss, aud, sub, iat, nbf, exp, keyId, algorithm, jti);
  }

  /**
   * The checks against the clock: {@code exp}, {@code nbf} (when the token has it) and {@code iat}.
   */
  private void checkTime(Instant exp, @Nullable Instant nbfClaim, Instant iat) {
    Instant now = clock.instant();
    String skew =
        " (now "
            + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + ", allowed clock skew "
            + clockSkew.toSeconds()
            + " s)";
    if (!now.isBefore(exp.plus(clockSkew))) {
      throw reject("token expired at " + exp + skew);
    }
    if (nbfClaim != null && nbfClaim.minus(clockSkew).isAfter(now)) {
      throw reject(
          "token not yet valid: nbf is "
              + nbfClaim
              + skew
              + "; check the clocks of component and function");
    }
    if (iat.minus(clockSkew).isAfter(now)) {
      throw reject(
          "token issued in the future: iat is "
              + iat
              + skew
              + "; check the clocks of component and function");
    }
  }

  private void checkLifetime(Duration lifetime, String from) {
    if (lifetime.compareTo(maxLifetime) > 0) {
      throw reject(
          "token lifetime "
              + lifetime.toSeconds()
              + " s (exp - "
              + from
              + ") exceeds the maximum of "
              + maxLifetime.toSeconds()
              + " s");
    }
  }

  // --- parsing helpers ---

  private static JsonNode json(String part, String what) {
    byte[] bytes = base64Url(part, what);
    JsonNode node;
    try (JsonParser parser = STRICT_JSON.createParser(bytes)) {
      node = STRICT_JSON.readTree(parser);
      if (parser.nextToken() != null) {
        node = null;
      }
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw reject(
          "malformed token: the "
              + what
              + " is not one JSON object (valid JSON, no repeated members)");
    }
    return node;
  }

  /**
   * The bytes of a JWS part, which must be in canonical base64url (RFC 7515 section 2: no padding,
   * and no bits set past the data in the last character). Java's decoder ignores such bits, so
   * without this check one signature would have several texts, and a token could be changed without
   * changing what verifies.
   */
  private static byte[] base64Url(String part, String what) {
    if (part.isEmpty() || !BASE64URL.matcher(part).matches()) {
      throw reject("malformed token: the " + what + " is not base64url");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw reject("malformed token: the " + what + " is not base64url");
    }
    // Canonical only: the decoder ignores bits of the last character that carry no data, so without
    // this one signature would have several spellings (and the JavaScript SDK, which is strict,
    // would
    // disagree).
    if (!BASE64URL_ENCODER.encodeToString(bytes).equals(part)) {
      throw reject(
          "malformed token: the "
              + what
              + " is not canonical base64url (unused bits set in its last character)");
    }
    return bytes;
  }

  private static String requiredString(JsonNode claims, String name) {
    JsonNode node = claims.get(name);
    if (node == null || node.isNull()) {
      throw reject("missing claim '" + name + "'");
    }
    if (!node.isTextual()) {
      throw reject("malformed token: claim '" + name + "' is not a string");
    }
    return node.textValue();
  }

  private static List<String> audience(JsonNode claims) {
    JsonNode node = claims.get("aud");
    if (node == null || node.isNull()) {
      throw reject("missing claim 'aud'");
    }
    if (node.isTextual()) {
      return List.of(node.textValue());
    }
    if (node.isArray() && !node.isEmpty()) {
      List<String> audiences = new ArrayList<>(node.size());
      for (JsonNode element : node) {
        if (!element.isTextual()) {
          throw reject("malformed token: claim 'aud' holds a value that is not a string");
        }
        audiences.add(element.textValue());
      }
      return audiences;
    }
    throw reject(
        "malformed token: claim 'aud' is neither a string nor a non-empty array of strings");
  }

  private static Instant requiredTime(JsonNode claims, String name) {
    JsonNode node = claims.get(name);
    if (node == null || node.isNull()) {
      throw reject("missing claim '" + name + "'");
    }
    if (!node.isNumber()) {
      throw reject("malformed token: claim '" + name + "' is not a number of seconds");
    }
    BigDecimal seconds = node.decimalValue();
    if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(MAX_NUMERIC_DATE)) > 0) {
      throw reject("malformed token: claim '" + name + "' is out of range");
    }
    BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
    int nanos =
        seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).intValue();
    return Instant.ofEpochSecond(whole.longValueExact(), nanos);
  }

  private static int indexOfWhitespace(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, String> knownSchemes(String... schemes) {
    Map<String, String> byLowerCase = new LinkedHashMap<>();
    for (String scheme : schemes) {
      byLowerCase.put(scheme.toLowerCase(Locale.ROOT), scheme);
    }
    return Map.copyOf(byLowerCase);
  }

  private static TokenRejectedException reject(String description) {
    return new TokenRejectedException(description);
  }

  /** Configures a {@link TokenVerifier}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String publicKeys;
    private final Set<String> audiences = new LinkedHashSet<>();
    private String issuer = Protocol.ISSUER;
    private @Nullable Set<String> allowedAlgorithms;
    private Duration clockSkew = MAX_CLOCK_SKEW;
    private Duration maxLifetime = MAX_LIFETIME;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The component's public keys (required): one or more SPKI PEM blocks, a JWK, or a JWK Set.
     * Several keys allow rotation; tokens pick theirs by {@code kid}. Replaces earlier keys.
     *
     * @throws PublicKeyException when the text holds no usable public key; the message says why
     */
    public Builder publicKeys(String text) {
      Objects.requireNonNull(text, "text == null");
      keys(text); // fail here, where the caller can tell which setting is wrong
      this.publicKeys = text;
      return this;
    }

    /**
     * The audiences this function accepts (required): the component's {@code audience} metadata.
     */
    public Builder audience(String... accepted) {
      Objects.requireNonNull(accepted, "accepted == null");
      if (accepted.length == 0) {
        throw new IllegalArgumentException("give at least one audience");
      }
      for (String audience : accepted) {
        Objects.requireNonNull(audience, "audience == null");
        if (audience.isBlank()) {
          throw new IllegalArgumentException("an audience is blank");
        }
      }
      audiences.clear();
      audiences.addAll(List.of(accepted));
      return this;
    }

    /** The required {@code iss}; default {@value Protocol#ISSUER}. */
    public Builder issuer(String issuer) {
      Objects.requireNonNull(issuer, "issuer == null");
      if (issuer.isBlank()) {
        throw new IllegalArgumentException("issuer is blank");
      }
      this.issuer = issuer;
      return this;
    }

    /**
     * The algorithms tokens may use; default: those of the configured keys. Only {@code EdDSA},
     * {@code ES256}, {@code RS256} and {@code PS256} can be allowed.
     *
     * @throws IllegalArgumentException for any other algorithm, {@code none} and HMAC included
     */
    public Builder allowedAlgorithms(Set<String> algorithms) {
      Objects.requireNonNull(algorithms, "algorithms == null");
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("allow at least one algorithm");
      }
      for (String algorithm : algorithms) {
        if (!JwsPublicKey.SIGNATURE_ALGORITHMS.contains(algorithm)) {
          throw new IllegalArgumentException(
              "algorithm '"
                  + Messages.quote(String.valueOf(algorithm))
                  + "' can never be allowed: tokens are signed with EdDSA, ES256, RS256 or PS256 (never none, never"
                  + " HMAC)");
        }
      }
      this.allowedAlgorithms = Set.copyOf(algorithms);
      return this;
    }

    /** How far the clocks of component and function may disagree; default and maximum 60 s. */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "skew == null");
      if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException("clock skew must be between 0 and 60 s, was " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /**
     * The longest lifetime ({@code exp - iat}, {@code exp - nbf}) accepted; default and maximum 1
     * h.
     */
    public Builder maxLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime == null");
      if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
        throw new IllegalArgumentException(
            "maximum lifetime must be more than 0 and at most 1 h, was " + lifetime);
      }
      this.maxLifetime = lifetime;
      return this;
    }

    /** The clock; default the system's UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * The verifier.
     *
     * @throws IllegalStateException when keys or audience are missing, or no allowed algorithm fits
     *     any configured key
     */
    public TokenVerifier build() {
      if (publicKeys == null) {
        throw new IllegalStateException(
            "publicKeys(...) is required: the component's public key as PEM, JWK" + " or JWK Set");
      }
      if (audiences.isEmpty()) {
        throw new IllegalStateException(
            "audience(...) is required: the audience the component signs for"
                + " (its 'audience' metadata; by default the function's name on its platform)");
      }
      List<PublicKeys.Key> keys = keys(publicKeys);
      Set<String> keyAlgorithms = new TreeSet<>();
      keys.forEach(key -> keyAlgorithms.addAll(key.algorithms()));
      Set<String> allowed = allowedAlgorithms == null ? keyAlgorithms : allowedAlgorithms;
      if (allowed.stream().noneMatch(keyAlgorithms::contains)) {
        throw new IllegalStateException(
            "no allowed algorithm "
                + new TreeSet<>(allowed)
                + " fits the configured keys, which verify "
                + keyAlgorithms);
      }
      return new TokenVerifier(this, keys, allowed);
    }

    private static List<PublicKeys.Key> keys(String text) {
      try {
        return PublicKeys.parse(text);
      } catch (UnusableKeyException e) {
        throw new PublicKeyException(e.getMessage());
      }
    }
  }
}
