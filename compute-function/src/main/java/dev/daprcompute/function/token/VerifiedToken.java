package dev.daprcompute.function.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a verified token says: who issued it, for which audience, on behalf of which Dapr app
 * ({@code subject}, when the component knows it), and when it is valid.
 *
 * @param issuer the {@code iss} claim, {@code dapr.io/compute}
 * @param audience the {@code aud} claim, one or more audiences
 * @param subject the {@code sub} claim: the Dapr app ID, if the token names one
 * @param issuedAt the {@code iat} claim
 * @param notBefore the {@code nbf} claim, or {@code iat} when the token has none
 * @param expiresAt the {@code exp} claim
 * @param keyId the id of the key that verified the signature (the token's {@code kid}, or the key's
 *     RFC 7638 thumbprint when the token names none)
 * @param algorithm the JWS algorithm: {@code EdDSA}, {@code ES256}, {@code RS256} or {@code PS256}
 * @param jwtId the {@code jti} claim
 */
public record VerifiedToken(
    String issuer,
    List<String> audience,
    @Nullable String subject,
    Instant issuedAt,
    Instant notBefore,
    Instant expiresAt,
    String keyId,
    String algorithm,
    String jwtId) {

  public VerifiedToken {
    Objects.requireNonNull(issuer, "issuer == null");
    audience = List.copyOf(Objects.requireNonNull(audience, "audience == null"));
    Objects.requireNonNull(issuedAt, "issuedAt == null");
    Objects.requireNonNull(notBefore, "notBefore == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
    Objects.requireNonNull(keyId, "keyId == null");
    Objects.requireNonNull(algorithm, "algorithm == null");
    Objects.requireNonNull(jwtId, "jwtId == null");
  }
}
