// Verifies the tokens a component sends with every request (protocol section 2), exactly as the
// Java TokenVerifier of compute-function does: same rules, same order, same descriptions.

import { decodeBase64Url, decodeBase64UrlStrict } from './base64.js';
import { JsonNumber, parseStrictJson } from './json.js';
import { readPublicKeys, SIGNATURE_ALGORITHMS } from './keys.js';
import { quote } from './messages.js';
import { AUTHORIZATION, DAPR_AUTHORIZATION, ISSUER } from './protocol.js';

/** The largest clock skew allowed, and the default: 60 s. */
export const MAX_CLOCK_SKEW_SECONDS = 60;

/** The longest token lifetime allowed, and the default: 1 h. */
export const MAX_LIFETIME_SECONDS = 3600;

/** Tokens longer than this are malformed without further reading. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** Header parameters that carry or point to a key: a verifier never takes a key from the token. */
const KEY_HEADERS = new Set(['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256']);

const SCHEME = /^[A-Za-z0-9._~+/-]{1,20}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const MAX_NUMERIC_DATE = 253402300799n; // 9999-12-31T23:59:59Z
const NANOS = 1_000_000_000n;

/**
 * A request's token was missing or not acceptable. Answer 401 with `WWW-Authenticate:` {@link
 * TokenRejectedError#wwwAuthenticate} so the component can tell its operator exactly why.
 */
export class TokenRejectedError extends Error {
  /** @param {string} description why; safe to send back (no token, no key material) */
  constructor(description) {
    super(`token rejected: ${description}`);
    this.name = 'TokenRejectedError';
    /** @type {string} */
    this.description = description;
  }

  /**
   * The RFC 6750 challenge, `Bearer error="invalid_token", error_description="<why>"`, with `"`
   * and `\` escaped and anything but printable ASCII replaced by `?`, so the header cannot be split.
   *
   * @returns {string}
   */
  get wwwAuthenticate() {
    let escaped = '';
    for (let i = 0; i < this.description.length; i++) {
      const c = this.description[i];
      const code = this.description.charCodeAt(i);
      if (c === '"' || c === '\\') {
        escaped += '\\' + c;
      } else {
        escaped += code >= 0x20 && code < 0x7f ? c : '?'; // RFC 6750: printable ASCII; never CR or LF
      }
    }
    return `Bearer error="invalid_token", error_description="${escaped}"`;
  }
}

/**
 * What a verified token says.
 *
 * @typedef {object} VerifiedToken
 * @property {string} issuer the `iss` claim
 * @property {string[]} audience the `aud` claim
 * @property {string | null} subject the `sub` claim: the Dapr app ID, when the token names one
 * @property {number} issuedAt the `iat` claim, seconds since the epoch
 * @property {number} notBefore the `nbf` claim, or `iat` when the token has none
 * @property {number} expiresAt the `exp` claim
 * @property {string} keyId the token's `kid`, or the verifying key's id when the token names none
 * @property {string} algorithm the JWS algorithm
 * @property {string} jwtId the `jti` claim
 */

/**
 * @typedef {object} TokenVerifierOptions
 * @property {string | object} publicKeys the component's public keys: SPKI PEM, a JWK or a JWK Set
 *     (several keys = rotation; tokens pick theirs by `kid`), as text or as a parsed JSON object
 * @property {string | string[]} audience the audiences this function accepts (the component's
 *     `audience` metadata)
 * @property {string} [issuer] the required `iss`; default `dapr.io/compute`
 * @property {string[]} [allowedAlgorithms] default: those of the configured keys; only EdDSA,
 *     ES256, RS256 and PS256 can ever be allowed
 * @property {number} [clockSkewSeconds] default and maximum 60
 * @property {number} [maxLifetimeSeconds] default and maximum 3600
 * @property {() => number} [now] the clock, in milliseconds since the epoch; default `Date.now`
 */

/**
 * Builds a verifier: reads and imports the keys once. Immutable; share it between requests.
 *
 * @param {TokenVerifierOptions} options
 * @returns {Promise<TokenVerifier>}
 * @throws {import('./keys.js').KeyFormatError} when the keys are unusable
 * @throws {TypeError | RangeError} when another option is missing or out of range
 */
