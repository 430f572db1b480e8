/**
 * Public keys that verify dapr-compute tokens (Ed25519, EC P-256, RSA), read from PEM (SPKI), a JWK
 * or a JWK Set. Used by the function's token verifier and by the component's signing key. Messages
 * never contain key material.
 */
@NullMarked
package dev.daprcompute.protocol.keys;

import org.jspecify.annotations.NullMarked;
