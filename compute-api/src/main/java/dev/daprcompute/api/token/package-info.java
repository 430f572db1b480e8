/**
 * The tokens a component signs for its function (protocol section 2).
 *
 * <p>A {@link dev.daprcompute.api.token.SigningKey} reads the component's private key (PKCS#8 PEM
 * or a private JWK; Ed25519 recommended) and hands out the public key for the function as PEM, JWK
 * or JWK Set. A {@link dev.daprcompute.api.token.TokenSigner} signs compact JWS tokens with it and
 * reuses each token until half its lifetime has passed:
 *
 * <pre>{@code
 * TokenSigner signer = new TokenSigner(SigningKey.parse(keyText));
 * String authorization = "Bearer " + signer.token("orders-function", "checkout");
 * }</pre>
 *
 * <p>Messages and {@code toString()} never contain key material.
 */
@NullMarked
package dev.daprcompute.api.token;

import org.jspecify.annotations.NullMarked;
