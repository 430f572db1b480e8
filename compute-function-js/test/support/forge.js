// Keys and hand-made tokens, good or bad, for the tests: WebCrypto only, as the SDK.

import { encodeBase64, encodeBase64Url } from '../../src/base64.js';
import { jwkThumbprint } from '../../src/keys.js';

const SIGN_PARAMS = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
};

const GENERATE_PARAMS = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
};

/** A key pair for `algorithm`, with its public JWK, SPKI PEM and RFC 7638 thumbprint. */
export async function generateKey(algorithm = 'EdDSA') {
  const pair = await crypto.subtle.generateKey(GENERATE_PARAMS[algorithm], true, ['sign', 'verify']);
  const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const members = pick(exported);
  const kid = await jwkThumbprint(members);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const pem = `-----BEGIN PUBLIC KEY-----\n${encodeBase64(spki).replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`;
  return {
    algorithm,
    kid,
    privateKey: pair.privateKey,
    jwk: { ...members, kid, alg: algorithm, use: 'sig' },
    pem,
    async sign(input, as = algorithm) {
      let privateKey = pair.privateKey;
      if (as !== algorithm) { // the same RSA key under the other RSA algorithm
        const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
        delete jwk.alg;
        privateKey = await crypto.subtle.importKey('jwk', jwk, GENERATE_PARAMS[as], false, ['sign']);
      }
      return new Uint8Array(await crypto.subtle.sign(SIGN_PARAMS[as], privateKey, input));
    },
  };
}

function pick(jwk) {
  const names = { OKP: ['crv', 'kty', 'x'], EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'] }[jwk.kty];
  return Object.fromEntries(names.map((name) => [name, jwk[name]]));
}

/** The header the component writes. */
export function header(key) {
  return { alg: key.algorithm, typ: 'JWT', kid: key.kid };
}

/** The claims the component writes, issued at `iat` (seconds), valid for 60 s. */
export function claims(audience, iat) {
  return {
    iss: 'dapr.io/compute', aud: audience, sub: 'checkout', iat, nbf: iat, exp: iat + 60,
    jti: 'AAECAwQFBgcICQoLDA0ODw',
  };
}

/** A compact JWS; header and claims may be objects or raw JSON text. */
export async function jws(key, headerValue, claimsValue, as) {
  const text = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
  const input = `${b64(text(headerValue))}.${b64(text(claimsValue))}`;
  const signature = await key.sign(new TextEncoder().encode(input), as);
  return `${input}.${encodeBase64Url(signature)}`;
}

export function b64(text) {
  return encodeBase64Url(new TextEncoder().encode(text));
}
