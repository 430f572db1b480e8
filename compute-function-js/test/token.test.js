import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { before, describe, it } from 'node:test';

import { createTokenVerifier, KeyFormatError, TokenRejectedError } from '../src/index.js';
import { claims, generateKey, header, jws } from './support/forge.js';

const NOW = 1_800_000_000; // seconds
const now = () => NOW * 1000;

let ed;
let ed2;
let es;
let rs;
let ps;

before(async () => {
  [ed, ed2, es, rs, ps] = await Promise.all([generateKey('EdDSA'), generateKey('EdDSA'), generateKey('ES256'),
    generateKey('RS256'), generateKey('PS256')]);
});

function verifier(overrides = {}) {
  return createTokenVerifier({ publicKeys: ed.pem, audience: 'orders', now, ...overrides });
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TokenRejectedError, `expected a TokenRejectedError, got ${error}`);
    return error.description;
  }
  return assert.fail('the token was accepted');
}

async function good(key = ed, changes = {}, headerChanges = {}) {
  return jws(key, { ...header(key), ...headerChanges }, { ...claims('orders', NOW), ...changes });
}

describe('accepted tokens', () => {
  it('a token from the Authorization header, with its claims', async () => {
    const verified = await (await verifier()).verify(new Headers({ authorization: `Bearer ${await good()}` }));
    assert.equal(verified.issuer, 'dapr.io/compute');
    assert.deepEqual([...verified.audience], ['orders']);
    assert.equal(verified.subject, 'checkout');
    assert.equal(verified.issuedAt, NOW);
    assert.equal(verified.expiresAt, NOW + 60);
    assert.equal(verified.keyId, ed.kid);
    assert.equal(verified.algorithm, 'EdDSA');
    assert.equal(verified.jwtId, 'AAECAwQFBgcICQoLDA0ODw');
  });

  it('Dapr-Authorization wins over Authorization, which then belongs to the platform', async () => {
    const headers = new Headers({ 'dapr-authorization': `bearer ${await good()}`, authorization: 'AWS4-HMAC-SHA256 x' });
    assert.equal((await (await verifier()).verify(headers)).keyId, ed.kid);
  });

  it('plain header objects, as Node gives them', async () => {
    const verified = await (await verifier()).verify({ Authorization: `Bearer ${await good()}` });
    assert.equal(verified.subject, 'checkout');
  });

  for (const name of ['ES256', 'RS256', 'PS256']) {
    it(`${name} with the key as JWK and as SPKI PEM`, async () => {
      const key = { ES256: es, RS256: rs, PS256: ps }[name];
      for (const publicKeys of [JSON.stringify(key.jwk), key.pem]) {
        const v = await verifier({ publicKeys });
        assert.equal((await v.verifyToken(await good(key))).algorithm, name);
      }
    });
  }

  it('an RSA key without alg in its JWK verifies RS256 and PS256', async () => {
    const { alg, ...jwk } = rs.jwk;
    assert.equal(alg, 'RS256');
    const v = await verifier({ publicKeys: jwk });
    assert.equal((await v.verifyToken(await good(rs))).algorithm, 'RS256');
    const pss = await jws(rs, { ...header(rs), alg: 'PS256' }, claims('orders', NOW), 'PS256');
    assert.equal((await v.verifyToken(pss)).algorithm, 'PS256');
  });

  it('a rotated key set: tokens of either key, picked by kid', async () => {
    const v = await verifier({ publicKeys: { keys: [ed.jwk, ed2.jwk] } });
    assert.equal((await v.verifyToken(await good(ed))).keyId, ed.kid);
    assert.equal((await v.verifyToken(await good(ed2))).keyId, ed2.kid);
    assert.deepEqual(v.keyIds, [ed.kid, ed2.kid]);
  });

  it('a token without kid when there is one key', async () => {
    const token = await jws(ed, { alg: 'EdDSA' }, claims('orders', NOW));
    assert.equal((await (await verifier()).verifyToken(token)).keyId, ed.kid);
  });

  it('one of several audiences, and an audience array', async () => {
    const v = await verifier({ audience: ['a', 'orders'] });
    assert.deepEqual([...(await v.verifyToken(await good(ed, { aud: ['x', 'orders'] }))).audience], ['x', 'orders']);
  });

  it('the clock skew: expired 59 s ago and issued 59 s ahead are accepted', async () => {
    const v = await verifier();
    await v.verifyToken(await good(ed, { iat: NOW - 119, nbf: NOW - 119, exp: NOW - 59 }));
    await v.verifyToken(await good(ed, { iat: NOW + 59, nbf: NOW + 59, exp: NOW + 119 }));
  });

  it('a lifetime of exactly one hour, and fractional times', async () => {
    const v = await verifier();
    await v.verifyToken(await good(ed, { iat: NOW, nbf: NOW, exp: NOW + 3600 }));
    const verified = await v.verifyToken(await good(ed, { iat: NOW + 0.5, nbf: NOW + 0.5, exp: NOW + 60.25 }));
    assert.equal(verified.expiresAt, NOW + 60.25);
  });
});

