// The function's public keys: SPKI PEM blocks, a JWK or a JWK Set, turned into WebCrypto keys.

import { decodeBase64, decodeBase64Url, encodeBase64Url } from './base64.js';

/** Every JWS algorithm a dapr-compute token may use. Never `none`, never HMAC. */
export const SIGNATURE_ALGORITHMS = Object.freeze(['EdDSA', 'ES256', 'PS256', 'RS256']);

/** The smallest RSA modulus accepted. */
export const MIN_RSA_BITS = 2048;

const WHAT = 'The public key setting';
const FORMATS = "Give the component's public key as PEM ('-----BEGIN PUBLIC KEY-----'), a JWK or a JWK Set"
  + ' ({"keys":[...]}).';
const PRIVATE_HALF = 'The function needs only the public key: keep the private key in the component, and give'
  + " the function its public half (SigningKey.publicKeyPem() or publicJwkSet(), or 'openssl pkey -in key.pem"
  + " -pubout').";
const GENERATE_HINT = "Generate an Ed25519 key (recommended) with 'openssl genpkey -algorithm ed25519 -out"
  + " key.pem', or use an EC P-256 key (ES256) or an RSA key of at least 2048 bits (RS256).";
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

const OID_ED25519 = '1.3.101.112';
const OID_EC = '1.2.840.10045.2.1';
const OID_P256 = '1.2.840.10045.3.1.7';
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_NAMES = {
  '1.3.101.110': 'an X25519 key (for key agreement, not signatures)',
  '1.3.101.111': 'an X448 key (for key agreement, not signatures)',
  '1.3.101.113': 'an Ed448 key',
  '1.2.840.10040.4.1': 'a DSA key',
  '1.2.840.113549.1.1.10': 'an RSASSA-PSS-restricted RSA key (use a plain rsaEncryption key)',
};

/** The public key setting holds no usable public key; the message says why and how to fix it. */
export class KeyFormatError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

/**
 * One configured key.
 *
 * @typedef {object} PublicKey
 * @property {string} id the key's own `kid` when its JWK has one, else its RFC 7638 thumbprint
 * @property {string} thumbprint the RFC 7638 JWK thumbprint
 * @property {string[]} ids every id a token may name it by (thumbprint and `kid`)
 * @property {string[]} algorithms the JWS algorithms it verifies, sorted
 * @property {string} description "an Ed25519 key", "a 3072-bit RSA key"
 * @property {(algorithm: string, input: Uint8Array, signature: Uint8Array) => Promise<boolean>} verify
 */

/**
 * Reads the function's public keys.
 *
 * @param {string | object} setting SPKI PEM blocks (`PUBLIC KEY`, or `RSA PUBLIC KEY`), a JWK or a
 *     JWK Set, as text or (from a `json` binding) as the parsed object
 * @returns {Promise<PublicKey[]>} at least one key, with distinct ids
 * @throws {KeyFormatError}
 */
export async function readPublicKeys(setting) {
  let keys;
  if (setting !== null && typeof setting === 'object') {
    keys = await fromJsonValue(setting);
  } else if (typeof setting !== 'string') {
    throw new KeyFormatError(`${WHAT} is missing. ${FORMATS}`);
  } else {
    const trimmed = setting.trim();
    if (trimmed === '') {
      throw new KeyFormatError(`${WHAT} is empty. ${FORMATS}`);
    }
    if (trimmed.startsWith('{')) {
      let json;
      try {
        json = JSON.parse(trimmed);
      } catch {
        throw new KeyFormatError(`${WHAT} starts with '{' but is not valid JSON. Check that the whole JWK or JWK`
          + ' Set was copied.');
      }
      keys = await fromJsonValue(json);
    } else if (/-----BEGIN [A-Z0-9 ]{1,64}-----/.test(trimmed)) {
      keys = await fromPem(trimmed);
    } else if (trimmed.startsWith('ssh-') || trimmed.startsWith('ecdsa-sha2-')) {
      throw new KeyFormatError(`${WHAT} is an OpenSSH public key line. ${FORMATS}`);
    } else {
      throw new KeyFormatError(`${WHAT} is neither PEM nor a JWK. ${FORMATS} If the setting names a file or a`
        + ' secret, give its content instead.');
    }
  }
  const seen = new Set();
  for (const key of keys) {
    for (const id of key.ids) {
      if (seen.has(id)) {
        throw new KeyFormatError(`${WHAT} holds two keys with the id '${id}' (the same key twice, or a reused`
          + " 'kid'). Give each key once, with a distinct 'kid'.");
      }
      seen.add(id);
    }
  }
  return keys;
}