export async function createTokenVerifier(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('createTokenVerifier needs options: { publicKeys, audience }');
  }
  const audiences = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (!Array.isArray(audiences) || audiences.length === 0
      || audiences.some((a) => typeof a !== 'string' || a.trim() === '')) {
    throw new TypeError('audience is required: the audience the component signs for (its \'audience\' metadata;'
      + " by default the function's name on its platform), a non-blank string or an array of them");
  }
  const issuer = options.issuer ?? ISSUER;
  if (typeof issuer !== 'string' || issuer.trim() === '') {
    throw new TypeError('issuer is blank');
  }
  const skew = options.clockSkewSeconds ?? MAX_CLOCK_SKEW_SECONDS;
  if (typeof skew !== 'number' || !(skew >= 0 && skew <= MAX_CLOCK_SKEW_SECONDS)) {
    throw new RangeError(`clock skew must be between 0 and 60 s, was ${skew}`);
  }
  const lifetime = options.maxLifetimeSeconds ?? MAX_LIFETIME_SECONDS;
  if (typeof lifetime !== 'number' || !(lifetime > 0 && lifetime <= MAX_LIFETIME_SECONDS)) {
    throw new RangeError(`maximum lifetime must be more than 0 and at most 1 h, was ${lifetime} s`);
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') {
    throw new TypeError('now must be a function returning milliseconds since the epoch');
  }
  if (options.allowedAlgorithms !== undefined) {
    if (!Array.isArray(options.allowedAlgorithms) || options.allowedAlgorithms.length === 0) {
      throw new TypeError('allowedAlgorithms: allow at least one algorithm');
    }
    for (const algorithm of options.allowedAlgorithms) {
      if (!SIGNATURE_ALGORITHMS.includes(algorithm)) {
        throw new TypeError(`algorithm '${quote(String(algorithm))}' can never be allowed: tokens are signed with`
          + ' EdDSA, ES256, RS256 or PS256 (never none, never HMAC)');
      }
    }
  }
  const keys = await readPublicKeys(options.publicKeys);
  const keyAlgorithms = [...new Set(keys.flatMap((key) => key.algorithms))].sort();
  const allowed = [...new Set(options.allowedAlgorithms ?? keyAlgorithms)].sort();
  if (!allowed.some((a) => keyAlgorithms.includes(a))) {
    throw new TypeError(`no allowed algorithm [${allowed.join(', ')}] fits the configured keys, which verify`
      + ` [${keyAlgorithms.join(', ')}]`);
  }
  return new TokenVerifier({ keys, audiences, issuer, allowed, skew, lifetime, now });
}

/** Verifies tokens; build one with {@link createTokenVerifier}. */
export class TokenVerifier {
  /** @param {object} settings the checked settings; use {@link createTokenVerifier} */
  constructor(settings) {
    /** @private */
    this.settings = settings;
    /** @private @type {Map<string, import('./keys.js').PublicKey>} */
    this.keysById = new Map();
    for (const key of settings.keys) {
      for (const id of key.ids) {
        this.keysById.set(id, key);
      }
    }
    Object.freeze(this);
  }

  /** @returns {string[]} the ids of the configured keys: each key's `kid`, else its thumbprint */
  get keyIds() {
    return this.settings.keys.map((key) => key.id);
  }

  /** @returns {string[]} the accepted audiences */
  get audiences() {
    return [...this.settings.audiences];
  }

  /** @returns {string[]} the algorithms tokens may use */
  get allowedAlgorithms() {
    return [...this.settings.allowed];
  }

  /**
   * Verifies the token of a request: from `Dapr-Authorization` when present, else from
   * `Authorization`; either as `Bearer <token>` (scheme case-insensitive).
   *
   * @param {Headers | Record<string, string | string[] | undefined>} headers
   * @returns {Promise<VerifiedToken>}
   * @throws {TokenRejectedError}
   */
  async verify(headers) {
    const dapr = headerValues(headers, DAPR_AUTHORIZATION);
    if (dapr.length > 0) {
      return this.verifyHeader(DAPR_AUTHORIZATION, dapr);
    }
    const authorization = headerValues(headers, AUTHORIZATION);
    if (authorization.length > 0) {
      return this.verifyHeader(AUTHORIZATION, authorization);
    }
    throw reject("no token: send it as 'Authorization: Bearer <token>' or 'Dapr-Authorization: Bearer <token>'");
  }

