// Signs a token with jose, as another component implementation would.
// stdin:  {"alg": "EdDSA", "privateKey": "<PKCS#8 PEM | private JWK JSON>" (optional: without it a
//          fresh key pair is generated), "kid": "..." (optional), "claims": {...}, "lifetimeSeconds": 60}
// stdout: {"token": "...", "publicKeyPem": "<SPKI PEM>", "publicJwk": {...}, "thumbprint": "..."}
import {
  calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, importJWK, importPKCS8, SignJWT,
} from 'jose';
import { createPublicKey, KeyObject, randomBytes } from 'node:crypto';
import { answer, fail, readRequest } from './io.mjs';

async function keyPair(alg, text) {
  if (!text) {
    return generateKeyPair(alg, { extractable: true });
  }
  const trimmed = text.trim();
  const privateKey = trimmed.startsWith('{')
    ? await importJWK(JSON.parse(trimmed), alg)
    : await importPKCS8(trimmed, alg, { extractable: true });
  // jose derives no public key from a private one; Node's KeyObject does.
  const keyObject = privateKey instanceof KeyObject ? privateKey : KeyObject.from(privateKey);
  return { privateKey, publicKey: createPublicKey(keyObject) };
}

try {
  const request = await readRequest();
  const alg = request.alg ?? 'EdDSA';
  const { privateKey, publicKey } = await keyPair(alg, request.privateKey);
  const publicJwk = await exportJWK(publicKey);
  const thumbprint = await calculateJwkThumbprint(publicJwk);
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: 'dapr.io/compute', iat: now, nbf: now, exp: now + (request.lifetimeSeconds ?? 60),
    jti: randomBytes(16).toString('base64url'), ...(request.claims ?? {}) };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', kid: request.kid ?? thumbprint })
    .sign(privateKey);
  answer({ token, publicKeyPem: await exportSPKI(publicKey), publicJwk, thumbprint });
} catch (error) {
  fail(error);
}
