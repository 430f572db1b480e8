package dev.daprcompute.api.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.daprcompute.api.observation.ComputeObservation;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.keys.JwsPublicKey;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the tokens a component sends to its function (protocol section 2) and reuses each one until
 * half its lifetime has passed, so a busy component signs about once per audience per half-life,
 * not once per request. Thread-safe.
 *
 * <p>Header: {@code alg}, {@code typ} {@code JWT}, {@code kid}. Claims: {@code iss} {@value
 * Protocol#ISSUER}, {@code aud} (one string), {@code sub} when given, {@code iat}, {@code nbf},
 * {@code exp} = {@code iat} + lifetime, and a random 128-bit {@code jti}.
 */
public final class TokenSigner {
  private static final Logger log = LoggerFactory.getLogger(TokenSigner.class);

  /** The lifetime unless configured: 60 s. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

  /**
   * The longest lifetime allowed ({@link Protocol#MAX_TOKEN_LIFETIME}): verifiers reject
   * longer-lived tokens.
   */
  public static final Duration MAX_LIFETIME = Protocol.MAX_TOKEN_LIFETIME;

  /** At most this many (audience, subject) pairs are cached; stale entries go first. */
  static final int MAX_CACHED = 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SigningKey key;
  private final Clock clock;
  private final long lifetimeSeconds;
  private final Duration reuseFor;
  private final JWSHeader header;
  private final ConcurrentHashMap<Audience, Issued> cache = new ConcurrentHashMap<>();

  /**
   * The token handed out last, checked before the cache: a component asks for one audience on every
   * call, and this costs two string comparisons instead of a key and a map lookup.
   */
  private volatile @Nullable Recent recent;

  private final ObservationRegistry observations;
  private final KeyValues observationKeys;

  /** A signer with the system clock and the {@link #DEFAULT_LIFETIME}. */
  public TokenSigner(SigningKey key) {
    this(key, Clock.systemUTC(), DEFAULT_LIFETIME);
  }

  /**
   * A signer.
   *
   * @param lifetime more than zero and at most {@link #MAX_LIFETIME}; rounded up to whole seconds
   *     (JWT times are in seconds)
   * @throws IllegalArgumentException when the lifetime is out of range
   */
  public TokenSigner(SigningKey key, Clock clock, Duration lifetime) {
    this(key, clock, lifetime, ObservationRegistry.NOOP, KeyValues.empty());
  }

  /**
   * A signer that observes each signature as {@value ComputeObservation#TOKEN_SIGNINGS_NAME} in
   * {@code observations}, with {@code keys} as its low-cardinality keys (a component's name and
   * type). Reused tokens are not signatures and are not observed.
   *
   * @param lifetime more than zero and at most {@link #MAX_LIFETIME}; rounded up to whole seconds
   * @throws IllegalArgumentException when the lifetime is out of range
   */
  public TokenSigner(
      SigningKey key,
      Clock clock,
      Duration lifetime,
      ObservationRegistry observations,
      KeyValues keys) {
    this.observations = Objects.requireNonNull(observations, "observations == null");
    this.observationKeys = Objects.requireNonNull(keys, "keys == null");
    this.key = Objects.requireNonNull(key, "key == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(lifetime, "lifetime == null");
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "token lifetime must be more than 0 and at most "
              + MAX_LIFETIME.toMinutes()
              + " minutes, was "
              + lifetime);
    }
    this.lifetimeSeconds = lifetime.getSeconds() + (lifetime.getNano() > 0 ? 1 : 0);
    this.reuseFor = Duration.ofSeconds(lifetimeSeconds).dividedBy(2);
    this.header =
        new JWSHeader.Builder(JWSAlgorithm.parse(key.algorithm()))
            .type(JOSEObjectType.JWT)
            .keyID(key.keyId())
            .build();
  }

  /**
   * A token for {@code audience}, on behalf of {@code subject} (the Dapr app ID) when known: the
   * cached one while less than half its lifetime has passed, else a freshly signed one.
   *
   * @throws IllegalArgumentException when the audience is blank
   */
  public String token(String audience, @Nullable String subject) {
    Objects.requireNonNull(audience, "audience == null");
    Instant now = clock.instant();
    Recent last = recent;
    if (last != null
        && audience.equals(last.audience())
        && Objects.equals(subject, last.subject())
        && last.issued().reusableAt(now)) {
      return last.issued().token(); // a blank audience never gets here: it never gets a token
    }
    if (audience.isBlank()) {
      throw new IllegalArgumentException("audience is blank");
    }
    Audience cacheKey = new Audience(audience, subject);
    Issued cached = cache.get(cacheKey);
    if (cached != null && cached.reusableAt(now)) {
      recent = new Recent(audience, subject, cached);
      return cached.token();
    }
    if (cached == null && cache.size() >= MAX_CACHED) {
      evict(now);
    }
    // compute() signs at most once per key at a time; other callers for the same key wait for it.
    Issued issued =
        cache.compute(
            cacheKey,
            (k, current) -> current != null && current.reusableAt(now) ? current : sign(k, now));
    recent = new Recent(audience, subject, issued);
    return issued.token();
  }

  /** The key tokens are signed with. */
  public SigningKey key() {
    return key;
  }

  /** The lifetime of each token, in whole seconds. */
  public Duration lifetime() {
    return Duration.ofSeconds(lifetimeSeconds);
  }

  /** For tests: how many tokens are cached. */
  int cachedCount() {
    return cache.size();
  }

  private Issued sign(Audience audience, Instant now) {
    if (observations.isNoop()) {
      return signNow(audience, now);
    }
    Observation observation =
        Observation.createNotStarted(ComputeObservation.TOKEN_SIGNINGS_NAME, observations)
            .lowCardinalityKeyValues(observationKeys);
    // By hand rather than observe(): a handler's failure must not fail the signature, nor the call.
    if (!quietly(observation::start)) {
      return signNow(audience, now);
    }
    try {
      return signNow(audience, now);
    } catch (RuntimeException e) {
      quietly(() -> observation.error(e));
      throw e;
    } finally {
      quietly(observation::stop);
    }
  }

  private static boolean quietly(Runnable step) {
    try {
      step.run();
      return true;
    } catch (RuntimeException e) {
      log.warn("an observation handler failed on a token signing; signing goes on without it", e);
      return false;
    }
  }

  private Issued signNow(Audience audience, Instant now) {
    Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder().issuer(Protocol.ISSUER).audience(audience.audience());
    if (audience.subject() != null) {
      claims.subject(audience.subject());
    }
    claims
        .issueTime(Date.from(issuedAt))
        .notBeforeTime(Date.from(issuedAt))
        .expirationTime(Date.from(issuedAt.plusSeconds(lifetimeSeconds)))
        .jwtID(jwtId());
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token with " + key, e);
    }
    return new Issued(jwt.serialize(), issuedAt, issuedAt.plus(reuseFor));
  }

  private void evict(Instant now) {
    cache.values().removeIf(issued -> !issued.reusableAt(now));
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
  }

  private static String jwtId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return JwsPublicKey.base64Url(bytes);
  }

  @Override
  public String toString() {
    return "TokenSigner[" + key + ", lifetime " + lifetimeSeconds + " s]";
  }

  private record Audience(String audience, @Nullable String subject) {}

  private record Recent(String audience, @Nullable String subject, Issued issued) {}

  private record Issued(String token, Instant issuedAt, Instant refreshAt) {
    boolean reusableAt(Instant now) {
      return !now.isBefore(issuedAt) && now.isBefore(refreshAt);
    }

    @Override
    public String toString() {
      return "Issued[" + issuedAt + "]";
    }
  }
}
