/**
 * The function side of protocol section 2: verifying the token every request from the component
 * carries.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder()
 *     .publicKeys(Files.readString(Path.of("dapr-compute-public.pem")))  // PEM, JWK or JWK Set
 *     .audience("orders-function")
 *     .build();
 * try {
 *   VerifiedToken token = verifier.verify(requestHeaders);
 * } catch (TokenRejectedException e) {
 *   // answer 401 with WWW-Authenticate: e.wwwAuthenticate()
 * }
 * }</pre>
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.daprcompute.function.token;

import org.jspecify.annotations.NullMarked;
