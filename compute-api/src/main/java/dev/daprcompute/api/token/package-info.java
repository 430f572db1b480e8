/**
 * The tokens a component signs for its function (protocol section 2): signing keys in PEM or JWK
 * form, and a signer that reuses each token until half its lifetime has passed.
 */
@NullMarked
package dev.daprcompute.api.token;

import org.jspecify.annotations.NullMarked;