async function fromJsonValue(json) {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new KeyFormatError(`${WHAT} is not a JSON object. ${FORMATS}`);
  }
  if (!('keys' in json)) {
    return [await fromJwk(json, WHAT)];
  }
  const array = json.keys;
  if (!Array.isArray(array) || array.length === 0) {
    throw new KeyFormatError(`${WHAT} is a JWK Set without keys ('keys' must be a non-empty array). ${FORMATS}`);
  }
  const keys = [];
  for (let i = 0; i < array.length; i++) {
    const what = `Key ${i + 1} of the JWK Set`;
    if (array[i] === null || typeof array[i] !== 'object' || Array.isArray(array[i])) {
      throw new KeyFormatError(`${what} is not a JSON object.`);
    }
    keys.push(await fromJwk(array[i], what));
  }
  return keys;
}

async function fromJwk(jwk, what) {
  for (const member of PRIVATE_MEMBERS) {
    if (member in jwk && jwk.kty !== 'oct') {
      throw new KeyFormatError(`${what} holds a private JWK (it has '${member}'). ${PRIVATE_HALF}`);
    }
  }
  const kty = text(jwk, 'kty', what);
  let material;
  if (kty === 'OKP') {
    const crv = text(jwk, 'crv', what);
    if (crv !== 'Ed25519') {
      throw unsupported(what, crv === 'X25519' || crv === 'X448'
        ? `an ${crv} key (for key agreement, not signatures)` : `an OKP key on curve '${crv}'`);
    }
    material = ed25519(bytes(jwk, 'x', what), what);
  } else if (kty === 'EC') {
    const crv = text(jwk, 'crv', what);
    if (crv !== 'P-256') {
      throw unsupported(what, `an EC ${crv} key`);
    }
    const x = bytes(jwk, 'x', what);
    const y = bytes(jwk, 'y', what);
    if (x.length !== 32 || y.length !== 32) {
      throw new KeyFormatError(`${what} is not a valid EC P-256 JWK: 'x' and 'y' must be 32 bytes each.`);
    }
    material = ecP256(x, y);
  } else if (kty === 'RSA') {
    material = rsa(bytes(jwk, 'n', what), bytes(jwk, 'e', what), what);
  } else if (kty === 'oct') {
    throw new KeyFormatError(`${what} is a symmetric JWK (kty 'oct'): dapr-compute never uses shared secrets`
      + ` (HMAC), only public-key signatures. ${GENERATE_HINT}`);
  } else {
    throw unsupported(what, `a JWK of kty '${kty}'`);
  }
  if ('use' in jwk && jwk.use !== 'sig') {
    throw new KeyFormatError(`${what} holds a JWK for use '${jwk.use}'; verifying tokens needs a signature key`
      + ' ("use":"sig", or no \'use\').');
  }
  let algorithms = material.algorithms;
  if ('alg' in jwk) {
    if (typeof jwk.alg !== 'string' || !algorithms.includes(jwk.alg)) {
      throw new KeyFormatError(`${what} holds ${material.description} whose JWK says "alg":"${jwk.alg}"; that key`
        + ` verifies ${algorithms.join(' or ')}. Fix or remove 'alg'.`);
    }
    algorithms = [jwk.alg];
  }
  let kid = null;
  if ('kid' in jwk) {
    if (typeof jwk.kid !== 'string' || jwk.kid === '') {
      throw new KeyFormatError(`${what} holds a JWK whose 'kid' is not a non-empty string.`);
    }
    kid = jwk.kid;
  }
  return toKey(material, kid, algorithms, what);
}

async function fromPem(text) {
  const keys = [];
  const begin = /-----BEGIN ([A-Z0-9 ]{1,64})-----/g;
  let found;
  while ((found = begin.exec(text)) !== null) {
    const label = found[1];
    const end = /-----END ([A-Z0-9 ]{1,64})-----/g;
    end.lastIndex = begin.lastIndex;
    const ending = end.exec(text);
    if (!ending) {
      throw corruptPem(label, `it has no '-----END ${label}-----' line (the text is cut off)`);
    }
    if (ending[1] !== label) {
      throw corruptPem(label, `it ends with '-----END ${ending[1]}-----'`);
    }
    const der = pemBody(text.slice(begin.lastIndex, ending.index), label);
    begin.lastIndex = end.lastIndex;
    if (label === 'PUBLIC KEY') {
      const material = fromSpki(der);
      keys.push(await toKey(material, null, material.algorithms, WHAT));
    } else if (label === 'RSA PUBLIC KEY') {
      const material = fromPkcs1(der, label);
      keys.push(await toKey(material, null, material.algorithms, WHAT));
    } else if (label.includes('PRIVATE KEY')) {
      throw new KeyFormatError(`${WHAT} holds a private key (${label}). ${PRIVATE_HALF}`);
    } else if (label.includes('CERTIFICATE')) {
      throw new KeyFormatError(`${WHAT} holds a certificate (${label}); give the public key it holds instead:`
        + " 'openssl x509 -in cert.pem -pubkey -noout'.");
    } else if (label !== 'EC PARAMETERS') {
      throw new KeyFormatError(`${WHAT} holds a PEM block '${label}', which is not a public key. ${FORMATS}`);
    }
  }
  if (keys.length === 0) {
    throw new KeyFormatError(`${WHAT} holds no PUBLIC KEY block. ${FORMATS}`);
  }
  return keys;
}

