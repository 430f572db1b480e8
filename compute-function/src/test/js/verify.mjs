// Verifies a token with jose, as a function written in JavaScript would.
// stdin:  {"key": "<SPKI PEM | JWK JSON | JWK Set JSON>", "token": "...", "audience": "...",
//          "issuer": "dapr.io/compute", "algorithms": ["EdDSA"]}
// stdout: {"ok": true, "header": {...}, "payload": {...}, "thumbprint": "<RFC 7638 of the key used>"}
//      or {"ok": false, "code": "ERR_...", "claim": "aud", "reason": "..."}
import {
  calculateJwkThumbprint, createLocalJWKSet, exportJWK, importJWK, importSPKI, jwtVerify,
} from 'jose';
import { answer, fail, readRequest } from './io.mjs';

async function keyResolver(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const json = JSON.parse(trimmed);
    if (Array.isArray(json.keys)) {
      const set = createLocalJWKSet(json);
      return async (header, token) => {
        const key = await set(header, token);
        const jwk = json.keys.find((k) => k.kid === header.kid) ?? json.keys[0];
        return { key, thumbprint: await calculateJwkThumbprint(jwk) };
      };
    }
    return async (header) => ({
      key: await importJWK(json, header.alg),
      thumbprint: await calculateJwkThumbprint(json),
    });
  }
  return async (header) => {
    const key = await importSPKI(trimmed, header.alg, { extractable: true });
    return { key, thumbprint: await calculateJwkThumbprint(await exportJWK(key)) };
  };
}

try {
  const request = await readRequest();
  const resolve = await keyResolver(request.key);
  let thumbprint;
  try {
    const { payload, protectedHeader } = await jwtVerify(
      request.token,
      async (header, token) => {
        const resolved = await resolve(header, token);
        thumbprint = resolved.thumbprint;
        return resolved.key;
      },
      {
        audience: request.audience,
        issuer: request.issuer ?? 'dapr.io/compute',
        algorithms: request.algorithms ?? ['EdDSA', 'ES256', 'RS256', 'PS256'],
        requiredClaims: ['iss', 'aud', 'exp', 'iat'],
        maxTokenAge: '1h',
        clockTolerance: 60,
      },
    );
    answer({ ok: true, header: protectedHeader, payload, thumbprint });
  } catch (error) {
    if (typeof error?.code === 'string' && error.code.startsWith('ERR_')) {
      answer({ ok: false, code: error.code, claim: error.claim ?? null, reason: error.reason ?? null });
    } else {
      throw error;
    }
  }
} catch (error) {
  fail(error);
}