  /** @private */
  async verifyHeader(name, values) {
    if (values.length > 1) {
      throw reject(`malformed request: ${values.length} ${name} headers; send exactly one`);
    }
    const value = values[0].trim();
    const space = value.search(/\s/);
    const scheme = space < 0 ? value : value.slice(0, space);
    if (scheme.toLowerCase() !== 'bearer') {
      const shown = SCHEME.test(scheme) && !scheme.startsWith('eyJ')
        ? `a '${scheme}' credential` : "a credential without the 'Bearer ' scheme";
      const hint = name === AUTHORIZATION
        ? `; if the platform uses Authorization itself, have the component send its token in ${DAPR_AUTHORIZATION}`
        : '';
      throw reject(`no token: ${name} holds ${shown}, not 'Bearer <token>'${hint}`);
    }
    const token = space < 0 ? '' : value.slice(space).trim();
    if (token === '') {
      throw reject(`no token: ${name} says Bearer but holds no token`);
    }
    return this.verifyToken(token);
  }

  /**
   * Verifies a compact JWS (without the `Bearer` scheme).
   *
   * @param {string} compactJws
   * @returns {Promise<VerifiedToken>}
   * @throws {TokenRejectedError}
   */
  async verifyToken(compactJws) {
    const token = String(compactJws).trim();
    if (token === '') {
      throw reject('no token: the token is empty');
    }
    if (token.length > MAX_TOKEN_LENGTH) {
      throw reject(`malformed token: longer than ${MAX_TOKEN_LENGTH} characters`);
    }
    const parts = token.split('.');
    if (parts.length === 5) {
      throw reject('malformed token: an encrypted JWE (five parts); expected a signed JWS');
    }
    if (parts.length !== 3) {
      throw reject('malformed token: expected three base64url parts separated by dots');
    }
    const header = json(parts[0], 'header');
    const algorithm = this.checkAlgorithm(header);
    checkHeader(header);
    const key = this.selectKey(header);
    if (!key.algorithms.includes(algorithm)) {
      throw reject(`algorithm ${algorithm} does not match key '${key.id}' (${key.description}, which verifies`
        + ` ${key.algorithms.join(' or ')})`);
    }
    const signature = base64Url(parts[2], 'signature');
    const input = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
    if (!(await key.verify(algorithm, input, signature))) {
      throw reject(`bad signature: the token was not signed by key '${key.id}' or was changed after signing`);
    }
    const claims = json(parts[1], 'payload');
    const kid = header.kid !== undefined && header.kid !== null ? header.kid : key.id;
    return this.checkClaims(claims, kid, algorithm);
  }

  /** @private */
  checkAlgorithm(header) {
    const alg = header.alg;
    if (alg === undefined || alg === null) {
      throw reject("malformed token: the header has no 'alg'");
    }
    if (typeof alg !== 'string') {
      throw reject("malformed token: the header's 'alg' is not a string");
    }
    if (alg.toLowerCase() === 'none') {
      throw reject('alg none: unsigned tokens are never accepted');
    }
    if (alg.toUpperCase().startsWith('HS')) {
      throw reject(`alg ${quote(alg)}: HMAC (shared-secret) tokens are never accepted; tokens must be signed with`
        + " the component's private key");
    }
    if (!this.settings.allowed.includes(alg)) {
      throw reject(`algorithm '${quote(alg)}' is not allowed (allowed: ${this.settings.allowed.join(', ')})`);
    }
    return alg;
  }

  /** @private */
  selectKey(header) {
    const kid = header.kid;
    const keys = this.settings.keys;
    if (kid === undefined || kid === null) {
      if (keys.length === 1) {
        return keys[0];
      }
      throw reject(`no key id: the token has no 'kid' and the function has ${keys.length} public keys`);
    }
    if (typeof kid !== 'string') {
      throw reject("malformed token: the header's 'kid' is not a string");
    }
    const key = this.keysById.get(kid);
    if (key === undefined) {
      throw reject(`unknown key id '${quote(kid)}': no configured public key has it (a new component key? add its`
        + " public key to the function's keys)");
    }
    return key;
  }