describe('rejected tokens', () => {
  const cases = [
    ['expired', { exp: NOW - 60, iat: NOW - 120, nbf: NOW - 120 },
      'token expired at 2027-01-15T07:59:00Z (now 2027-01-15T08:00:00Z, allowed clock skew 60 s)'],
    ['not yet valid', { nbf: NOW + 61, exp: NOW + 120 }, 'token not yet valid: nbf is 2027-01-15T08:01:01Z (now'
      + ' 2027-01-15T08:00:00Z, allowed clock skew 60 s); check the clocks of component and function'],
    ['issued in the future', { iat: NOW + 61, nbf: NOW, exp: NOW + 120 }, 'token issued in the future: iat is'
      + ' 2027-01-15T08:01:01Z (now 2027-01-15T08:00:00Z, allowed clock skew 60 s); check the clocks of component'
      + ' and function'],
    ['expiring before issued', { iat: NOW, nbf: NOW - 10, exp: NOW },
      'token expires before it was issued (exp 2027-01-15T08:00:00Z, iat 2027-01-15T08:00:00Z)'],
    ['living over an hour', { exp: NOW + 3601 }, 'token lifetime 3601 s (exp - iat) exceeds the maximum of 3600 s'],
    ['living over an hour from nbf', { iat: NOW, nbf: NOW - 10, exp: NOW + 3595 },
      'token lifetime 3605 s (exp - nbf) exceeds the maximum of 3600 s'],
    ['for another audience', { aud: 'payments' }, "wrong audience 'payments'; this function accepts 'orders'"],
    ['from another issuer', { iss: 'dapr.io/cloudflare' },
      "wrong issuer 'dapr.io/cloudflare'; expected 'dapr.io/compute'"],
    ['without iss', { iss: undefined }, "missing claim 'iss'"],
    ['without aud', { aud: null }, "missing claim 'aud'"],
    ['with an empty aud array', { aud: [] },
      "malformed token: claim 'aud' is neither a string nor a non-empty array of strings"],
    ['without exp', { exp: undefined }, "missing claim 'exp'"],
    ['without iat', { iat: undefined }, "missing claim 'iat'"],
    ['without jti', { jti: undefined }, "missing claim 'jti'"],
    ['with a null nbf', { nbf: null }, "missing claim 'nbf'"],
    ['with a text exp', { exp: String(NOW + 60) }, "malformed token: claim 'exp' is not a number of seconds"],
    ['with a negative iat', { iat: -1 }, "malformed token: claim 'iat' is out of range"],
    ['with a sub that is not text', { sub: 7 }, "malformed token: claim 'sub' is not a string"],
  ];
  for (const [name, changes, description] of cases) {
    it(name, async () => {
      assert.equal(await rejection((await verifier()).verifyToken(await good(ed, changes))), description);
    });
  }

  const headerCases = [
    ['alg none', { alg: 'none' }, 'alg none: unsigned tokens are never accepted'],
    ['HMAC', { alg: 'HS256' }, "alg HS256: HMAC (shared-secret) tokens are never accepted; tokens must be signed with"
      + " the component's private key"],
    ['an algorithm not allowed', { alg: 'ES256' }, "algorithm 'ES256' is not allowed (allowed: EdDSA)"],
    ['no alg', { alg: undefined }, "malformed token: the header has no 'alg'"],
    ['a key in the header', { jwk: { kty: 'OKP' } }, "the token carries a key in its header ('jwk'); keys are never"
      + " taken from the token, only from the function's configuration"],
    ['a key URL in the header', { jku: 'https://evil.example/keys' }, "the token carries a key in its header"
      + " ('jku'); keys are never taken from the token, only from the function's configuration"],
    ['x5c', { x5c: ['AAAA'] }, "the token carries a key in its header ('x5c'); keys are never taken from the token,"
      + " only from the function's configuration"],
    ['crit', { crit: ['exp'] }, "critical header parameter 'exp' not understood"],
    ['typ JOSE+JSON', { typ: 'JOSE+JSON' }, "unexpected typ 'JOSE+JSON'; expected JWT"],
    ['an unknown kid', { kid: 'nope' }, "unknown key id 'nope': no configured public key has it (a new component key?"
      + " add its public key to the function's keys)"],
    ['a kid that is a number', { kid: 7 }, "malformed token: the header's 'kid' is not a string"],
  ];
  for (const [name, changes, description] of headerCases) {
    it(name, async () => {
      assert.equal(await rejection((await verifier()).verifyToken(await good(ed, {}, changes))), description);
    });
  }

  it('a tampered payload', async () => {
    const [h, , s] = (await good()).split('.');
    const [, p] = (await good(ed, { aud: 'payments' })).split('.');
    assert.equal(await rejection((await verifier()).verifyToken(`${h}.${p}.${s}`)),
      `bad signature: the token was not signed by key '${ed.kid}' or was changed after signing`);
  });

  it('a token of another key under our kid', async () => {
    const token = await jws(ed2, header(ed), claims('orders', NOW));
    assert.match(await rejection((await verifier()).verifyToken(token)), /^bad signature/);
  });

  it('a signature spelled non-canonically (unused bits set in its last character)', async () => {
    const token = await good();
    const last = token.at(-1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 1]; // same data bits, a padding bit set
    assert.equal(await rejection((await verifier()).verifyToken(token.slice(0, -1) + twin)),
      'malformed token: the signature is not canonical base64url (unused bits set in its last character)');
  });

  it('a header that repeats a member', async () => {
    const token = await jws(ed, `{"alg":"EdDSA","kid":"${ed.kid}","alg":"none"}`, claims('orders', NOW));
    assert.equal(await rejection((await verifier()).verifyToken(token)),
      'malformed token: the header is not one JSON object (valid JSON, no repeated members)');
  });

  it('claims that repeat a member', async () => {
    const body = JSON.stringify(claims('orders', NOW)).replace('{', '{"aud":"payments",');
    assert.equal(await rejection((await verifier()).verifyToken(await jws(ed, header(ed), body))),
      'malformed token: the payload is not one JSON object (valid JSON, no repeated members)');
  });

  it('no kid when the function has two keys', async () => {
    const v = await verifier({ publicKeys: { keys: [ed.jwk, ed2.jwk] } });
    assert.equal(await rejection(v.verifyToken(await jws(ed, { alg: 'EdDSA' }, claims('orders', NOW)))),
      "no key id: the token has no 'kid' and the function has 2 public keys");
  });

  it('an algorithm the key cannot verify', async () => {
    const v = await verifier({ publicKeys: { keys: [ed.jwk, es.jwk] } });
    assert.equal(await rejection(v.verifyToken(await good(ed, {}, { alg: 'ES256' }))),
      `algorithm ES256 does not match key '${ed.kid}' (an Ed25519 key, which verifies EdDSA)`);
  });

  for (const [name, token, description] of [
    ['two parts', 'a.b', 'malformed token: expected three base64url parts separated by dots'],
    ['a JWE', 'a.b.c.d.e', 'malformed token: an encrypted JWE (five parts); expected a signed JWS'],
    ['padding', 'eyJ=.e30.AA', 'malformed token: the header is not base64url'],
    ['too long', 'a'.repeat(16 * 1024 + 1), 'malformed token: longer than 16384 characters'],
  ]) {
    it(`malformed: ${name}`, async () => {
      assert.equal(await rejection((await verifier()).verifyToken(token)), description);
    });
  }

  for (const [name, headers, description] of [
    ['no header', {}, "no token: send it as 'Authorization: Bearer <token>' or 'Dapr-Authorization: Bearer <token>'"],
    ['Basic', { authorization: 'Basic dXNlcjpwYXNz' }, "no token: Authorization holds a 'Basic' credential, not"
      + " 'Bearer <token>'; if the platform uses Authorization itself, have the component send its token in"
      + ' Dapr-Authorization'],
    ['a bare token', { authorization: 'eyJhbGciOi.x.y' }, "no token: Authorization holds a credential without the"
      + " 'Bearer ' scheme, not 'Bearer <token>'; if the platform uses Authorization itself, have the component send"
      + ' its token in Dapr-Authorization'],
    ['Bearer alone', { 'dapr-authorization': 'Bearer' }, 'no token: Dapr-Authorization says Bearer but holds no token'],
    ['two headers', { authorization: ['Bearer a', 'Bearer b'] },
      'malformed request: 2 Authorization headers; send exactly one'],
  ]) {
    it(`the request carries ${name}`, async () => {
      assert.equal(await rejection((await verifier()).verify(headers)), description);
    });
  }

  it('WWW-Authenticate escapes quotes and never carries CR or LF', () => {
    const error = new TokenRejectedError('wrong audience \'a"b\\c\r\nX: y\'');
    assert.equal(error.wwwAuthenticate,
      'Bearer error="invalid_token", error_description="wrong audience \'a\\"b\\\\c??X: y\'"');
  });
});