function pemBody(body, label) {
  let base64 = '';
  for (const line of body.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') {
      continue;
    }
    if (trimmed.indexOf(':') > 0 && base64 === '') {
      continue; // an RFC 1421 header
    }
    base64 += trimmed;
  }
  if (base64 === '') {
    throw corruptPem(label, 'its body is empty');
  }
  const der = base64.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(base64) ? decodeBase64(base64) : null;
  if (der === null) {
    throw corruptPem(label, 'its body is not valid base64 (damaged or cut off while copying?)');
  }
  return der;
}

function corruptPem(label, why) {
  return new KeyFormatError(`${WHAT} is a corrupt PEM block '${label}': ${why}. Copy the whole file again,`
    + " '-----BEGIN' and '-----END' lines included.");
}

// --- DER, just enough for SubjectPublicKeyInfo and PKCS#1 RSAPublicKey ---

function readTlv(der, at) {
  if (at + 2 > der.length) {
    throw new RangeError('truncated');
  }
  const tag = der[at];
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > der.length) {
      throw new RangeError('bad length');
    }
    length = 0;
    for (let i = 0; i < count; i++) {
      length = length * 256 + der[start + i];
    }
    start += count;
  }
  if (start + length > der.length) {
    throw new RangeError('truncated');
  }
  return { tag, start, end: start + length };
}