  /** @private */
  checkClaims(claims, keyId, algorithm) {
    const { issuer, audiences, skew, lifetime } = this.settings;
    const iss = requiredString(claims, 'iss');
    if (iss !== issuer) {
      throw reject(`wrong issuer '${quote(iss)}'; expected '${quote(issuer)}'`);
    }
    const aud = audience(claims);
    if (!aud.some((a) => audiences.includes(a))) {
      throw reject(`wrong audience ${aud.slice(0, 5).map((a) => `'${quote(a)}'`).join(', ')}; this function`
        + ` accepts ${[...audiences].sort().map((a) => `'${quote(a)}'`).join(', ')}`);
    }
    const exp = requiredTime(claims, 'exp');
    const iat = requiredTime(claims, 'iat');
    const nbfClaim = 'nbf' in claims ? requiredTime(claims, 'nbf') : null;
    const nbf = nbfClaim ?? iat;
    const jti = requiredString(claims, 'jti');
    const sub = 'sub' in claims ? requiredString(claims, 'sub') : null;

    const now = BigInt(Math.floor(this.settings.now())) * 1_000_000n;
    const skewNanos = BigInt(Math.round(skew * 1e9));
    const skewText = ` (now ${instant((now / NANOS) * NANOS)}, allowed clock skew ${Math.floor(skew)} s)`;
    if (now >= exp + skewNanos) {
      throw reject(`token expired at ${instant(exp)}${skewText}`);
    }
    if (nbfClaim !== null && nbfClaim - skewNanos > now) {
      throw reject(`token not yet valid: nbf is ${instant(nbf)}${skewText}; check the clocks of component and`
        + ' function');
    }
    if (iat - skewNanos > now) {
      throw reject(`token issued in the future: iat is ${instant(iat)}${skewText}; check the clocks of component`
        + ' and function');
    }
    if (exp <= iat) {
      throw reject(`token expires before it was issued (exp ${instant(exp)}, iat ${instant(iat)})`);
    }
    const maxNanos = BigInt(Math.round(lifetime * 1e9));
    checkLifetime(exp - iat, maxNanos, lifetime, 'iat');
    checkLifetime(exp - nbf, maxNanos, lifetime, 'nbf');
    return Object.freeze({
      issuer: iss,
      audience: Object.freeze(aud),
      subject: sub,
      issuedAt: seconds(iat),
      notBefore: seconds(nbf),
      expiresAt: seconds(exp),
      keyId,
      algorithm,
      jwtId: jti,
    });
  }
}

function checkLifetime(nanos, maxNanos, maxSeconds, from) {
  if (nanos > maxNanos) {
    throw reject(`token lifetime ${nanos / NANOS} s (exp - ${from}) exceeds the maximum of ${Math.floor(maxSeconds)} s`);
  }
}

/**
 * Every value of header `name`: a Headers object combines repeated headers into one value, a plain
 * object may hold an array.
 */
function headerValues(headers, name) {
  if (headers === null || headers === undefined) {
    return [];
  }
  if (typeof headers.get === 'function') {
    const value = headers.get(name);
    return value === null ? [] : [value];
  }
  const lower = name.toLowerCase();
  const values = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower && value !== undefined && value !== null) {
      values.push(...(Array.isArray(value) ? value.map(String) : [String(value)]));
    }
  }
  return values;
}

function reject(description) {
  return new TokenRejectedError(description);
}

function base64Url(part, what) {
  if (part === '' || !BASE64URL.test(part) || decodeBase64Url(part) === null) {
    throw reject(`malformed token: the ${what} is not base64url`);
  }
  // Canonical only, as the Java verifier: unused bits of the last character would give one
  // signature several spellings.
  const bytes = decodeBase64UrlStrict(part);
  if (bytes === null) {
    throw reject(`malformed token: the ${what} is not canonical base64url (unused bits set in its last character)`);
  }
  return bytes;
}

function json(part, what) {
  const bytes = base64Url(part, what);
  let node;
  try {
    node = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    node = null;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node) || node instanceof JsonNumber) {
    throw reject(`malformed token: the ${what} is not one JSON object (valid JSON, no repeated members)`);
  }
  return node;
}