describe('the verifier settings', () => {
  for (const [name, publicKeys, pattern] of [
    ['empty', ' ', /is empty/],
    ['a private JWK', { kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'AA' }, /holds a private JWK/],
    ['a symmetric JWK', '{"kty":"oct","k":"c2VjcmV0"}', /symmetric JWK/],
    ['an OpenSSH key', 'ssh-ed25519 AAAAC3Nz', /OpenSSH public key/],
    ['a private PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', /holds a private key/],
    ['a cut-off PEM', '-----BEGIN PUBLIC KEY-----\nAAAA', /cut off/],
    ['an empty JWK Set', '{"keys":[]}', /without keys/],
    ['an X25519 JWK', { kty: 'OKP', crv: 'X25519', x: 'AAAA' }, /key agreement/],
    ['an Ed25519 JWK of 31 bytes', { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(41) + 'A' }, /instead of 32/],
  ]) {
    it(`refuses ${name}`, async () => {
      await assert.rejects(verifier({ publicKeys }), (error) => error instanceof KeyFormatError
        && pattern.test(error.message));
    });
  }

  it('refuses a small RSA key', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024,
      publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
    const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    await assert.rejects(verifier({ publicKeys: { kty: 'RSA', n: jwk.n, e: jwk.e } }),
      /an RSA key of 1024 bits; RSA keys need at least 2048 bits/);
  });

  it('refuses the same key twice', async () => {
    await assert.rejects(verifier({ publicKeys: { keys: [ed.jwk, ed.jwk] } }), /holds two keys with the id/);
  });

  it('refuses HMAC and none as allowed algorithms, a skew over 60 s and lifetimes over 1 h', async () => {
    await assert.rejects(verifier({ allowedAlgorithms: ['HS256'] }), /can never be allowed/);
    await assert.rejects(verifier({ allowedAlgorithms: ['none'] }), /can never be allowed/);
    await assert.rejects(verifier({ clockSkewSeconds: 61 }), /clock skew must be between 0 and 60 s/);
    await assert.rejects(verifier({ maxLifetimeSeconds: 3601 }), /at most 1 h/);
    await assert.rejects(verifier({ audience: '' }), /audience is required/);
  });

  it('reads several PEM blocks as a rotated set, and the PKCS#1 RSA form', async () => {
    const v = await verifier({ publicKeys: ed.pem + ed2.pem });
    assert.deepEqual(v.keyIds, [ed.kid, ed2.kid]);
    await v.verifyToken(await good(ed2));
    const pkcs1 = createPublicKey(rs.pem).export({ type: 'pkcs1', format: 'pem' });
    assert.match(pkcs1, /BEGIN RSA PUBLIC KEY/);
    const r = await verifier({ publicKeys: pkcs1 });
    assert.deepEqual(r.keyIds, [rs.kid], 'the same thumbprint as the SPKI form');
    await r.verifyToken(await good(rs));
  });
});