function children(der, tlv) {
  const out = [];
  for (let at = tlv.start; at < tlv.end;) {
    const child = readTlv(der, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

function oid(der, tlv) {
  if (tlv.tag !== 0x06) {
    throw new RangeError('not an OID');
  }
  const parts = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    value = value * 128 + (der[i] & 0x7f);
    if (!(der[i] & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift();
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

function fromSpki(der) {
  let algorithm;
  let parameters;
  let key;
  try {
    const spki = readTlv(der, 0);
    if (spki.tag !== 0x30 || spki.end !== der.length) {
      throw new RangeError('not a sequence');
    }
    const [identifier, bits] = children(der, spki);
    const [algorithmOid, params] = children(der, identifier);
    algorithm = oid(der, algorithmOid);
    parameters = params && params.tag === 0x06 ? oid(der, params) : null;
    if (bits.tag !== 0x03 || der[bits.start] !== 0) {
      throw new RangeError('not a bit string');
    }
    key = der.subarray(bits.start + 1, bits.end);
  } catch {
    throw new KeyFormatError(`${WHAT} holds a PUBLIC KEY block whose content is not a valid SubjectPublicKeyInfo`
      + ' (damaged or cut off?). Copy the whole PEM again.');
  }
  if (algorithm === OID_ED25519) {
    return ed25519(key, WHAT);
  }
  if (algorithm === OID_EC) {
    if (parameters === null) {
      throw unsupported(WHAT, 'an EC key that does not name its curve (ES256 needs the named curve P-256)');
    }
    if (parameters !== OID_P256) {
      throw unsupported(WHAT, `an EC key on curve ${parameters} (ES256 needs P-256)`);
    }
    if (key.length !== 65 || key[0] !== 4) {
      throw new KeyFormatError(`${WHAT} holds a PUBLIC KEY block whose content is not a valid key (damaged or cut`
        + ' off?). Copy the whole PEM again.');
    }
    return ecP256(key.slice(1, 33), key.slice(33, 65));
  }
  if (algorithm === OID_RSA) {
    return fromPkcs1(key, 'PUBLIC KEY');
  }
  throw unsupported(WHAT, OID_NAMES[algorithm] ?? `a key of algorithm ${algorithm}`);
}

function fromPkcs1(der, label) {
  let n;
  let e;
  try {
    const sequence = readTlv(der, 0);
    const [modulus, exponent] = children(der, sequence);
    if (sequence.tag !== 0x30 || modulus.tag !== 0x02 || exponent.tag !== 0x02) {
      throw new RangeError('not an RSAPublicKey');
    }
    n = der.slice(modulus.start, modulus.end);
    e = der.slice(exponent.start, exponent.end);
  } catch {
    throw corruptPem(label, 'its content is not a valid RSA public key');
  }
  return rsa(n, e, WHAT);
}

// --- key material ---

function ed25519(raw, what) {
  if (raw.length !== 32) {
    throw new KeyFormatError(`${what} is not a valid Ed25519 public key: it has ${raw.length} bytes instead of 32.`);
  }
  return {
    algorithms: ['EdDSA'],
    description: 'an Ed25519 key',
    members: { crv: 'Ed25519', kty: 'OKP', x: encodeBase64Url(raw) },
    imports: { EdDSA: ['raw', raw, { name: 'Ed25519' }] },
    signatureLength: 64,
  };
}

function ecP256(x, y) {
  const members = { crv: 'P-256', kty: 'EC', x: encodeBase64Url(x), y: encodeBase64Url(y) };
  return {
    algorithms: ['ES256'],
    description: 'an EC P-256 key',
    members,
    imports: { ES256: ['jwk', { ...members }, { name: 'ECDSA', namedCurve: 'P-256' }] },
    signatureLength: 64,
  };
}

function rsa(modulus, exponent, what) {
  const n = unsigned(modulus);
  const e = unsigned(exponent);
  if (n[0] === 0 || e[0] === 0 || (e[e.length - 1] & 1) === 0 || (e.length === 1 && e[0] === 1)) {
    throw new KeyFormatError(`${what} is not a valid RSA public key.`);
  }
  const bits = (n.length - 1) * 8 + (32 - Math.clz32(n[0]));
  if (bits < MIN_RSA_BITS) {
    throw new KeyFormatError(`${what} is an RSA key of ${bits} bits; RSA keys need at least ${MIN_RSA_BITS} bits.`
      + ` ${GENERATE_HINT}`);
  }
  const members = { e: encodeBase64Url(e), kty: 'RSA', n: encodeBase64Url(n) };
  return {
    algorithms: ['PS256', 'RS256'],
    description: `a ${bits}-bit RSA key`,
    members,
    imports: {
      RS256: ['jwk', { ...members }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }],
      PS256: ['jwk', { ...members }, { name: 'RSA-PSS', hash: 'SHA-256' }],
    },
    signatureLength: n.length,
  };
}

/** The minimal big-endian bytes of a non-negative integer (JWK's base64urlUInt). */
function unsigned(bytes) {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) {
    start++;
  }
  return bytes.slice(start);
}

const VERIFY_PARAMS = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
};

async function toKey(material, kid, algorithms, what) {
  const cryptoKeys = {};
  for (const algorithm of algorithms) {
    const [format, data, params] = material.imports[algorithm];
    try {
      cryptoKeys[algorithm] = await crypto.subtle.importKey(format, data, params, false, ['verify']);
    } catch {
      throw new KeyFormatError(`${what} is not a valid public key for ${algorithm} (${material.description}; not`
        + ' a point on the curve, or damaged).');
    }
  }
  const thumbprint = await jwkThumbprint(material.members);
  const ids = kid === null || kid === thumbprint ? [thumbprint] : [thumbprint, kid];
  return Object.freeze({
    id: kid ?? thumbprint,
    thumbprint,
    ids: Object.freeze(ids),
    algorithms: Object.freeze([...algorithms].sort()),
    description: material.description,
    async verify(algorithm, input, signature) {
      const key = cryptoKeys[algorithm];
      if (key === undefined || signature.length !== material.signatureLength) {
        return false;
      }
      try {
        return await crypto.subtle.verify(VERIFY_PARAMS[algorithm], key, signature, input);
      } catch {
        return false;
      }
    },
  });
}

/**
 * The RFC 7638 thumbprint of a public JWK's required members.
 *
 * @param {Record<string, string>} members the required members only
 * @returns {Promise<string>} base64url of the SHA-256 of their canonical JSON
 */
export async function jwkThumbprint(members) {
  const canonical = '{' + Object.keys(members).sort()
    .map((name) => `"${name}":"${members[name]}"`).join(',') + '}';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return encodeBase64Url(new Uint8Array(digest));
}

function text(jwk, name, what) {
  const value = jwk[name];
  if (value === undefined || value === null) {
    throw new KeyFormatError(`${what} is a JWK without the required member '${name}'.`);
  }
  if (typeof value !== 'string') {
    throw new KeyFormatError(`${what} is a JWK whose member '${name}' is not a string.`);
  }
  return value;
}

function bytes(jwk, name, what) {
  const decoded = decodeBase64Url(text(jwk, name, what));
  if (decoded === null || decoded.length === 0) {
    throw new KeyFormatError(`${what} is a JWK whose member '${name}' is not base64url (RFC 7515 base64 with '-'`
      + " and '_', no padding).");
  }
  return decoded;
}

function unsupported(what, found) {
  return new KeyFormatError(`${what} is ${found}, which dapr-compute tokens cannot use. ${GENERATE_HINT}`);
}