function checkHeader(header) {
  for (const name of Object.keys(header)) {
    if (KEY_HEADERS.has(name)) {
      throw reject(`the token carries a key in its header ('${name}'); keys are never taken from the token, only`
        + " from the function's configuration");
    }
  }
  if ('crit' in header) {
    const crit = header.crit;
    if (!Array.isArray(crit) || crit.length === 0) {
      throw reject("malformed token: 'crit' must be a non-empty array");
    }
    throw reject(`critical header parameter ${crit.map((c) => `'${quote(asText(c))}'`).join(', ')} not understood`);
  }
  if ('typ' in header) {
    const typ = header.typ;
    const ok = typeof typ === 'string' && (typ.toLowerCase() === 'jwt' || typ.toLowerCase() === 'application/jwt');
    if (!ok) {
      throw reject(`unexpected typ '${quote(asText(typ))}'; expected JWT`);
    }
  }
}

/** A JSON value as Jackson's `asText()` shows it, so messages match the Java verifier's. */
function asText(value) {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof JsonNumber) {
    return String(value);
  }
  return '';
}

function requiredString(claims, name) {
  const value = claims[name];
  if (value === undefined || value === null) {
    throw reject(`missing claim '${name}'`);
  }
  if (typeof value !== 'string') {
    throw reject(`malformed token: claim '${name}' is not a string`);
  }
  return value;
}

function audience(claims) {
  const value = claims.aud;
  if (value === undefined || value === null) {
    throw reject("missing claim 'aud'");
  }
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value) && value.length > 0) {
    if (value.some((a) => typeof a !== 'string')) {
      throw reject("malformed token: claim 'aud' holds a value that is not a string");
    }
    return [...value];
  }
  throw reject("malformed token: claim 'aud' is neither a string nor a non-empty array of strings");
}

/** A NumericDate claim as nanoseconds since the epoch, exactly (no rounding through a double). */
function requiredTime(claims, name) {
  const value = claims[name];
  if (value === undefined || value === null) {
    throw reject(`missing claim '${name}'`);
  }
  if (!(value instanceof JsonNumber)) {
    throw reject(`malformed token: claim '${name}' is not a number of seconds`);
  }
  const nanos = decimalToNanos(value.text);
  if (nanos === null || nanos < 0n || nanos > MAX_NUMERIC_DATE * NANOS) {
    throw reject(`malformed token: claim '${name}' is out of range`);
  }
  return nanos;
}

/**
 * A JSON number literal as whole nanoseconds, rounded toward negative infinity; null for values so
 * large or small that they are out of range anyway.
 */
function decimalToNanos(text) {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const exponent = Number(match[4] ?? '0');
  const digits = match[2] + (match[3] ?? '');
  const negative = match[1] === '-';
  if (/^0*$/.test(digits)) {
    return 0n;
  }
  if (!Number.isSafeInteger(exponent) || exponent > 400 || exponent < -400) {
    return exponent > 0 ? null : negative ? -1n : 0n; // enormous, or a sliver either side of zero
  }
  const point = match[2].length + exponent; // digits before the decimal point
  // value = 0.digits * 10^point; nanoseconds = digits * 10^(point - digits.length + 9)
  const shift = point - digits.length + 9;
  let nanos;
  if (shift >= 0) {
    nanos = BigInt(digits) * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    nanos = BigInt(digits) / divisor;
    if (negative && BigInt(digits) % divisor !== 0n) {
      nanos += 1n; // floor of a negative value
    }
  }
  return negative ? -nanos : nanos;
}

function seconds(nanos) {
  return Number(nanos / NANOS) + Number(nanos % NANOS) / 1e9;
}

/** An instant as Java's `Instant.toString()` writes it: ISO 8601, fraction in groups of three digits. */
function instant(nanos) {
  const whole = nanos / NANOS;
  const fraction = nanos % NANOS;
  const iso = new Date(Number(whole) * 1000).toISOString().slice(0, 19);
  if (fraction === 0n) {
    return `${iso}Z`;
  }
  let digits = fraction.toString().padStart(9, '0');
  while (digits.endsWith('000')) {
    digits = digits.slice(0, -3);
  }
  return `${iso}.${digits}Z`;
}
